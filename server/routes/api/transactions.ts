import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { listTransactions, transactionsCsv, type TransactionFilter, type TransactionType } from '../../domain/billing/transactions.js';
import { ApiError } from '../../errors.js';
import { decodeCursor, page } from '../../lib/pagination.js';
import { newRouter } from '../router.js';
import { billingTenant } from './billing.js';
import { transactionJson } from './billing.present.js';
import { TransactionFilterQuery, TransactionList, TransactionQuery } from './billing.schemas.js';
import { bearerSecurity, errorResponses, json } from './schemas.js';

const tags = ['Billing'];

const list = createRoute({
  method: 'get', path: '/transactions', tags, security: bearerSecurity,
  summary: 'The wallet’s ledger, newest first, with the running balance; filter by type and time, keyset pages',
  request: { query: TransactionQuery },
  responses: { 200: json(TransactionList, 'A page of transactions'), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
});
const exportCsv = createRoute({
  method: 'get', path: '/transactions/export', tags, security: bearerSecurity,
  summary: 'The filtered ledger as CSV (RFC 4180), streamed',
  request: { query: TransactionFilterQuery },
  responses: {
    200: { description: 'CSV with a header row', content: { 'text/csv': { schema: z.string() } } },
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

function filterOf(query: z.infer<typeof TransactionFilterQuery>): TransactionFilter {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from >= to) throw new ApiError('invalid_request', 'Some fields are invalid', { to: 'Must be after from' });
  return { types: query.type?.split(',') as TransactionType[] | undefined, from, to };
}

export const transactionRoutes = ({ db }: Deps) =>
  newRouter()
    .openapi(list, async (c) => {
      const query = c.req.valid('query');
      const after = decodeCursor(query.cursor, 1);
      if (after && !/^\d{1,19}$/.test(String(after[0]))) throw new ApiError('invalid_request', 'Invalid cursor', { cursor: 'Not a cursor this API issued' });
      const rows = await listTransactions(db, billingTenant(c), filterOf(query), { beforeSeq: after ? String(after[0]) : null, limit: query.limit + 1 });
      const { items, next_cursor } = page(rows, query.limit, (t) => [t.seq]);
      return c.json({ items: items.map(transactionJson), next_cursor }, 200);
    })
    .openapi(exportCsv, async (c) => {
      const tenant = billingTenant(c);
      const filter = filterOf(c.req.valid('query'));
      const { currency } = await db.selectFrom('wallets').select('currency').where('customer_id', '=', tenant.customerId).executeTakeFirstOrThrow();
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="transactions.csv"');
      c.header('Cache-Control', 'no-store');
      return c.body(transactionsCsv(db, tenant, filter, currency), 200);
    });
