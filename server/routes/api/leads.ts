import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.js';
import { fieldColumns, leadTypeFields, type LeadTypeFields } from '../../domain/leads/fields.js';
import { findPurchasedLead, listPurchasedLeads, type After, type LeadQuery } from '../../domain/leads/list.js';
import { parseSearch } from '../../domain/leads/search.js';
import { leadTimeline } from '../../domain/leads/timeline.js';
import { readReturnPolicy, returnEligibility } from '../../domain/returns/policy.js';
import { requestReturn } from '../../domain/returns/requests.js';
import { ApiError, notFound } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { decodeCursor, encodeCursor } from '../../lib/pagination.js';
import { newRouter } from '../router.js';
import { exportLeadsCsv } from './leads.export.js';
import { leadDetail, leadSummary, returnRowJson } from './leads.present.js';
import { LeadDetail, LeadExportQuery, LeadIdParam, LeadList, LeadListQuery, LeadReturn, NewReturn } from './leads.schemas.js';
import { bearerSecurity, ErrorBody, errorResponses, json } from './schemas.js';

const tags = ['Leads'];

const list = createRoute({
  method: 'get', path: '/leads', tags, security: bearerSecurity,
  summary: 'The customer’s purchased leads: filters, search by name, email or phone, sort, keyset pages',
  request: { query: LeadListQuery },
  responses: { 200: json(LeadList, 'A page of leads'), 400: errorResponses[400], 401: errorResponses[401] },
});
const exportCsv = createRoute({
  method: 'get', path: '/leads/export.csv', tags, security: bearerSecurity,
  summary: 'Every lead matching the filter as CSV, streamed (deliverable fields only; formula-safe cells)',
  request: { query: LeadExportQuery },
  responses: {
    200: { description: 'RFC 4180 CSV, named leads-<customer-local date>.csv', content: { 'text/csv': { schema: z.string() } } },
    400: errorResponses[400],
    401: errorResponses[401],
  },
});
const read = createRoute({
  method: 'get', path: '/leads/{id}', tags, security: bearerSecurity,
  summary: 'One purchased lead: deliverable fields, price, source, timeline and whether it can be returned',
  request: { params: LeadIdParam },
  responses: { 200: json(LeadDetail, 'The lead'), 401: errorResponses[401], 404: errorResponses[404] },
});
const requestReturnRoute = createRoute({
  method: 'post', path: '/leads/{id}/return', tags, security: bearerSecurity,
  summary: 'Ask the provider to take a lead back (once per lead; a repeat of the same request returns the first)',
  request: { params: LeadIdParam, body: { required: true, content: { 'application/json': { schema: NewReturn } } } },
  responses: {
    201: json(LeadReturn, 'The return request (pending, or approved when the provider approves automatically)'),
    ...errorResponses,
    409: json(ErrorBody, 'Returns are off (returns_disabled), the window has closed (return_window_closed), the return-rate cap would be passed (return_rate_capped), or another return exists (conflict)'),
  },
});

type Filter = z.infer<typeof LeadExportQuery>;

const invalidCursor = (why = 'Not a cursor this API issued') => new ApiError('invalid_request', 'Invalid cursor', { cursor: why });

/** The cursor carries its sort so a page of another order is refused instead of silently skipping rows. */
function afterOf(cursor: string | undefined, sort: LeadQuery['sort']): After | null {
  const key = decodeCursor(cursor, 4);
  if (!key) return null;
  const [by, order, value, id] = key;
  if (by !== sort.by || order !== sort.order) throw invalidCursor('This cursor belongs to another sort order');
  if (typeof value !== 'string' || typeof id !== 'string') throw invalidCursor();
  if (sort.by === 'price' ? !/^\d{1,18}$/.test(value) : Number.isNaN(Date.parse(value))) throw invalidCursor();
  return [value, id];
}

export const leadRoutes = (deps: Deps) => {
  const { db, clock } = deps;
  const tenantOf = (c: Context<AppEnv>) => {
    const { providerId, customer } = c.get('scope');
    return { providerId, customerId: customer.id };
  };
  const queryOf = (c: Context<AppEnv>, types: Map<string, LeadTypeFields>, f: Filter): LeadQuery => {
    parseSearch(f.q); // a bad search is a 400 before anything is read or streamed
    return {
      tenant: tenantOf(c),
      timezone: c.get('scope').customer.timezone,
      types,
      sort: { by: f.sort, order: f.order },
      filter: { from: f.from, to: f.to, leadTypeId: f.lead_type_id, bidId: f.bid_id, returnStatus: f.return_status, state: f.state, countyFips: f.county_fips, q: f.q },
    };
  };

  return newRouter()
    .openapi(list, async (c) => {
      const input = c.req.valid('query');
      const types = await leadTypeFields(db, c.get('scope').providerId);
      const query = queryOf(c, types, input);
      const rows = await listPurchasedLeads(db, query, { after: afterOf(input.cursor, query.sort), limit: input.limit });
      const items = rows.slice(0, input.limit);
      const last = items[items.length - 1];
      const next_cursor = rows.length > input.limit && last ? encodeCursor([input.sort, input.order, ...last.after]) : null;
      return c.json({ items: items.map((lead) => leadSummary(lead, types)), next_cursor, columns: fieldColumns(types.values()) }, 200);
    })
    // Before /leads/{id}, which would otherwise take "export.csv" for a lead id.
    .openapi(exportCsv, async (c) => {
      const types = await leadTypeFields(db, c.get('scope').providerId);
      return exportLeadsCsv(deps, c, queryOf(c, types, c.req.valid('query')));
    })
    .openapi(read, async (c) => {
      const { customer } = c.get('scope');
      const tenant = tenantOf(c);
      const types = await leadTypeFields(db, tenant.providerId);
      const lead = await findPurchasedLead(db, { tenant, timezone: customer.timezone }, c.req.valid('param').id);
      if (!lead) throw notFound('Lead');
      const policy = await readReturnPolicy(db, tenant.providerId);
      const [timeline, eligibility] = await Promise.all([
        leadTimeline(db, tenant, lead),
        returnEligibility(db, { ...tenant, timezone: customer.timezone, status: customer.status }, { priceCents: lead.priceCents, purchasedAt: lead.purchasedAt, hasReturn: lead.return !== null }, policy, clock),
      ]);
      return c.json(leadDetail(lead, types, timeline, eligibility, policy), 200);
    })
    .openapi(requestReturnRoute, async (c) => {
      const { customer, userId } = c.get('scope');
      const body = c.req.valid('json');
      const actor = { ...tenantOf(c), userId, timezone: customer.timezone, status: customer.status };
      const row = await requestReturn(deps, actor, c.req.valid('param').id, { reasonCode: body.reason_code, note: body.note });
      return c.json(returnRowJson(row), 201);
    });
};
