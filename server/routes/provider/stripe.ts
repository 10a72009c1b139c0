import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { forgetStripeAccount } from '../../domain/billing/payment-methods.js';
import { deleteStripeKeys, readStripeKeys, saveStripeKeys } from '../../payments/accounts.js';
import { newRouter } from '../router.js';
import { auditProviderChange } from './audit.js';
import { apiKeySecurity, json, providerErrors } from './schemas.js';

/** The events the webhook endpoint handles; subscribe the Stripe endpoint to these. */
const STRIPE_WEBHOOK_EVENTS = [
  'payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.requires_action', 'payment_intent.canceled',
  'charge.succeeded', 'payment_method.attached', 'payment_method.detached',
];

const StripeKeysInput = z
  .strictObject({
    secret_key: z.string().regex(/^(sk|rk)_(test|live)_\w{8,}$/, 'Use a secret (sk_…) or restricted (rk_…) key'),
    publishable_key: z.string().regex(/^pk_(test|live)_\w{8,}$/, 'Use a publishable key (pk_…)'),
    webhook_secret: z.string().regex(/^whsec_\w{8,}$/, 'Use the endpoint’s signing secret (whsec_…)'),
  })
  .refine((keys) => keys.secret_key.split('_')[1] === keys.publishable_key.split('_')[1], { message: 'Both keys must be test keys or both live keys', path: ['publishable_key'] })
  .openapi('StripeKeys', { description: 'Stored encrypted (D6); the secret key and webhook secret are never returned' });

const StripeStatus = z
  .object({
    configured: z.boolean(),
    mode: z.enum(['test', 'live']).nullable(),
    publishable_key: z.string().nullable(),
    secret_key_last4: z.string().nullable(),
    webhook_url: z.string().openapi({ description: 'Add this endpoint in your Stripe Dashboard' }),
    webhook_events: z.array(z.string()).openapi({ description: 'Subscribe the endpoint to these events' }),
  })
  .openapi('StripeStatus');

const tags = ['Provider'];
const getStripe = createRoute({
  method: 'get', path: '/stripe', tags, security: apiKeySecurity, summary: 'Whether card payments are set up, and the webhook endpoint to register at Stripe',
  responses: { 200: json(StripeStatus, 'The Stripe set-up'), 401: providerErrors[401] },
});
const putStripe = createRoute({
  method: 'put', path: '/stripe', tags, security: apiKeySecurity,
  summary: 'Set your Stripe account: secret key, publishable key and webhook signing secret (another account forgets saved cards)',
  request: { body: { required: true, content: { 'application/json': { schema: StripeKeysInput } } } },
  responses: { 200: json(StripeStatus, 'The Stripe set-up'), 400: providerErrors[400], 401: providerErrors[401] },
});
const deleteStripe = createRoute({
  method: 'delete', path: '/stripe', tags, security: apiKeySecurity, summary: 'Turn card payments off (manual credits keep working)',
  responses: { 200: json(StripeStatus, 'The Stripe set-up'), 401: providerErrors[401] },
});

export const stripeRoutes = ({ db, config, clock }: Deps) => {
  const status = async (providerId: string) => {
    const keys = await readStripeKeys(db, config.secretKey, providerId);
    return {
      configured: keys !== null,
      mode: keys ? (keys.publishableKey.startsWith('pk_live_') ? ('live' as const) : ('test' as const)) : null,
      publishable_key: keys?.publishableKey ?? null,
      secret_key_last4: keys?.secretKey.slice(-4) ?? null,
      webhook_url: `${config.publicUrl}/webhooks/stripe/${providerId}`,
      webhook_events: STRIPE_WEBHOOK_EVENTS,
    };
  };
  return newRouter()
    .openapi(getStripe, async (c) => c.json(await status(c.get('provider').providerId), 200))
    .openapi(putStripe, async (c) => {
      const scope = c.get('provider');
      const input = c.req.valid('json');
      const before = await readStripeKeys(db, config.secretKey, scope.providerId);
      // A publishable key names one account and mode: customers and cards of another account are unusable here.
      const accountChanged = before !== null && before.publishableKey !== input.publishable_key;
      await db.transaction().execute(async (trx) => {
        await saveStripeKeys(trx, config.secretKey, scope.providerId, { secretKey: input.secret_key, publishableKey: input.publishable_key, webhookSecret: input.webhook_secret }, clock.now());
        if (accountChanged) await forgetStripeAccount(trx, scope.providerId, clock.now());
        await auditProviderChange(trx, scope, { action: 'provider.stripe_updated', subjectType: 'provider', subjectId: scope.providerId, details: { publishable_key: input.publishable_key, account_changed: accountChanged } });
      });
      return c.json(await status(scope.providerId), 200);
    })
    .openapi(deleteStripe, async (c) => {
      const scope = c.get('provider');
      await db.transaction().execute(async (trx) => {
        await deleteStripeKeys(trx, scope.providerId);
        await auditProviderChange(trx, scope, { action: 'provider.stripe_removed', subjectType: 'provider', subjectId: scope.providerId });
      });
      return c.json(await status(scope.providerId), 200);
    });
};
