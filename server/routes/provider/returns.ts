import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { decideReturn, type Decision } from '../../domain/returns/decisions.js';
import { findReturn, listReturns, type QueuedReturn } from '../../domain/returns/queue.js';
import { toJsonCents } from '../../domain/money.js';
import { notFound } from '../../errors.js';
import { decodeTimeCursor, page, pageQuery } from '../../lib/pagination.js';
import { newRouter } from '../router.js';
import { apiKeySecurity, json, providerErrors } from './schemas.js';

const tags = ['Provider'];

const ProviderReturn = z
  .object({
    id: z.string().openapi({ example: 'ret_01jd3m8v2qf1z5x9k7w4n6p0rt' }),
    status: z.enum(['pending', 'approved', 'denied']),
    reason_code: z.string(),
    note: z.string(),
    requested_at: z.string(),
    decided_at: z.string().nullable(),
    decision_note: z.string().nullable(),
    refund_cents: z.number().int().openapi({ description: 'The purchase price, credited to the wallet on approval' }),
    customer: z.object({ id: z.string(), external_id: z.string(), name: z.string() }),
    lead: z.object({ id: z.string(), external_id: z.string().openapi({ description: 'Your id for the lead' }), lead_type: z.string(), purchased_at: z.string() }),
  })
  .openapi('ProviderReturn');

const ReturnIdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });
const DecisionBody = z.strictObject({ note: z.string().trim().max(1000).optional().openapi({ description: 'Shown to the buyer' }) }).openapi('ReturnDecision');

const list = createRoute({
  method: 'get', path: '/returns', tags, security: apiKeySecurity,
  summary: 'Return requests, oldest first (`?status=pending` for the ones waiting on you)',
  request: { query: z.object({ status: z.enum(['pending', 'approved', 'denied']).optional(), ...pageQuery.shape }) },
  responses: { 200: json(z.object({ items: z.array(ProviderReturn), next_cursor: z.string().nullable() }).openapi('ProviderReturnList'), 'A page of returns'), 400: providerErrors[400], 401: providerErrors[401] },
});
const decision = (verb: 'approve' | 'deny', summary: string) =>
  createRoute({
    method: 'post', path: `/returns/{id}/${verb}`, tags, security: apiKeySecurity, summary,
    request: { params: ReturnIdParam, body: { required: false, content: { 'application/json': { schema: DecisionBody } } } },
    responses: { 200: json(ProviderReturn, 'The decided return (the same reply again for a repeated call)'), ...providerErrors },
  });
const approve = decision('approve', 'Approve a return: refunds the purchase price to the buyer’s wallet and updates its return rate');
const deny = decision('deny', 'Deny a return: the buyer keeps the lead and its charge');

const present = (r: QueuedReturn) => ({
  id: r.id,
  status: r.status,
  reason_code: r.reason_code,
  note: r.note,
  requested_at: r.created_at.toISOString(),
  decided_at: r.decided_at?.toISOString() ?? null,
  decision_note: r.decision_note,
  refund_cents: toJsonCents(r.price_cents),
  customer: { id: r.customer_id, external_id: r.customer_external_id, name: r.customer_name },
  lead: { id: r.lead_id, external_id: r.lead_external_id, lead_type: r.lead_type, purchased_at: r.purchased_at.toISOString() },
});

export const returnRoutes = (deps: Deps) => {
  const { db } = deps;
  const decide = async (providerId: string, apiKeyId: string, id: string, verdict: Decision, note: string | undefined) => {
    await decideReturn(deps, providerId, id, verdict, note ?? null, { kind: 'provider_api', apiKeyId });
    const row = await findReturn(db, providerId, id);
    if (!row) throw notFound('Return');
    return present(row);
  };
  return newRouter()
    .openapi(list, async (c) => {
      const { status, cursor, limit } = c.req.valid('query');
      const after = decodeTimeCursor(cursor);
      const rows = await listReturns(db, c.get('provider').providerId, { status, after, limit });
      const { items, next_cursor } = page(rows, limit, (r) => [r.created_key, r.id]);
      return c.json({ items: items.map(present), next_cursor }, 200);
    })
    .openapi(approve, async (c) => {
      const { providerId, apiKeyId } = c.get('provider');
      return c.json(await decide(providerId, apiKeyId, c.req.valid('param').id, 'approved', c.req.valid('json').note), 200);
    })
    .openapi(deny, async (c) => {
      const { providerId, apiKeyId } = c.get('provider');
      return c.json(await decide(providerId, apiKeyId, c.req.valid('param').id, 'denied', c.req.valid('json').note), 200);
    });
};
