// `npm run fixtures`: records the widgets' API fixtures (D28) as real replies of the real app on a real (PGlite)
// database, each validated against the route's zod schema. Layout: widgets/fixtures/README.md.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { addDailySums } from '../server/domain/daily-sums.js';
import { postToLedger } from '../server/domain/ledger.js';
import { newId } from '../server/lib/ids.js';
import { PERIODS, periodStart } from '../server/domain/periods.js';
import { Bid, BidList, LeadTypeList } from '../server/routes/api/bids.schemas.js';
import { LimitsReply } from '../server/routes/api/limits.js';
import { AccountStatus, Badge, CustomerSummary, ErrorBody, Session, Wallet } from '../server/routes/api/schemas.js';
import { createTestContext, TEST_NOW, type TestContext, type TestProvider } from '../server/test/harness.js';
import { StripeStub } from '../server/test/stripe-stub.js';
import { recordBilling } from './record-billing-fixtures.js';
import { recordLeads } from './record-leads-fixtures.js';
import { recordDashboard } from './record-dashboard-fixtures.js';
import { recordNotifications } from './record-notifications-fixtures.js';
import { recordMarketplace } from './record-marketplace-fixtures.js';
import { recordTeam } from './record-team-fixtures.js';

const OUT = process.env.FIXTURES_DIR ?? 'widgets/fixtures';
const DAY_MS = 86_400_000;

const TIERS = [
  { name: 'Gold', headline: 'Top-tier buyer', brief: '5% off every lead.', description: 'Your return rate is under 5%, so you pay 5% less for every lead you win.', color: '#8a6d00', icon: 'star', lower_bps: 0, upper_bps: 500, effect_kind: 'discount', effect_bps: 500 },
  { name: 'Silver', headline: 'Good standing', brief: 'Bids compete at full strength.', description: 'Your return rate is between 5% and 15%. Your bids compete at their full amount.', color: '#5b6470', icon: 'shield', lower_bps: 500, upper_bps: 1500, effect_kind: 'none', effect_bps: 0 },
  { name: 'Bronze', headline: 'Watch your returns', brief: 'Bids rank 10% lower.', description: 'Your return rate is between 15% and 30%. Your bids rank 10% lower in auctions; you still pay your full bid.', color: '#8c4a1f', icon: 'alert', lower_bps: 1500, upper_bps: 3000, effect_kind: 'penalty', effect_bps: 1000 },
  { name: 'Probation', headline: 'High returns', brief: 'Bids rank lower by your return rate.', description: 'Your return rate is 30% or more. Your bids rank lower by your return rate until it improves.', color: '#a11a1a', icon: 'alert', lower_bps: 3000, upper_bps: null, effect_kind: 'match_return_rate', effect_bps: 0 },
] as const;

const FIELDS = [
  { key: 'first_name', label: 'First name', type: 'string', deliverable: true, preview: false },
  { key: 'phone', label: 'Phone', type: 'string', deliverable: true, preview: false },
  { key: 'zip', label: 'ZIP', type: 'string', deliverable: true, preview: true },
  { key: 'roof_age_years', label: 'Roof age (years)', type: 'number', deliverable: true, preview: true },
  { key: 'property_type', label: 'Property type', type: 'string', deliverable: true, preview: true },
  { key: 'source_campaign', label: 'Source campaign', type: 'string', deliverable: false, preview: false },
];

/** Caps and this period's usage (D14), so limits and bids show usage bars and a capped bid. */
interface CapsScenario {
  customer: { count: number | null; spend_cents: number | null };
  usage: { leads: number; spendCents: bigint };
  /** Caps of the first bid, which this period's usage reaches (the bid shows `capped`). */
  firstBidDailyCount?: number;
}

interface Scenario {
  externalId: string;
  name: string;
  status: 'active' | 'paused' | 'archived';
  timezone: string;
  depositCents: bigint;
  heldCents?: bigint;
  bids: bigint[];
  purchasedCents?: bigint;
  returnedCents?: bigint;
  caps?: CapsScenario;
}

