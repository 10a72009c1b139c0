import { z } from '@hono/zod-openapi';
import { WEEKDAYS } from '../../domain/bid-types.js';

/** Request and reply shapes of the bid profiles API (SPEC "Bids", D15, D16). */

const ZipCode = z.string().regex(/^\d{5}$/, 'Use a 5-digit ZIP code');
const TimeOfDay = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Use HH:MM between 00:00 and 24:00');

export const BidScope = z
  .object({
    kind: z.enum(['county', 'state', 'nationwide']),
    state: z.string().toUpperCase().nullable().default(null).openapi({ example: 'TX' }),
    county_fips: z.string().nullable().default(null).openapi({ example: '48201' }),
  })
  .openapi('BidScope');

const FieldRule = z
  .discriminatedUnion('op', [
    z.object({ field: z.string().min(1), op: z.literal('eq'), value: z.union([z.string(), z.number(), z.boolean()]) }),
    z.object({ field: z.string().min(1), op: z.literal('in'), values: z.array(z.union([z.string(), z.number()])).min(1, 'List at least one value').max(100) }),
    z
      .object({ field: z.string().min(1), op: z.literal('range'), min: z.number().optional(), max: z.number().optional() })
      .refine((r) => r.min !== undefined || r.max !== undefined, { message: 'Give a min, a max or both', path: ['min'] }),
    z.object({ field: z.string().min(1), op: z.literal('exists') }),
  ])
  .openapi('BidFieldRule');

export const BidFilters = z
  .object({
    zips: z.array(ZipCode).max(1000).default([]),
    radius: z.object({ zip: ZipCode, miles: z.number().int().min(1, 'Use 1 to 500 miles').max(500, 'Use 1 to 500 miles') }).nullable().default(null),
    rules: z.array(FieldRule).max(50).default([]),
  })
  .openapi('BidFilters');

export const BidSchedule = z
  .object({
    timezone: z.string().min(1).openapi({ example: 'America/Chicago' }),
    weekdays: z.array(z.enum(WEEKDAYS)).min(1, 'Pick at least one weekday'),
    hours: z.array(z.object({ start: TimeOfDay, end: TimeOfDay })).min(1, 'Add at least one hour range').max(24),
  })
  .openapi('BidSchedule');

const bidFields = {
  name: z.string().trim().min(1, 'Enter a name').max(200, 'Use at most 200 characters'),
  lead_type_id: z.string().min(1),
  amount_cents: z.number().int('Use whole cents').positive('Bid more than 0'),
  scope: BidScope,
  filters: BidFilters.default({ zips: [], radius: null, rules: [] }),
  schedule: BidSchedule.nullable().default(null).openapi({ description: 'null: always' }),
};

export const NewBid = z.object(bidFields).openapi('NewBid');

export const BidChanges = z
  .object({
    name: bidFields.name.optional(),
    lead_type_id: bidFields.lead_type_id.optional(),
    amount_cents: bidFields.amount_cents.optional(),
    scope: BidScope.optional(),
    filters: BidFilters.optional(),
    schedule: BidSchedule.nullable().optional(),
  })
  .openapi('BidChanges');

export const NotCompetingReason = z
  .enum(['wallet', 'schedule', 'customer_paused', 'customer_archived', 'bidding_disabled', 'paused', 'archived', 'capped'])
  .openapi('NotCompetingReason');

export const Bid = z
  .object({
    id: z.string().openapi({ example: 'bid_01jd3m8v2qf1z5x9k7w4n6p0rt' }),
    name: z.string(),
    lead_type_id: z.string(),
    amount_cents: z.number().int(),
    scope: z.object({
      kind: z.enum(['county', 'state', 'nationwide']),
      state: z.string().nullable(),
      county_fips: z.string().nullable(),
      county_name: z.string().nullable().openapi({ description: 'The county’s name for display, e.g. Travis County', example: 'Travis County' }),
    }),
    filters: BidFilters,
    schedule: BidSchedule.nullable(),
    status: z.enum(['active', 'paused', 'archived']),
    position: z.number().int().openapi({ description: '1 = highest among overlapping active bids of this lead type (D15)' }),
    competing: z.boolean(),
    not_competing_reason: NotCompetingReason.nullable(),
    today: z.object({ wins: z.number().int(), spend_cents: z.number().int() }).openapi({ description: 'Leads this bid won today (customer-local day) and what they cost' }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Bid');

const Losses = z.object({ outbid: z.number().int(), capped: z.number().int(), wallet: z.number().int(), filters: z.number().int(), schedule: z.number().int(), paused: z.number().int() });
const PeriodActivity = z.object({ wins: z.number().int(), spend_cents: z.number().int(), losses: Losses }).openapi('BidPeriodActivity');

export const BidActivity = z
  .object({ bid_id: z.string(), timezone: z.string(), day: PeriodActivity, week: PeriodActivity, month: PeriodActivity, server_time: z.string() })
  .openapi('BidActivity', { description: 'Wins, spend and losses by reason (D16) this day, week and month in the customer’s timezone' });

export const BidList = z.object({ items: z.array(Bid), next_cursor: z.string().nullable() }).openapi('BidList');

export const BidIdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

export const LeadTypeOption = z
  .object({
    id: z.string(),
    name: z.string(),
    pricing: z.enum(['fixed', 'range']),
    price_cents: z.number().int().nullable(),
    min_cents: z.number().int().nullable(),
    max_cents: z.number().int().nullable(),
    step_cents: z.number().int().nullable(),
    fields: z.array(z.object({ key: z.string(), label: z.string(), type: z.enum(['string', 'number', 'boolean', 'date']) })),
  })
  .openapi('LeadTypeOption');

export const LeadTypeList = z.object({ items: z.array(LeadTypeOption) }).openapi('LeadTypeList');
