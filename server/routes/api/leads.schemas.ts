import { z } from '@hono/zod-openapi';
import { Temporal } from 'temporal-polyfill';
import { pageQuery } from '../../lib/pagination.js';

/** Request and reply shapes of the leads, returns and export API (SPEC "Leads", "Returns", D20, D29). */

const LocalDate = z
  .string()
  .refine((v) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
    try {
      Temporal.PlainDate.from(v, { overflow: 'reject' });
      return true;
    } catch {
      return false;
    }
  }, 'Use a date such as 2026-11-26')
  .openapi({ example: '2026-11-01' });

const filterFields = {
    from: LocalDate.optional().openapi({ description: 'First purchase day, in the customer’s timezone (inclusive)' }),
    to: LocalDate.optional().openapi({ description: 'Last purchase day, in the customer’s timezone (inclusive)' }),
    lead_type_id: z.string().min(1).max(100).optional(),
    bid_id: z.string().min(1).max(100).optional(),
    return_status: z.enum(['none', 'pending', 'approved', 'denied']).optional().openapi({ description: '`none`: never returned' }),
    state: z.string().regex(/^[A-Za-z]{2}$/, 'Use a state code such as TX').toUpperCase().optional(),
    county_fips: z.string().regex(/^\d{5}$/, 'Use a 5-digit county FIPS code').optional(),
    q: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: 'An email (exact), a phone number (exact, any format) or the start of a first or last name' }),
    sort: z.enum(['purchased_at', 'price']).default('purchased_at'),
    order: z.enum(['desc', 'asc']).default('desc'),
};

const dateOrder = { path: ['to'], message: 'Must be on or after from' };
const inOrder = (f: { from?: string; to?: string }) => !f.from || !f.to || f.from <= f.to;

export const LeadExportQuery = z.object(filterFields).refine(inOrder, dateOrder);
export const LeadListQuery = z.object({ ...filterFields, ...pageQuery.shape }).refine(inOrder, dateOrder);

export const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const LeadColumn = z
  .object({ key: z.string(), label: z.string(), type: z.enum(['string', 'number', 'boolean', 'date']) })
  .openapi('LeadColumn', { description: 'A deliverable field (D20)' });

export const LeadReturn = z
  .object({
    id: z.string().openapi({ example: 'ret_01jd3m8v2qf1z5x9k7w4n6p0rt' }),
    status: z.enum(['pending', 'approved', 'denied']),
    reason_code: z.string(),
    note: z.string(),
    requested_at: z.string(),
    decided_at: z.string().nullable(),
    decision_note: z.string().nullable(),
  })
  .openapi('LeadReturn');

export const LeadSource = z
  .object({
    kind: z.enum(['bid', 'marketplace', 'buy_order', 'standing_order']),
    bid: z.object({ id: z.string(), name: z.string() }).nullable(),
    listing_id: z.string().nullable(),
    buy_order_id: z.string().nullable(),
    standing_order_id: z.string().nullable(),
  })
  .openapi('LeadSource');

const leadCore = {
  id: z.string().openapi({ example: 'lead_01jd3m8v2qf1z5x9k7w4n6p0rt' }),
  purchase_id: z.string(),
  purchased_at: z.string(),
  price_cents: z.number().int(),
  status: z.enum(['assigned', 'returned']),
  lead_type: z.object({ id: z.string(), name: z.string() }),
  source: LeadSource,
  state: z.string().nullable(),
  county_fips: z.string().nullable(),
  county: z.string().nullable().openapi({ example: 'Travis County' }),
  return: z.union([LeadReturn, z.null()]),
};

export const LeadSummary = z
  .object({ ...leadCore, fields: z.record(z.string(), FieldValue).openapi({ description: 'Deliverable fields by key (D20)' }) })
  .openapi('LeadSummary');

export const LeadList = z
  .object({
    items: z.array(LeadSummary),
    next_cursor: z.string().nullable(),
    columns: z.array(LeadColumn).openapi({ description: 'Every deliverable field of the provider’s lead types, for a column chooser' }),
  })
  .openapi('LeadList');

export const ReturnEligibility = z
  .object({
    allowed: z.boolean(),
    refusal: z.enum(['returns_disabled', 'customer_archived', 'already_requested', 'window_closed', 'return_rate_capped']).nullable(),
    message: z.string().nullable(),
    deadline: z.string().nullable().openapi({ description: 'Last moment a return may be requested' }),
    window_days: z.number().int(),
    reasons: z.array(z.string()),
    policy_url: z.string().nullable(),
  })
  .openapi('ReturnEligibility');

const at = z.string();
export const TimelineEntry = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('purchased'), at, price_cents: z.number().int() }),
    z.object({
      kind: z.literal('notification'),
      at,
      event: z.string().openapi({ example: 'lead.purchased' }),
      channel: z.enum(['email', 'sms', 'webhook']).nullable(),
      recipient: z.string().nullable(),
      status: z.enum(['queued', 'pending', 'sending', 'sent', 'failed', 'dead']),
      attempts: z.number().int(),
    }),
    z.object({ kind: z.literal('return_requested'), at, reason_code: z.string(), note: z.string() }),
    z.object({ kind: z.enum(['return_approved', 'return_denied']), at, note: z.string().nullable() }),
  ])
  .openapi('LeadTimelineEntry');

export const LeadDetail = z
  .object({
    ...leadCore,
    fields: z.array(LeadColumn.extend({ value: FieldValue })).openapi({ description: 'Deliverable fields in the category’s order (D20)' }),
    timeline: z.array(TimelineEntry),
    return_eligibility: ReturnEligibility,
  })
  .openapi('LeadDetail');

export const LeadIdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });

export const NewReturn = z
  .object({
    reason_code: z.string().trim().min(1, 'Pick a reason').max(100),
    note: z.string().trim().max(1000, 'Use at most 1,000 characters').default(''),
  })
  .openapi('NewReturn');