const ACME: Scenario[] = [
  { externalId: 'available', name: 'Roof Pros LLC', status: 'active', timezone: 'America/Chicago', depositCents: 130_000n, heldCents: 5_000n, bids: [4_500n, 2_500n], purchasedCents: 500_000n, returnedCents: 21_000n, caps: { customer: { count: 20, spend_cents: 60_000 }, usage: { leads: 6, spendCents: 27_000n }, firstBidDailyCount: 6 } },
  { externalId: 'limited', name: 'Gutter Kings Inc.', status: 'active', timezone: 'America/Denver', depositCents: 6_000n, bids: [8_000n, 2_000n], purchasedCents: 250_000n, returnedCents: 20_000n },
  { externalId: 'paused', name: 'Sunset Siding Co.', status: 'paused', timezone: 'America/Los_Angeles', depositCents: 30_000n, bids: [3_000n], purchasedCents: 100_000n, returnedCents: 20_000n },
  { externalId: 'exhausted', name: 'Peak Plumbing', status: 'active', timezone: 'America/New_York', depositCents: 1_000n, bids: [3_000n], purchasedCents: 80_000n, returnedCents: 28_000n },
  { externalId: 'archived', name: 'Old Town Roofing', status: 'archived', timezone: 'America/Chicago', depositCents: 0n, bids: [] },
];
const HARBOR: Scenario[] = [{ externalId: 'tiers-off', name: 'Harbor HVAC', status: 'active', timezone: 'America/New_York', depositCents: 42_000n, bids: [2_500n], purchasedCents: 60_000n, returnedCents: 1_500n }];

async function setUpProvider(t: TestContext, name: string, options: { tiers: boolean; selfService: boolean }): Promise<{ provider: TestProvider; leadTypeId: string }> {
  const provider = await t.addProvider(name);
  await t.db
    .updateTable('providers')
    .set({
      support_email: `support@${name.toLowerCase().replace(/\W/g, '')}.example`,
      branding: JSON.stringify({ logo_url: '/demo/acme-logo.svg', appearance: { colorPrimary: '#0b5cad', borderRadius: '8px' } }),
      settings: JSON.stringify({ return_tiers_enabled: options.tiers, self_service_customers: options.selfService, return_rate_window_days: 90 }),
    })
    .where('id', '=', provider.id)
    .execute();
  if (options.tiers) {
    await t.db.insertInto('return_tiers').values(TIERS.map((tier, i) => ({ ...tier, id: newId('tier'), provider_id: provider.id, position: i + 1 }))).execute();
  }
  const categoryId = newId('lcat');
  await t.db.insertInto('lead_categories').values({ id: categoryId, provider_id: provider.id, name: 'Home services', fields: JSON.stringify(FIELDS) }).execute();
  const leadTypeId = newId('lt');
  await t.db.insertInto('lead_types').values({ id: leadTypeId, provider_id: provider.id, category_id: categoryId, name: 'Roofing — replacement', pricing: 'range', min_cents: 1_500n, max_cents: 15_000n, step_cents: 500n }).execute();
  return { provider, leadTypeId };
}

async function addScenario(t: TestContext, provider: TestProvider, leadTypeId: string, s: Scenario) {
  const { id } = await t.addCustomer(provider, s.externalId, { status: s.status, timezone: s.timezone, balanceCents: s.depositCents || undefined });
  await t.db.updateTable('customers').set({ name: s.name }).where('id', '=', id).execute();
  for (const [i, amount] of s.bids.entries()) {
    await t.db
      .insertInto('bids')
      .values({ id: newId('bid'), provider_id: provider.id, customer_id: id, lead_type_id: leadTypeId, name: i === 0 ? 'Roof replacement — Travis County' : 'Roof replacement — Texas', amount_cents: amount, scope_kind: i === 0 ? 'county' : 'state', scope_state: 'TX', scope_county_fips: i === 0 ? '48453' : null, filters: '{}', created_at: new Date(TEST_NOW.getTime() - (10 - i) * DAY_MS) })
      .execute();
  }
  if (s.heldCents) await placeHold(t, provider, leadTypeId, id, s.heldCents);
  if (s.purchasedCents) {
    await t.db.transaction().execute((trx) => addDailySums(trx, id, '2026-11-01', { purchasedCents: s.purchasedCents, purchasedCount: 20, returnedCents: s.returnedCents }));
  }
}

/** A listing buy order's hold (D11): one `buy_order_placed` row, amount 0, hold +X. */
async function placeHold(t: TestContext, provider: TestProvider, leadTypeId: string, customerId: string, cents: bigint) {
  const leadId = newId('lead');
  const listingId = newId('lst');
  const buyOrderId = newId('bo');
  await t.db.insertInto('leads').values({ id: leadId, provider_id: provider.id, lead_type_id: leadTypeId, external_id: `fixture-${leadId}`, fields: '{}', state: 'TX', status: 'listed', created_at: TEST_NOW }).execute();
  await t.db
    .insertInto('marketplace_listings')
    .values({ id: listingId, provider_id: provider.id, lead_id: leadId, lead_type_id: leadTypeId, first_price_cents: 9_000n, step_cents: 500n, interval_seconds: 900, floor_cents: 2_000n, listed_at: TEST_NOW, expires_at: new Date(TEST_NOW.getTime() + DAY_MS) })
    .execute();
  await t.db.insertInto('buy_orders').values({ id: buyOrderId, provider_id: provider.id, customer_id: customerId, listing_id: listingId, max_price_cents: cents }).execute();
  await t.db.transaction().execute((trx) =>
    postToLedger(trx, { providerId: provider.id, customerId }, { kind: 'buy_order_placed', amountCents: 0n, holdDeltaCents: cents, description: 'Buy order placed', buyOrderId }),
  );
}

