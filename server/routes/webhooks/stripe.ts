import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Deps } from '../../deps.js';
import { applyStripeEvent } from '../../domain/billing/stripe-events.js';
import { ApiError } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { stripeAccount } from '../../payments/accounts.js';
import type { Stripe } from '../../payments/stripe-client.js';

/**
 * Stripe's webhook endpoint, one per provider (`/webhooks/stripe/<provider id>`, shown by GET /provider/v1/stripe).
 * The raw body is verified with `stripe.webhooks.constructEvent` against that provider's signing secret: a bad or
 * stale signature is a 400 and writes nothing. Processing is one short transaction, idempotent by event id.
 */
export const stripeWebhookRoutes = (deps: Deps) =>
  new Hono<AppEnv>().post(
    '/stripe/:providerId',
    bodyLimit({ maxSize: 512 * 1024, onError: () => { throw new ApiError('invalid_request', 'Webhook body too large'); } }),
    async (c) => {
      const providerId = c.req.param('providerId');
      const account = await stripeAccount(deps, providerId);
      if (!account) throw new ApiError('payments_not_configured', 'Card payments are not set up for this provider');
      const payload = await c.req.text();
      let event: Stripe.Event;
      try {
        event = account.stripe.webhooks.constructEvent(payload, c.req.header('Stripe-Signature') ?? '', account.webhookSecret, undefined, undefined, deps.clock.now().getTime());
      } catch {
        throw new ApiError('invalid_request', 'The Stripe-Signature header does not match this body');
      }
      await applyStripeEvent(deps, providerId, event);
      return c.json({ received: true }, 200);
    },
  );
