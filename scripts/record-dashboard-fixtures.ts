// Dashboard fixtures for `<lp-dashboard>` (issue 4), recorded by `npm run fixtures` after every other module, so the
// purchases, caps and outcome counters added here change no reply recorded before them. Each customer folder gets
// `dashboard.json`; Roof Pros (`available`) also the reply to dismissing its getting-started checklist.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { OutcomeRecorder, type Outcome } from '../server/domain/auction/outcomes.js';
import { addDailySums } from '../server/domain/daily-sums.js';
import { localDate } from '../server/domain/local-time.js';
import { DashboardReply, GettingStartedReply } from '../server/routes/api/dashboard.js';
import { TEST_NOW, type TestContext, type TestProvider } from '../server/test/harness.js';

const DAYS = 30;

/**
 * Leads bought per local day over the last 30 days, oldest first: weekdays busier than weekends, a few days with
 * none (the chart shows them as zero), and today's count matching the caps usage `record-fixtures.ts` sets (6).
 */
const SHAPE = [3, 4, 0, 5, 6, 2, 1, 4, 5, 7, 0, 6, 3, 1, 2, 5, 8, 6, 4, 0, 2, 6, 7, 9, 5, 3, 0, 4, 8, 6];

/** Per customer: how many leads of SHAPE a day it buys (as a share), and at what price. */
const SPREAD: Record<string, { share: number; priceCents: bigint }> = {
  available: { share: 1, priceCents: 4_500n },
  limited: { share: 0.5, priceCents: 2_000n },
  paused: { share: 0.4, priceCents: 3_000n },
  exhausted: { share: 0.3, priceCents: 3_000n },
  'tiers-off': { share: 0.6, priceCents: 2_500n },
};

/** Bid outcomes of the last days (D17), counted by the auction's own recorder: wins and each loss reason. */
const OUTCOMES: Record<string, Partial<Record<Outcome, number>>> = {
  available: { won: 31, outbid: 12, capped: 4, schedule: 3 },
  limited: { won: 9, outbid: 7, wallet: 11, filters: 2 },
};

async function save(t: TestContext, out: string, token: string, customer: string, method: 'GET' | 'PUT', route: string, schema: z.ZodType, body?: unknown) {
  const res = await t.request(`/api/v1/${route}`, { method, token, customer, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (res.status !== 200 || !schema.safeParse(json).success) throw new Error(`${method} ${route} for ${customer} answered ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
  const file = join(out, customer, method === 'GET' ? `${route}.json` : `${route}.${method.toLowerCase()}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

/** Purchases spread over the last 30 days as the purchase transaction counts them (per-day sums, D17). */
async function spreadPurchases(t: TestContext, customerId: string, timezone: string, { share, priceCents }: (typeof SPREAD)[string]) {
  const today = localDate(TEST_NOW, timezone);
  await t.db.transaction().execute(async (trx) => {
    for (const [i, base] of SHAPE.entries()) {
      const count = i === DAYS - 1 && share === 1 ? base : Math.round(base * share);
      if (count === 0) continue;
      const day = today.subtract({ days: DAYS - 1 - i }).toString();
      await addDailySums(trx, customerId, day, { purchasedCents: priceCents * BigInt(count), purchasedCount: count });
    }
  });
}

async function recordOutcomes(t: TestContext, customerId: string, timezone: string, outcomes: Partial<Record<Outcome, number>>) {
  const bids = await t.db.selectFrom('bids').select('id').where('customer_id', '=', customerId).orderBy('created_at').execute();
  const recorder = new OutcomeRecorder(t.db, t.deps.logger);
  const today = localDate(TEST_NOW, timezone);
  for (const [outcome, n] of Object.entries(outcomes) as [Outcome, number][]) {
    // Spread over the last week and the customer's bids, as a week of auctions would leave them.
    for (let i = 0; i < n; i++) recorder.record(bids[i % bids.length]!.id, today.subtract({ days: i % 7 }).toString(), outcome);
  }
  await recorder.close();
}

/**
 * Records `dashboard.json` for every customer folder: purchases spread over 30 days where the scenario buys leads
 * (`archived` and the new customer have none: the empty state), a week of bid outcomes for `available` and
 * `limited`, a reached daily cap on `available`'s first bid, then the checklist dismissal of `available`'s admin
 * (`dashboard/getting-started.put.json`).
 */
export async function recordDashboard(t: TestContext, out: string, acme: TestProvider, tokens: Map<string, string>, newCustomer: string) {
  const customers = await t.db.selectFrom('customers').select(['id', 'external_id', 'timezone']).execute();
  for (const c of customers) {
    const spread = SPREAD[c.external_id];
    if (spread) await spreadPurchases(t, c.id, c.timezone, spread);
    const outcomes = OUTCOMES[c.external_id];
    if (outcomes) await recordOutcomes(t, c.id, c.timezone, outcomes);
  }
  // Roof Pros' first bid back at its recorded usage (6 leads today): a cap the dashboard shows as reached.
  const firstBid = await t.db.selectFrom('bids').innerJoin('customers', 'customers.id', 'bids.customer_id').select('bids.id').where('customers.external_id', '=', 'available').orderBy('bids.created_at').executeTakeFirstOrThrow();
  const none = { count: null, spend_cents: null };
  const capped = await t.request(`/api/v1/limits/bids/${firstBid.id}`, { method: 'PUT', token: tokens.get('available')!, customer: 'available', body: JSON.stringify({ day: { count: 6, spend_cents: null }, week: none, month: none }) });
  if (capped.status !== 200) throw new Error(`PUT limits/bids for available answered ${capped.status}`);
  const viewer = await t.mintToken(acme, { sub: 'vic', customerIds: ['read-only'], roles: { 'read-only': 'viewer' }, lifetimeSeconds: 3600 });
  const readers = [...tokens, ['read-only', viewer] as const, [newCustomer, tokens.get('available')!] as const];
  for (const [customer, token] of readers) await save(t, out, token, customer, 'GET', 'dashboard', DashboardReply);
  await save(t, out, tokens.get('available')!, 'available', 'PUT', 'dashboard/getting-started', GettingStartedReply, { dismissed: true });
}