const GETS: [string, z.ZodType][] = [
  ['session', Session],
  ['wallet', Wallet],
  ['badge', Badge],
  ['account', AccountStatus],
  ['bids', BidList],
  ['lead-types', LeadTypeList],
  ['limits', LimitsReply],
];

/**
 * Caps through the real API, and usage as the auction leaves it: one `cap_usage` row per subject and period
 * (this customer-local day, week and month) for the customer and its first bid.
 */
async function applyCaps(t: TestContext, token: string, s: Scenario, customerId: string) {
  if (!s.caps) return;
  const { customer, usage, firstBidDailyCount } = s.caps;
  const none = { count: null, spend_cents: null };
  const put = async (route: string, body: unknown) => {
    const res = await t.request(`/api/v1/${route}`, { method: 'PUT', token, customer: s.externalId, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`PUT ${route} for ${s.externalId}: ${res.status} ${await res.text()}`);
  };
  await put('limits', { day: customer, week: none, month: { count: customer.count && customer.count * 20, spend_cents: customer.spend_cents && customer.spend_cents * 20 } });
  const firstBid = await t.db.selectFrom('bids').select('id').where('customer_id', '=', customerId).orderBy('created_at').executeTakeFirstOrThrow();
  if (firstBidDailyCount !== undefined) await put(`limits/bids/${firstBid.id}`, { day: { count: firstBidDailyCount, spend_cents: null }, week: none, month: none });
  const rows = ['customer', firstBid.id].flatMap((subject) =>
    PERIODS.map((period) => ({ customer_id: customerId, subject, period, period_start: periodStart(period, TEST_NOW, s.timezone).toString(), lead_count: BigInt(usage.leads), spend_cents: usage.spendCents })),
  );
  await t.db.insertInto('cap_usage').values(rows).execute();
}

async function record(t: TestContext, token: string, customer: string, method: 'GET' | 'POST', route: string, schema: z.ZodType, body?: unknown) {
  const res = await t.request(`/api/v1/${route}`, { method, token, customer, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json();
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`${method} ${route} for ${customer} (${res.status}) does not match its schema: ${parsed.error.message}`);
  const dir = join(OUT, customer);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, method === 'GET' ? `${route}.json` : `${route}.${method.toLowerCase()}.json`), `${JSON.stringify(json, null, 2)}\n`);
  return json;
}

