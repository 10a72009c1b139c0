import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { readLimits, setBidCaps, setCustomerCaps, type CapSet, type Limits, type SubjectLimits } from '../../domain/caps.js';
import { changeTimezone } from '../../domain/customers.js';
import { toJsonCents } from '../../domain/money.js';
import { newRouter } from '../router.js';
import { bearerSecurity, errorResponses, json } from './schemas.js';

const capValue = (unit: string) =>
  z
    .number({ error: `Enter a whole number of ${unit}, or null for no cap` })
    .int(`Enter a whole number of ${unit}`)
    .min(0, 'Enter 0 or more')
    .max(Number.MAX_SAFE_INTEGER, 'This number is too large')
    .nullable();

const PeriodCapsInput = z.object({ count: capValue('leads'), spend_cents: capValue('cents') }).strict();

export const CapsInput = z
  .object({ day: PeriodCapsInput, week: PeriodCapsInput, month: PeriodCapsInput })
  .strict()
  .openapi('CapsInput', { description: 'Every period’s count and spend cap; null removes a cap.' });

const Usage = z.object({ cap: z.number().int().nullable(), used: z.number().int() });

const PeriodLimit = z
  .object({ start: z.string().openapi({ description: 'Start of the period in the customer’s timezone, as an instant' }), end: z.string(), count: Usage, spend_cents: Usage })
  .openapi('PeriodLimit');

export const SubjectLimitsReply = z.object({ day: PeriodLimit, week: PeriodLimit, month: PeriodLimit }).openapi('SubjectLimits');

export const LimitsReply = z
  .object({
    timezone: z.string().openapi({ description: 'The customer’s IANA timezone in effect now', example: 'America/Chicago' }),
    timezone_change: z
      .object({ timezone: z.string(), at: z.string().openapi({ description: 'The local midnight it takes effect at, as an instant' }) })
      .nullable()
      .openapi({ description: 'A timezone change waiting for the next local midnight (D30)' }),
    customer: SubjectLimitsReply,
    bids: z.array(z.object({ bid_id: z.string(), name: z.string(), limits: SubjectLimitsReply })),
    server_time: z.string(),
  })
  .openapi('Limits');

const getLimits = createRoute({
  method: 'get',
  path: '/limits',
  tags: ['Portal'],
  summary: 'Daily, weekly and monthly caps of the customer and of each bid, with this period’s usage',
  security: bearerSecurity,
  responses: { 200: json(LimitsReply, 'Caps and usage'), 401: errorResponses[401], 404: errorResponses[404] },
});

const putCustomerLimits = createRoute({
  method: 'put',
  path: '/limits',
  tags: ['Portal'],
  summary: 'Replace the customer-wide caps',
  security: bearerSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: CapsInput } } } },
  responses: { 200: json(LimitsReply, 'Caps and usage after the change'), ...errorResponses },
});

const putBidLimits = createRoute({
  method: 'put',
  path: '/limits/bids/{bidId}',
  tags: ['Portal'],
  summary: 'Replace one bid’s caps',
  security: bearerSecurity,
  request: {
    params: z.object({ bidId: z.string().min(1).max(100) }),
    body: { required: true, content: { 'application/json': { schema: CapsInput } } },
  },
  responses: { 200: json(LimitsReply, 'Caps and usage after the change'), ...errorResponses },
});

export const TimezoneInput = z
  .object({ timezone: z.string().min(1, 'Choose a timezone').max(100).openapi({ example: 'America/New_York' }) })
  .strict()
  .openapi('TimezoneInput');

const putTimezone = createRoute({
  method: 'put',
  path: '/limits/timezone',
  tags: ['Portal'],
  summary: 'Change the customer’s timezone (admins); it takes effect at the next local midnight',
  description:
    'Open week and month periods keep their start and end at the next boundary computed in the new zone (D30). Sending the zone in effect cancels a pending change.',
  security: bearerSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: TimezoneInput } } } },
  responses: { 200: json(LimitsReply, 'Caps and usage with the pending change'), ...errorResponses },
});

const toCapSet = (input: z.infer<typeof CapsInput>): CapSet => {
  const period = ({ count, spend_cents }: z.infer<typeof PeriodCapsInput>) => ({
    count: count === null ? null : BigInt(count),
    spendCents: spend_cents === null ? null : BigInt(spend_cents),
  });
  return { day: period(input.day), week: period(input.week), month: period(input.month) };
};

export const presentSubject = (limits: SubjectLimits) => {
  const period = (p: SubjectLimits['day']) => ({
    start: p.start.toISOString(),
    end: p.end.toISOString(),
    count: { cap: p.count === null ? null : toJsonCents(p.count), used: toJsonCents(p.usedCount) },
    spend_cents: { cap: p.spendCents === null ? null : toJsonCents(p.spendCents), used: toJsonCents(p.usedSpendCents) },
  });
  return { day: period(limits.day), week: period(limits.week), month: period(limits.month) };
};

const present = (limits: Limits, now: Date) => ({
  timezone: limits.timezone,
  timezone_change: limits.timezoneChange && { timezone: limits.timezoneChange.timezone, at: limits.timezoneChange.at.toISOString() },
  customer: presentSubject(limits.customer),
  bids: limits.bids.map((bid) => ({ bid_id: bid.bidId, name: bid.name, limits: presentSubject(bid.limits) })),
  server_time: now.toISOString(),
});

export const limitsRoutes = (deps: Deps) => {
  const { db, clock } = deps;
  return newRouter()
    .openapi(getLimits, async (c) => {
      const { providerId, customer } = c.get('scope');
      return c.json(present(await readLimits(db, { providerId, customerId: customer.id }, clock), clock.now()), 200);
    })
    .openapi(putCustomerLimits, async (c) => {
      const { providerId, customer, userId } = c.get('scope');
      const tenant = { providerId, customerId: customer.id };
      await setCustomerCaps(deps, tenant, userId, toCapSet(c.req.valid('json')));
      return c.json(present(await readLimits(db, tenant, clock), clock.now()), 200);
    })
    .openapi(putBidLimits, async (c) => {
      const { providerId, customer, userId } = c.get('scope');
      const tenant = { providerId, customerId: customer.id };
      await setBidCaps(deps, tenant, userId, c.req.valid('param').bidId, toCapSet(c.req.valid('json')));
      return c.json(present(await readLimits(db, tenant, clock), clock.now()), 200);
    })
    .openapi(putTimezone, async (c) => {
      const { providerId, customer, userId } = c.get('scope');
      const tenant = { providerId, customerId: customer.id };
      await changeTimezone(deps, tenant, userId, c.req.valid('json').timezone);
      return c.json(present(await readLimits(db, tenant, clock), clock.now()), 200);
    });
};
