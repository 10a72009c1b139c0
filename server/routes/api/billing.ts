import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.js';
import { readAutoRecharge, saveAutoRecharge } from '../../domain/billing/auto-recharge.js';
import { defaultCard } from '../../domain/billing/payment-methods.js';
import { depositRules } from '../../domain/billing/rules.js';
import { toJsonCents } from '../../domain/money.js';
import type { AppEnv } from '../../http/env.js';
import { stripeAccount } from '../../payments/accounts.js';
import { newRouter } from '../router.js';
import { autoRechargeJson } from './billing.present.js';
import { AutoRecharge, AutoRechargeUpdate, BillingConfig } from './billing.schemas.js';
import { bearerSecurity, ErrorBody, errorResponses, json } from './schemas.js';

const tags = ['Billing'];
export const billingWriteErrors = {
  ...errorResponses,
  409: json(ErrorBody, 'payments_not_configured (the provider has no Stripe keys), adding_cards_disabled, an archived account, or a reused Idempotency-Key'),
} as const;

/** Per customer and minute on card routes: a card-testing guard far above what a buyer adding funds needs. */
export const PAYMENT_ATTEMPTS_PER_MINUTE = 30;

/** The buyer's tenant for billing: provider and customer from the verified token, never the body. */
export const billingTenant = (c: Context<AppEnv>) => {
  const { providerId, userId, customer } = c.get('scope');
  return { providerId, customerId: customer.id, status: customer.status, userId };
};

const getBilling = createRoute({
  method: 'get', path: '/billing', tags, security: bearerSecurity,
  summary: 'Everything the billing panel needs to start: Stripe publishable key, deposit bounds, fee, presets, default card, auto-recharge',
  responses: { 200: json(BillingConfig, 'The billing settings'), 401: errorResponses[401], 404: errorResponses[404] },
});
const getAutoRecharge = createRoute({
  method: 'get', path: '/auto-recharge', tags, security: bearerSecurity, summary: 'Auto-recharge settings, with the fee each recharge adds',
  responses: { 200: json(AutoRecharge, 'The settings'), 401: errorResponses[401], 404: errorResponses[404] },
});
const putAutoRecharge = createRoute({
  method: 'put', path: '/auto-recharge', tags, security: bearerSecurity,
  summary: 'Set auto-recharge: when available funds drop below the threshold, charge the amount (plus fee) to the card (default if null)',
  request: { body: { required: true, content: { 'application/json': { schema: AutoRechargeUpdate } } } },
  responses: { 200: json(AutoRecharge, 'The saved settings'), ...billingWriteErrors },
});

export const billingRoutes = (deps: Deps) =>
  newRouter()
    .openapi(getBilling, async (c) => {
      const tenant = billingTenant(c);
      const [account, rules, card, autoRecharge] = await Promise.all([
        stripeAccount(deps, tenant.providerId),
        depositRules(deps.db, tenant.providerId),
        defaultCard(deps.db, tenant),
        readAutoRecharge(deps.db, tenant),
      ]);
      return c.json(
        {
          payments_configured: account !== null,
          publishable_key: account?.publishableKey ?? null,
          currency: rules.currency,
          min_deposit_cents: toJsonCents(rules.minCents),
          max_deposit_cents: toJsonCents(rules.maxCents),
          deposit_fee_bps: rules.feeBps,
          presets_cents: rules.presetsCents.map(toJsonCents),
          can_add_cards: rules.canAddCards,
          default_payment_method_id: card?.id ?? null,
          auto_recharge: autoRechargeJson(autoRecharge),
        },
        200,
      );
    })
    .openapi(getAutoRecharge, async (c) => c.json(autoRechargeJson(await readAutoRecharge(deps.db, billingTenant(c))), 200))
    .openapi(putAutoRecharge, async (c) => {
      const body: z.infer<typeof AutoRechargeUpdate> = c.req.valid('json');
      const saved = await saveAutoRecharge(deps, billingTenant(c), {
        enabled: body.enabled,
        thresholdCents: BigInt(body.threshold_cents),
        amountCents: BigInt(body.amount_cents),
        paymentMethodId: body.payment_method_id,
      });
      return c.json(autoRechargeJson(saved), 200);
    });
