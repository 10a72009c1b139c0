import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { addFunds } from '../../domain/billing/deposits.js';
import { findPayment } from '../../domain/billing/payments.js';
import { perCustomerLimit } from '../../http/rate-limit.js';
import { newRouter } from '../router.js';
import { billingTenant, billingWriteErrors, PAYMENT_ATTEMPTS_PER_MINUTE } from './billing.js';
import { paymentJson } from './billing.present.js';
import { IdempotencyHeader, NewDeposit, Payment, PaymentIdParam } from './billing.schemas.js';
import { bearerSecurity, ErrorBody, errorResponses, json } from './schemas.js';

const tags = ['Billing'];

const createDeposit = () => createRoute({
  method: 'post', path: '/deposits', tags, security: bearerSecurity,
  middleware: [perCustomerLimit(PAYMENT_ATTEMPTS_PER_MINUTE)] as const,
  summary: 'Add funds: charge a saved card the amount plus the fee; the wallet is credited when Stripe confirms the payment',
  description:
    'Needs an Idempotency-Key. The reply is the payment: `processing` (charged; the wallet follows with a wallet.updated event), '
    + '`requires_action` (finish 3-D Secure with `client_secret` in Stripe.js, e.g. handleNextAction), or `failed` with Stripe’s message.',
  request: { headers: IdempotencyHeader, body: { required: true, content: { 'application/json': { schema: NewDeposit } } } },
  responses: { 201: json(Payment, 'The payment'), ...billingWriteErrors, 429: json(ErrorBody, 'Too many payment attempts this minute') },
});
const read = createRoute({
  method: 'get', path: '/deposits/{id}', tags, security: bearerSecurity, summary: 'A payment (deposit or auto-recharge), to follow its status',
  request: { params: PaymentIdParam },
  responses: { 200: json(Payment, 'The payment'), 401: errorResponses[401], 404: errorResponses[404] },
});

export const depositRoutes = (deps: Deps) =>
  newRouter()
    .openapi(createDeposit(), async (c) => {
      const body = c.req.valid('json');
      const started = await addFunds(deps, billingTenant(c), {
        amountCents: BigInt(body.amount_cents),
        paymentMethodId: body.payment_method_id,
        idempotencyKey: c.req.valid('header')['idempotency-key'],
      });
      return c.json(paymentJson(started.payment, started.clientSecret), 201);
    })
    .openapi(read, async (c) => c.json(paymentJson(await findPayment(deps.db, billingTenant(c), c.req.valid('param').id)), 200));
