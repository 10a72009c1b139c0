import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { listCards, removeCard, saveConfirmedCard, setDefaultCard, startCardSetup } from '../../domain/billing/payment-methods.js';
import { perCustomerLimit } from '../../http/rate-limit.js';
import { newRouter } from '../router.js';
import { billingTenant, billingWriteErrors, PAYMENT_ATTEMPTS_PER_MINUTE } from './billing.js';
import { cardJson } from './billing.present.js';
import { CardSetup, PaymentMethod, PaymentMethodIdParam, PaymentMethodList, SaveCard } from './billing.schemas.js';
import { bearerSecurity, ErrorBody, errorResponses, json } from './schemas.js';

const tags = ['Billing'];

const list = createRoute({
  method: 'get', path: '/payment-methods', tags, security: bearerSecurity, summary: 'Saved cards (brand, last 4, expiry), the default first',
  responses: { 200: json(PaymentMethodList, 'The cards'), 401: errorResponses[401], 404: errorResponses[404] },
});
const setupCard = () => createRoute({
  method: 'post', path: '/payment-methods/setup-intent', tags, security: bearerSecurity,
  middleware: [perCustomerLimit(PAYMENT_ATTEMPTS_PER_MINUTE)] as const,
  summary: 'Start adding a card: a SetupIntent client secret for the Stripe Payment Element',
  responses: { 201: json(CardSetup, 'Confirm it with Stripe.js, then POST /payment-methods'), ...billingWriteErrors, 429: json(ErrorBody, 'Too many attempts this minute') },
});
const save = createRoute({
  method: 'post', path: '/payment-methods', tags, security: bearerSecurity,
  summary: 'Save the card of a confirmed SetupIntent (the first card becomes the default; saving twice returns the same card)',
  request: { body: { required: true, content: { 'application/json': { schema: SaveCard } } } },
  responses: { 200: json(PaymentMethod, 'The saved card'), ...billingWriteErrors },
});
const makeDefault = createRoute({
  method: 'post', path: '/payment-methods/{id}/default', tags, security: bearerSecurity, summary: 'Make a card the default',
  request: { params: PaymentMethodIdParam },
  responses: { 200: json(PaymentMethod, 'The new default card'), ...billingWriteErrors },
});
const remove = createRoute({
  method: 'delete', path: '/payment-methods/{id}', tags, security: bearerSecurity,
  summary: 'Remove a card (detached at Stripe); the newest other card becomes the default if this one was',
  request: { params: PaymentMethodIdParam },
  responses: { 204: { description: 'Removed' }, ...billingWriteErrors },
});

export const paymentMethodRoutes = (deps: Deps) =>
  newRouter()
    .openapi(list, async (c) => c.json({ items: (await listCards(deps.db, billingTenant(c))).map(cardJson) }, 200))
    .openapi(setupCard(), async (c) => {
      const started = await startCardSetup(deps, billingTenant(c));
      return c.json({ setup_intent_id: started.setupIntentId, client_secret: started.clientSecret, publishable_key: started.publishableKey }, 201);
    })
    .openapi(save, async (c) => c.json(cardJson(await saveConfirmedCard(deps, billingTenant(c), c.req.valid('json').setup_intent_id)), 200))
    .openapi(makeDefault, async (c) => c.json(cardJson(await setDefaultCard(deps.db, billingTenant(c), c.req.valid('param').id)), 200))
    .openapi(remove, async (c) => {
      await removeCard(deps, billingTenant(c), c.req.valid('param').id);
      return c.body(null, 204);
    });
