import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { adjustWallet } from '../../domain/billing/adjustments.js';
import { toJsonCents } from '../../domain/money.js';
import { notFound } from '../../errors.js';
import { idempotent, sha256Of, type IdempotencyKey } from '../../lib/idempotency.js';
import { transactionJson } from '../api/billing.present.js';
import { WalletTransaction } from '../api/billing.schemas.js';
import { newRouter } from '../router.js';
import { apiKeySecurity, json, providerErrors } from './schemas.js';

const NewAdjustment = z
  .strictObject({
    amount_cents: z
      .number()
      .int()
      .min(-Number.MAX_SAFE_INTEGER)
      .max(Number.MAX_SAFE_INTEGER)
      .refine((v) => v !== 0, 'Use a positive amount to credit or a negative one to debit')
      .openapi({ description: 'Positive credits the wallet (e.g. a payment you took offline), negative debits it', example: 50_000 }),
    reason: z.string().trim().min(1).max(500).openapi({ description: 'Shown to the buyer as the transaction’s description', example: 'Wire transfer received 2026-11-20' }),
  })
  .openapi('NewAdjustment');

const AdjustmentResult = z
  .object({
    transaction: WalletTransaction,
    balance_cents: z.number().int(),
    held_cents: z.number().int(),
    available_cents: z.number().int(),
  })
  .openapi('AdjustmentResult');

const postAdjustment = createRoute({
  method: 'post',
  path: '/customers/{external_id}/adjustments',
  tags: ['Provider'],
  summary: 'Credit or debit a customer’s wallet by hand, with a reason (needs an Idempotency-Key)',
  description: 'A debit that would take available funds (balance − held) below zero is refused with 409 insufficient_funds (D11).',
  security: apiKeySecurity,
  request: {
    params: z.object({ external_id: z.string().min(1).max(200).openapi({ param: { name: 'external_id', in: 'path' } }) }),
    headers: z.object({ 'idempotency-key': z.string().min(1).max(200) }),
    body: { required: true, content: { 'application/json': { schema: NewAdjustment } } },
  },
  responses: { 201: json(AdjustmentResult, 'The ledger row and the wallet after it'), 400: providerErrors[400], 401: providerErrors[401], 404: providerErrors[404], 409: providerErrors[409] },
});

type Reply = z.infer<typeof AdjustmentResult>;

export const adjustmentRoutes = (deps: Deps) =>
  newRouter().openapi(postAdjustment, async (c) => {
    const scope = c.get('provider');
    const body = c.req.valid('json');
    const customer = await deps.db.selectFrom('customers').select('id').where('provider_id', '=', scope.providerId).where('external_id', '=', c.req.valid('param').external_id).executeTakeFirst();
    if (!customer) throw notFound('Customer');
    const header = c.req.valid('header')['idempotency-key'];
    const key: IdempotencyKey = { providerId: scope.providerId, scope: `adjustments:${customer.id}`, key: header, requestSha256: sha256Of(body) };
    const reply = (entry: Parameters<typeof transactionJson>[0]): Reply => ({
      transaction: transactionJson(entry),
      balance_cents: toJsonCents(entry.balanceAfterCents),
      held_cents: toJsonCents(entry.heldAfterCents),
      available_cents: toJsonCents(entry.balanceAfterCents - entry.heldAfterCents),
    });
    const adjusted = await idempotent(
      deps.db,
      key,
      async (remember) =>
        reply(
          await adjustWallet(
            deps,
            { providerId: scope.providerId, customerId: customer.id },
            { amountCents: BigInt(body.amount_cents), reason: body.reason, idempotencyKey: `${customer.id}:${header}`, apiKeyId: scope.apiKeyId },
            (trx, posted) => remember(trx, reply(posted)),
          ),
        ),
      (stored) => stored as Reply,
    );
    return c.json(adjusted, 201);
  });
