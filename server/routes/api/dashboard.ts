import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.js';
import { PERIODS } from '../../domain/periods.js';
import { ACTIVITY_DAYS, readDashboard, type Dashboard } from '../../domain/dashboard.js';
import { readGettingStarted, setGettingStartedDismissed, type GettingStarted, type StepKey } from '../../domain/getting-started.js';
import { leadTypeFields } from '../../domain/leads/fields.js';
import { listPurchasedLeads } from '../../domain/leads/list.js';
import { toJsonCents } from '../../domain/money.js';
import type { AppEnv } from '../../http/env.js';
import { newRouter } from '../router.js';
import { leadSummary } from './leads.present.js';
import { LeadSummary } from './leads.schemas.js';
import { presentSubject, SubjectLimitsReply } from './limits.js';
import { bearerSecurity, errorResponses, FundingStatus, json } from './schemas.js';

const RECENT_LEADS = 5;

const PeriodTotal = z.object({ start: z.string().openapi({ description: 'First local day of the period', example: '2026-11-23' }), lead_count: z.number().int(), spend_cents: z.number().int() });

export const GettingStartedReply = z
  .object({
    visible: z.boolean().openapi({ description: 'False once every step is done or the user dismissed it' }),
    complete: z.boolean(),
    dismissed: z.boolean(),
    steps: z.array(
      z.object({
        key: z.enum(['payment_method', 'bid', 'notifications', 'limits']),
        done: z.boolean(),
        section: z.enum(['billing', 'bids', 'notifications', 'limits']).openapi({ description: 'The /app section (lp-navigate) that does this step' }),
      }),
    ),
  })
  .openapi('GettingStarted');

export const DashboardReply = z
  .object({
    timezone: z.string(),
    server_time: z.string(),
    recent_leads: z.array(LeadSummary),
    totals: z.object({ today: PeriodTotal, week: PeriodTotal, month: PeriodTotal }).openapi({ description: 'Leads bought and spend, in the customer’s timezone (week from Monday)' }),
    per_day: z.array(z.object({ date: z.string(), lead_count: z.number().int(), spend_cents: z.number().int(), returned_cents: z.number().int() })).openapi({ description: 'The last 30 local days, oldest first' }),
    bid_activity: z.object({
      since: z.string(),
      days: z.number().int(),
      won: z.number().int(),
      losses: z.object({ outbid: z.number().int(), capped: z.number().int(), wallet: z.number().int(), filters: z.number().int(), schedule: z.number().int(), paused: z.number().int() }),
    }),
    funding: z.object({
      status: FundingStatus,
      balance_cents: z.number().int(),
      available_cents: z.number().int(),
      spend_last_7_days_cents: z.number().int(),
      runway_days: z.number().int().nullable().openapi({ description: 'Days the available funds last at the last 7 days’ spend; null without spend' }),
    }),
    caps: z.object({ customer: SubjectLimitsReply, bids: z.array(z.object({ bid_id: z.string(), name: z.string(), limits: SubjectLimitsReply })).openapi({ description: 'Bids with at least one cap' }) }),
    getting_started: GettingStartedReply,
  })
  .openapi('Dashboard');

const getDashboard = createRoute({
  method: 'get', path: '/dashboard', tags: ['Dashboard'], security: bearerSecurity,
  summary: 'Recent leads, spend and lead counts, bid activity, funding runway, caps usage, 30-day chart, getting started',
  responses: { 200: json(DashboardReply, 'The dashboard'), 401: errorResponses[401] },
});
const putGettingStarted = createRoute({
  method: 'put', path: '/dashboard/getting-started', tags: ['Dashboard'], security: bearerSecurity,
  summary: 'Dismiss (or bring back) the getting-started checklist, for this user and customer',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ dismissed: z.boolean() }).strict().openapi('GettingStartedUpdate') } } } },
  responses: { 200: json(GettingStartedReply, 'The checklist'), 400: errorResponses[400], 401: errorResponses[401] },
});

const sections: Record<StepKey, 'billing' | 'bids' | 'notifications' | 'limits'> = { payment_method: 'billing', bid: 'bids', notifications: 'notifications', limits: 'limits' };

const gettingStartedJson = (g: GettingStarted) => ({ ...g, steps: g.steps.map((s) => ({ ...s, section: sections[s.key] })) });

const hasCap = (limits: Dashboard['limits']['customer']) => PERIODS.some((p) => limits[p].count !== null || limits[p].spendCents !== null);

function present(d: Dashboard, now: Date) {
  const total = (p: Dashboard['totals']['day']) => ({ start: p.start, lead_count: p.leadCount, spend_cents: toJsonCents(p.spendCents) });
  const count = (n: bigint) => toJsonCents(n);
  return {
    timezone: d.timezone,
    server_time: now.toISOString(),
    totals: { today: total(d.totals.day), week: total(d.totals.week), month: total(d.totals.month) },
    per_day: d.perDay.map((day) => ({ date: day.day, lead_count: day.leadCount, spend_cents: toJsonCents(day.spendCents), returned_cents: toJsonCents(day.returnedCents) })),
    bid_activity: {
      since: d.activity.since,
      days: ACTIVITY_DAYS,
      won: count(d.activity.won),
      losses: Object.fromEntries(Object.entries(d.activity.losses).map(([reason, n]) => [reason, count(n)])) as Record<keyof Dashboard['activity']['losses'], number>,
    },
    funding: {
      status: d.wallet.funding.status,
      balance_cents: toJsonCents(d.wallet.balanceCents),
      available_cents: toJsonCents(d.wallet.availableCents),
      spend_last_7_days_cents: toJsonCents(d.runway.spendCents),
      runway_days: d.runway.days,
    },
    caps: {
      customer: presentSubject(d.limits.customer),
      bids: d.limits.bids.filter((b) => hasCap(b.limits)).map((b) => ({ bid_id: b.bidId, name: b.name, limits: presentSubject(b.limits) })),
    },
  };
}

export const dashboardRoutes = ({ db, clock }: Deps) => {
  const who = (c: Context<AppEnv>) => {
    const { providerId, customer, userId } = c.get('scope');
    return { tenant: { providerId, customerId: customer.id }, timezone: customer.timezone, userId };
  };
  return newRouter()
    .openapi(getDashboard, async (c) => {
      const { tenant, timezone, userId } = who(c);
      const types = await leadTypeFields(db, tenant.providerId);
      const [dashboard, recent, gettingStarted] = await Promise.all([
        readDashboard(db, tenant, clock),
        listPurchasedLeads(db, { tenant, timezone, types, filter: {}, sort: { by: 'purchased_at', order: 'desc' } }, { after: null, limit: RECENT_LEADS }),
        readGettingStarted(db, tenant, userId),
      ]);
      return c.json(
        { ...present(dashboard, clock.now()), recent_leads: recent.slice(0, RECENT_LEADS).map((lead) => leadSummary(lead, types)), getting_started: gettingStartedJson(gettingStarted) },
        200,
      );
    })
    .openapi(putGettingStarted, async (c) => {
      const { tenant, userId } = who(c);
      await setGettingStartedDismissed(db, tenant, userId, c.req.valid('json').dismissed);
      return c.json(gettingStartedJson(await readGettingStarted(db, tenant, userId)), 200);
    });
};