/** A write's reply at `<customer>/<route>.<method>.json`; a 204 leaves an empty file (the transport answers 204). */
async function recordWrite(t: TestContext, token: string, customer: string, method: 'POST' | 'PATCH' | 'DELETE', route: string, schema: z.ZodType | null, body?: unknown) {
  const res = await t.request(`/api/v1/${route}`, { method, token, customer, body: body ? JSON.stringify(body) : undefined, headers: method === 'POST' && route === 'bids' ? { 'Idempotency-Key': `fixture-${customer}` } : undefined });
  const json = res.status === 204 ? null : await res.json();
  if (schema ? !schema.safeParse(json).success : res.status !== 204) throw new Error(`${method} ${route} for ${customer} answered ${res.status} ${JSON.stringify(json)}`);
  const file = join(OUT, customer, `${route}.${method.toLowerCase()}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, json === null ? '' : `${JSON.stringify(json, null, 2)}\n`);
  return json;
}

/**
 * `<lp-bids-manager>`'s writes (after every GET above, so those replies stay as recorded): Gutter Kings (a buyer)
 * creates, edits, pauses, resumes, duplicates, archives and deletes; Roof Pros gets the server's field errors for a county
 * and a ZIP that do not exist; a viewer of Maple Roofing sees a paused and an off-schedule bid; the new customer
 * is refused while bidding is locked behind a minimum deposit.
 */
async function recordBidWrites(t: TestContext, acme: TestProvider, leadTypeId: string, tokens: Map<string, string>, newCustomer: string) {
  const buyer = tokens.get('limited')!;
  const [first, second] = await t.db.selectFrom('bids').innerJoin('customers', 'customers.id', 'bids.customer_id').select('bids.id').where('customers.external_id', '=', 'limited').orderBy('bids.created_at').execute();
  await recordWrite(t, buyer, 'limited', 'POST', 'bids', Bid, {
    name: 'Roof replacement — Austin ZIPs', lead_type_id: leadTypeId, amount_cents: 3_500, scope: { kind: 'state', state: 'TX', county_fips: null },
    filters: { zips: ['78701', '78702'], radius: null, rules: [{ field: 'roof_age_years', op: 'range', min: 10 }] },
    schedule: { timezone: 'America/Denver', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: [{ start: '08:00', end: '18:00' }] },
  });
  await recordWrite(t, buyer, 'limited', 'PATCH', `bids/${second!.id}`, Bid, { amount_cents: 2_500 });
  await recordWrite(t, buyer, 'limited', 'POST', `bids/${second!.id}/pause`, Bid);
  await recordWrite(t, buyer, 'limited', 'POST', `bids/${second!.id}/resume`, Bid);
  await recordWrite(t, buyer, 'limited', 'POST', `bids/${second!.id}/duplicate`, Bid);
  await recordWrite(t, buyer, 'limited', 'POST', `bids/${second!.id}/archive`, Bid);
  await recordWrite(t, buyer, 'limited', 'DELETE', `bids/${first!.id}`, null);

  await recordWrite(t, tokens.get('available')!, 'available', 'POST', 'bids', ErrorBody, {
    name: 'Roof replacement — somewhere', lead_type_id: leadTypeId, amount_cents: 2_000, scope: { kind: 'county', state: 'TX', county_fips: '48999' },
    filters: { zips: ['00000'], radius: null, rules: [] }, schedule: null,
  });

  const { id } = await t.addCustomer(acme, 'read-only', { timezone: 'America/New_York', balanceCents: 50_000n });
  await t.db.updateTable('customers').set({ name: 'Maple Roofing' }).where('id', '=', id).execute();
  const weekends = { timezone: 'America/New_York', weekdays: ['sat', 'sun'], hours: [{ start: '09:00', end: '17:00' }] };
  await t.db.insertInto('bids').values([
    { id: newId('bid'), provider_id: acme.id, customer_id: id, lead_type_id: leadTypeId, name: 'Roofing — Harris County weekends', amount_cents: 3_000n, scope_kind: 'county', scope_state: 'TX', scope_county_fips: '48201', filters: '{}', schedule: JSON.stringify(weekends), created_at: new Date(TEST_NOW.getTime() - 3 * DAY_MS) },
    { id: newId('bid'), provider_id: acme.id, customer_id: id, lead_type_id: leadTypeId, name: 'Roofing — nationwide', amount_cents: 1_500n, scope_kind: 'nationwide', scope_state: null, scope_county_fips: null, filters: '{}', status: 'paused', created_at: new Date(TEST_NOW.getTime() - 2 * DAY_MS) },
  ]).execute();
  const viewer = await t.mintToken(acme, { sub: 'vic', customerIds: ['read-only'], roles: { 'read-only': 'viewer' }, lifetimeSeconds: 3600, extraClaims: { name: 'Vic Viewer', email: 'vic@example.com' } });
  for (const [route, schema] of GETS) await record(t, viewer, 'read-only', 'GET', route, schema);

  // Bidding unlocks after $1,000 of deposits (SPEC "Bids"); the new customer has none. Restored afterwards.
  const { settings } = await t.db.selectFrom('providers').select('settings').where('id', '=', acme.id).executeTakeFirstOrThrow();
  await t.db.updateTable('providers').set({ settings: JSON.stringify({ ...settings, min_lifetime_deposit_cents: 100_000 }) }).where('id', '=', acme.id).execute();
  await recordWrite(t, tokens.get('available')!, newCustomer, 'POST', 'bids', ErrorBody, {
    name: 'First bid', lead_type_id: leadTypeId, amount_cents: 2_000, scope: { kind: 'nationwide', state: null, county_fips: null }, schedule: null,
  });
  await t.db.updateTable('providers').set({ settings: JSON.stringify(settings) }).where('id', '=', acme.id).execute();
}

/**
 * `<lp-bidding-limits>`'s writes (after every GET, so those replies stay as recorded): Roof Pros (an admin) saves
 * its account caps and its first bid's, and changes its timezone (D30); Gutter Kings (a buyer) gets the server's
 * field errors.
 */
async function recordLimitsWrites(t: TestContext, tokens: Map<string, string>) {
  const put = async (customer: string, route: string, schema: z.ZodType, body: unknown) => {
    const res = await t.request(`/api/v1/${route}`, { method: 'PUT', token: tokens.get(customer)!, customer, body: JSON.stringify(body) });
    const json = await res.json();
    if (!schema.safeParse(json).success) throw new Error(`PUT ${route} for ${customer} answered ${res.status} ${JSON.stringify(json)}`);
    const file = join(OUT, customer, `${route}.put.json`);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  };
  const none = { count: null, spend_cents: null };
  await put('available', 'limits', LimitsReply, { day: { count: 25, spend_cents: 75_000 }, week: none, month: { count: 400, spend_cents: 1_200_000 } });
  const firstBid = await t.db.selectFrom('bids').innerJoin('customers', 'customers.id', 'bids.customer_id').select('bids.id').where('customers.external_id', '=', 'available').orderBy('bids.created_at').executeTakeFirstOrThrow();
  await put('available', `limits/bids/${firstBid.id}`, LimitsReply, { day: { count: 8, spend_cents: null }, week: none, month: none });
  await put('available', 'limits/timezone', LimitsReply, { timezone: 'America/New_York' });
  await put('limited', 'limits', ErrorBody, { day: { count: -1, spend_cents: null }, week: { count: null, spend_cents: 12.5 }, month: none });
}

async function main() {
  for (const entry of readdirSync(OUT, { withFileTypes: true })) if (entry.isDirectory()) rmSync(join(OUT, entry.name), { recursive: true });

  // Billing replies go through the real Stripe SDK to the local Stripe-compatible stub (D24).
  const stub = await new StripeStub().start();
  const t = await createTestContext('pglite', { stripeApiUrl: stub.url });
  try {
    const acme = await setUpProvider(t, 'Acme Leads', { tiers: true, selfService: true });
    for (const s of ACME) await addScenario(t, acme.provider, acme.leadTypeId, s);
    const harbor = await setUpProvider(t, 'Harbor Leads', { tiers: false, selfService: false });
    for (const s of HARBOR) await addScenario(t, harbor.provider, harbor.leadTypeId, s);

    const users = [
      { provider: acme.provider, sub: 'dana', name: 'Dana Buyer', customers: ['available', 'limited', 'paused'], roles: { limited: 'buyer' } as const },
      { provider: acme.provider, sub: 'pat', name: 'Pat Lee', customers: ['exhausted'] },
      { provider: acme.provider, sub: 'olive', name: 'Olive Grant', customers: ['archived'] },
      { provider: harbor.provider, sub: 'hank', name: 'Hank Moss', customers: ['tiers-off'] },
    ];
    const tokens = new Map<string, string>();
    for (const u of users) {
      const token = await t.mintToken(u.provider, { sub: u.sub, customerIds: u.customers, roles: 'roles' in u ? u.roles : undefined, lifetimeSeconds: 3600, extraClaims: { name: u.name, email: `${u.sub}@example.com` } });
      for (const customer of u.customers) {
        tokens.set(customer, token);
        const scenario = [...ACME, ...HARBOR].find((s) => s.externalId === customer)!;
        const { id } = await t.db.selectFrom('customers').select('id').where('external_id', '=', customer).where('provider_id', '=', u.provider.id).executeTakeFirstOrThrow();
        await applyCaps(t, token, scenario, id);
        for (const [route, schema] of GETS) await record(t, token, customer, 'GET', route, schema);
      }
    }

    // The account `available` sets up (D3): a real POST, then the new customer's own replies under its external id.
    const created = (await record(t, tokens.get('available')!, 'available', 'POST', 'customers', CustomerSummary, { name: 'Lakeside Windows' })) as { external_id: string };
    for (const [route, schema] of GETS) await record(t, tokens.get('available')!, created.external_id, 'GET', route, schema);
    // A name the user already has: the server's 409 naming the field.
    await record(t, tokens.get('exhausted')!, 'exhausted', 'POST', 'customers', ErrorBody, { name: 'Peak Plumbing' });
    await recordBidWrites(t, acme.provider, acme.leadTypeId, tokens, created.external_id);
    await recordLimitsWrites(t, tokens);
    await recordBilling(t, OUT, stub, acme.provider, tokens);
    await recordLeads(t, OUT, acme.provider, harbor.provider, tokens);
    await recordDashboard(t, OUT, acme.provider, tokens, created.external_id);
    await recordNotifications(t, OUT, acme.provider, tokens);
    await recordMarketplace(t, OUT, acme.provider, acme.leadTypeId, tokens);
    await recordTeam(t, OUT, acme.provider, tokens);
    console.log(`recorded fixtures in ${OUT}/ (new customer: ${created.external_id})`);
  } finally {
    await t.close();
    await stub.stop();
  }
}

await main();
