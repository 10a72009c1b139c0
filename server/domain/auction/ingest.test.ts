import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortalEvent } from '../../lib/events.js';
import { addAuctionBid, postLead, TEXAS_LEAD } from '../../test/auction-fixtures.js';
import { targets } from '../../test/databases.js';
import { addLeadType, setProviderSettings } from '../../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';
import { setBidCaps, type CapSet } from '../caps.js';

const noCaps = (): CapSet => ({ day: { count: null, spendCents: null }, week: { count: null, spendCents: null }, month: { count: null, spendCents: null } });
const TRAVIS = { kind: 'county' as const, state: 'TX', countyFips: '48453' };
const TEXAS = { kind: 'state' as const, state: 'TX', countyFips: null };
const OHIO = { kind: 'state' as const, state: 'OH', countyFips: null };

describe.each(targets)('lead ingest and auction (%s)', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let leadTypeId: string;
  let events: PortalEvent[];

  beforeEach(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    leadTypeId = await addLeadType(t.db, acme.id, { name: 'Auto', fields: [{ key: 'age', label: 'Age', type: 'number', deliverable: true, preview: false }] });
    events = [];
    t.deps.events.subscribe((e) => events.push(e));
  });
  afterEach(() => t?.close());

  const buyer = async (name: string, balanceCents = 100_000n) => {
    const c = await t.addCustomer(acme, name, { balanceCents });
    return { ...c, tenant: { providerId: acme.id, customerId: c.id } };
  };
  const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

  it('normalises the lead, and a repeated external_id returns the first result without a second auction', async () => {
    const a = await buyer('a');
    const bidId = await addAuctionBid(t, a.tenant, leadTypeId, { amountCents: 2_000n });
    const first = await postLead(t, acme, 'Auto', TEXAS_LEAD, 'ext-1');
    expect(first).toEqual({ status: 200, body: { lead_id: expect.any(String), status: 'assigned', winners: [{ customer_id: 'a', bid_id: bidId, price_cents: 2_000 }] } });
    const again = await postLead(t, acme, leadTypeId, TEXAS_LEAD, 'ext-1');
    expect(again).toEqual(first);
    const lead = await t.db.selectFrom('leads').selectAll().where('id', '=', first.body.lead_id).executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ state: 'TX', county_fips: '48453', zip: '78701', email_lower: 'jo@example.com', phone_e164: '+15125550100', name_lower: 'jo smith', sold_count: 1, status: 'assigned' });
    expect(await t.db.selectFrom('purchases').select('id').execute()).toHaveLength(1);
  });

  it('answers a repeat 409 lead_in_progress while the first auction runs, and the purchases once a stale one died', async () => {
    const a = await buyer('a');
    await addAuctionBid(t, a.tenant, leadTypeId, { amountCents: 2_000n });
    // The state an ingest leaves mid-auction: the lead row exists and is still `new`.
    await t.db.insertInto('leads').values({ id: 'lead_running', provider_id: acme.id, lead_type_id: leadTypeId, external_id: 'ext-running', fields: '{}', created_at: t.clock.now() }).execute();
    const running = await postLead(t, acme, 'Auto', TEXAS_LEAD, 'ext-running');
    expect(running).toMatchObject({ status: 409, body: { error: { code: 'lead_in_progress' } } });
    expect(await t.db.selectFrom('purchases').select('id').execute()).toHaveLength(0);

    t.clock.advance(5 * 60_000);
    expect(await postLead(t, acme, 'Auto', TEXAS_LEAD, 'ext-running')).toEqual({ status: 200, body: { lead_id: 'lead_running', status: 'unsold', winners: [] } });
  });

  it('answers 400 naming the bad fields', async () => {
    const bad = await postLead(t, acme, 'Nope', { state: 'XX', phone: '12', email: 'nope', zip: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toMatchObject({ lead_type: expect.any(String) });
    const fields = await postLead(t, acme, 'Auto', { state: 'XX', phone: '12', email: 'nope', zip: 'abc' });
    expect(fields.status).toBe(400);
    expect(Object.keys(fields.body.error.fields).sort()).toEqual(['fields.email', 'fields.phone', 'fields.state', 'fields.zip']);
    const county = await postLead(t, acme, 'Auto', { state: 'TX', county: 'Atlantis' });
    expect(county.body.error.fields).toEqual({ 'fields.county': expect.any(String) });
    const missing = await t.request('/provider/v1/leads', { method: 'POST', headers: { Authorization: `Bearer ${acme.apiKey}` }, body: JSON.stringify({ lead_type: 'Auto', fields: {} }) });
    expect(missing.status).toBe(400);
  });

  it('gives the lead to the highest bid, ties to the earliest, and debits the wallet with balance_after', async () => {
    const [a, b, c] = [await buyer('a'), await buyer('b'), await buyer('c')];
    await addAuctionBid(t, a.tenant, leadTypeId, { amountCents: 3_000n, createdAt: at(2) });
    const early = await addAuctionBid(t, b.tenant, leadTypeId, { amountCents: 3_000n, createdAt: at(1) });
    await addAuctionBid(t, c.tenant, leadTypeId, { amountCents: 2_000n });
    const { body } = await postLead(t, acme, 'Auto');
    expect(body.winners).toEqual([{ customer_id: 'b', bid_id: early, price_cents: 3_000 }]);
    const entry = await t.db.selectFrom('ledger_entries').selectAll().where('customer_id', '=', b.id).where('kind', '=', 'lead_assigned').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ amount_cents: '-3000', balance_after_cents: '97000' });
    const wallet = await t.db.selectFrom('wallets').select('balance_cents').where('customer_id', '=', b.id).executeTakeFirstOrThrow();
    expect(wallet.balance_cents).toBe('97000');
    const outbox = await t.db.selectFrom('notification_outbox').selectAll().executeTakeFirstOrThrow();
    expect(outbox).toMatchObject({ customer_id: b.id, kind: 'lead.purchased', dedupe_key: `lead.purchased:${entry.purchase_id}` });
    expect(events.map((e) => [e.type, e.customerId])).toEqual([['lead.purchased', b.id], ['wallet.updated', b.id]]);
    const result = await t.db.selectFrom('auction_results').selectAll().where('lead_id', '=', body.lead_id).executeTakeFirstOrThrow();
    expect(result.top_amounts_cents.map(String)).toEqual(['3000', '3000', '2000']);
    expect(JSON.stringify(result.winners)).not.toContain(b.id);
  });

  it('keeps the top 5 ranking amounts only', async () => {
    for (let i = 0; i < 7; i++) await addAuctionBid(t, (await buyer(`c${i}`)).tenant, leadTypeId, { amountCents: BigInt(2_000 + i * 100) });
    const { body } = await postLead(t, acme, 'Auto');
    const result = await t.db.selectFrom('auction_results').selectAll().where('lead_id', '=', body.lead_id).executeTakeFirstOrThrow();
    expect(result.top_amounts_cents.map(String)).toEqual(['2600', '2500', '2400', '2300', '2200']);
  });

  describe('tiers', () => {
    async function tiers(effect: { kind: 'penalty' | 'discount' | 'match_return_rate'; bps: number }) {
      await setProviderSettings(t.db, acme.id, { return_tiers_enabled: true });
      await t.db
        .insertInto('return_tiers')
        .values([
          { id: 'tier_low', provider_id: acme.id, position: 0, name: 'Good', lower_bps: 0, upper_bps: 1_000 },
          { id: 'tier_high', provider_id: acme.id, position: 1, name: 'Risky', lower_bps: 1_000, upper_bps: null, effect_kind: effect.kind, effect_bps: effect.bps },
        ])
        .execute();
    }
    /** A customer with a 20% return rate (2,000 bps) in the window. */
    async function returner(name: string) {
      const c = await buyer(name);
      await t.db.insertInto('customer_daily_sums').values({ customer_id: c.id, day: '2026-11-20', purchased_cents: 10_000n, purchased_count: 1, returned_cents: 2_000n }).execute();
      return c;
    }

    it('a penalty reorders the ranking but the winner pays its full amount', async () => {
      await tiers({ kind: 'penalty', bps: 2_500 });
      const risky = await returner('risky');
      const good = await buyer('good');
      await addAuctionBid(t, risky.tenant, leadTypeId, { amountCents: 3_000n });
      await addAuctionBid(t, good.tenant, leadTypeId, { amountCents: 2_500n });
      expect((await postLead(t, acme, 'Auto')).body.winners).toMatchObject([{ customer_id: 'good', price_cents: 2_500 }]);
      await t.db.updateTable('bids').set({ amount_cents: 4_000n }).where('customer_id', '=', risky.id).execute();
      expect((await postLead(t, acme, 'Auto')).body.winners).toMatchObject([{ customer_id: 'risky', price_cents: 4_000 }]);
    });

    it('a discount lowers the price paid', async () => {
      await tiers({ kind: 'discount', bps: 1_000 });
      const risky = await returner('risky');
      await addAuctionBid(t, risky.tenant, leadTypeId, { amountCents: 2_005n });
      expect((await postLead(t, acme, 'Auto')).body.winners).toMatchObject([{ customer_id: 'risky', price_cents: 1_804 }]);
    });

    it('match_return_rate penalises by the return rate itself', async () => {
      await tiers({ kind: 'match_return_rate', bps: 0 });
      const risky = await returner('risky');
      const good = await buyer('good');
      await addAuctionBid(t, risky.tenant, leadTypeId, { amountCents: 3_000n }); // ranks at 2,400
      await addAuctionBid(t, good.tenant, leadTypeId, { amountCents: 2_500n });
      const { body } = await postLead(t, acme, 'Auto');
      expect(body.winners).toMatchObject([{ customer_id: 'good' }]);
      const result = await t.db.selectFrom('auction_results').selectAll().where('lead_id', '=', body.lead_id).executeTakeFirstOrThrow();
      expect(result.top_amounts_cents.map(String)).toEqual(['2500', '2400']);
    });
  });

  it('sells an exclusive lead once and a shared lead to up to max_sales different customers', async () => {
    const [a, b, c] = [await buyer('a'), await buyer('b'), await buyer('c')];
    for (const x of [a, b, c]) await addAuctionBid(t, x.tenant, leadTypeId, { amountCents: 2_000n });
    await addAuctionBid(t, a.tenant, leadTypeId, { amountCents: 5_000n });
    expect((await postLead(t, acme, 'Auto')).body.winners).toHaveLength(1);
    await t.db.updateTable('lead_types').set({ exclusive: false, max_sales: 2 }).where('id', '=', leadTypeId).execute();
    const { body } = await postLead(t, acme, 'Auto');
    expect(body.winners.map((w: any) => w.customer_id)).toEqual(['a', 'b']);
    expect(body.winners.map((w: any) => w.price_cents)).toEqual([5_000, 2_000]);
  });

  it('matches county, state and nationwide scopes; a lead without a county meets only state and nationwide bids', async () => {
    const [county, state, nation, other] = [await buyer('county'), await buyer('state'), await buyer('nation'), await buyer('other')];
    await addAuctionBid(t, county.tenant, leadTypeId, { amountCents: 4_000n, scope: TRAVIS });
    await addAuctionBid(t, state.tenant, leadTypeId, { amountCents: 3_000n, scope: TEXAS });
    await addAuctionBid(t, nation.tenant, leadTypeId, { amountCents: 2_000n });
    await addAuctionBid(t, other.tenant, leadTypeId, { amountCents: 9_000n, scope: OHIO });
    await t.db.updateTable('lead_types').set({ exclusive: false, max_sales: 4 }).where('id', '=', leadTypeId).execute();
    expect((await postLead(t, acme, 'Auto')).body.winners.map((w: any) => w.customer_id)).toEqual(['county', 'state', 'nation']);
    const { county: _omit, ...noCounty } = TEXAS_LEAD;
    expect((await postLead(t, acme, 'Auto', noCounty)).body.winners.map((w: any) => w.customer_id)).toEqual(['state', 'nation']);
    expect((await postLead(t, acme, 'Auto', { state: 'CA' })).body.winners.map((w: any) => w.customer_id)).toEqual(['nation']);
  });

  it('applies ZIP lists, ZIP radius and field rules', async () => {
    const [zips, radius, rule] = [await buyer('zips'), await buyer('radius'), await buyer('rule')];
    await addAuctionBid(t, zips.tenant, leadTypeId, { amountCents: 5_000n, filters: { zips: ['78702'] } });
    await addAuctionBid(t, radius.tenant, leadTypeId, { amountCents: 4_000n, filters: { radius: { zip: '77002', miles: 50 } } }); // Houston, ~150 mi
    await addAuctionBid(t, rule.tenant, leadTypeId, { amountCents: 3_000n, filters: { rules: [{ field: 'age', op: 'range', min: 30, max: 60 }] } });
    expect((await postLead(t, acme, 'Auto', { ...TEXAS_LEAD, age: 25 })).status).toBe(200);
    expect((await postLead(t, acme, 'Auto', { ...TEXAS_LEAD, age: 25 })).body.status).toBe('unsold');
    expect((await postLead(t, acme, 'Auto', { ...TEXAS_LEAD, age: 45 })).body.winners).toMatchObject([{ customer_id: 'rule' }]);
    expect((await postLead(t, acme, 'Auto', { ...TEXAS_LEAD, zip: '77005' })).body.winners).toMatchObject([{ customer_id: 'radius' }]);
    expect((await postLead(t, acme, 'Auto', { ...TEXAS_LEAD, zip: '78702' })).body.winners).toMatchObject([{ customer_id: 'zips' }]);
  });

  it('never sells to a bid outside its schedule, a paused bid or a paused customer; unsold otherwise', async () => {
    const [sched, pausedBid, pausedCustomer] = [await buyer('sched'), await buyer('paused-bid'), await buyer('paused-customer')];
    // TEST_NOW is Thursday 12:00 in Chicago.
    await addAuctionBid(t, sched.tenant, leadTypeId, { amountCents: 5_000n, schedule: { timezone: 'America/Chicago', weekdays: ['thu'], hours: [{ start: '13:00', end: '17:00' }] } });
    await addAuctionBid(t, pausedBid.tenant, leadTypeId, { amountCents: 5_000n, status: 'paused' });
    await addAuctionBid(t, pausedCustomer.tenant, leadTypeId, { amountCents: 5_000n });
    await t.db.updateTable('customers').set({ status: 'paused' }).where('id', '=', pausedCustomer.id).execute();
    const { body } = await postLead(t, acme, 'Auto');
    expect(body).toMatchObject({ status: 'unsold', winners: [] });
    expect((await t.db.selectFrom('leads').select('status').where('id', '=', body.lead_id).executeTakeFirstOrThrow()).status).toBe('unsold');
    t.clock.advance(90 * 60_000);
    expect((await postLead(t, acme, 'Auto')).body.winners).toMatchObject([{ customer_id: 'sched' }]);
  });

  it('passes to the next bidder when the winner cannot pay or is capped', async () => {
    const [poor, capped, next] = [await buyer('poor', 1_000n), await buyer('capped'), await buyer('next')];
    await addAuctionBid(t, poor.tenant, leadTypeId, { amountCents: 5_000n });
    const cappedBid = await addAuctionBid(t, capped.tenant, leadTypeId, { amountCents: 4_000n });
    await addAuctionBid(t, next.tenant, leadTypeId, { amountCents: 3_000n });
    await setBidCaps(t.deps, capped.tenant, 'user-1', cappedBid, { ...noCaps(), day: { count: 0n, spendCents: null } });
    expect((await postLead(t, acme, 'Auto')).body.winners).toMatchObject([{ customer_id: 'next', price_cents: 3_000 }]);
    expect(await t.db.selectFrom('cap_usage').selectAll().where('customer_id', '=', capped.id).execute()).toEqual([]);
    expect((await t.db.selectFrom('wallets').select('balance_cents').where('customer_id', '=', capped.id).executeTakeFirstOrThrow()).balance_cents).toBe('100000');
  });

  it('counts every bid outcome per customer-local day after a flush', async () => {
    const [a, b, poor] = [await buyer('a'), await buyer('b'), await buyer('poor', 100n)];
    const won = await addAuctionBid(t, a.tenant, leadTypeId, { amountCents: 5_000n });
    const outbid = await addAuctionBid(t, b.tenant, leadTypeId, { amountCents: 3_000n });
    const filtered = await addAuctionBid(t, b.tenant, leadTypeId, { amountCents: 3_000n, filters: { zips: ['10001'] } });
    const wallet = await addAuctionBid(t, poor.tenant, leadTypeId, { amountCents: 3_000n });
    await postLead(t, acme, 'Auto');
    await postLead(t, acme, 'Auto');
    await t.built.outcomes.flush();
    const rows = await t.db.selectFrom('bid_outcome_counters').select(['bid_id', sql<string>`day::text`.as('day'), 'reason', 'count']).execute();
    expect(rows.map((r) => [r.bid_id, r.day, r.reason, String(r.count)]).sort()).toEqual(
      [
        [won, '2026-11-26', 'won', '2'],
        [outbid, '2026-11-26', 'outbid', '2'],
        [filtered, '2026-11-26', 'filters', '2'],
        [wallet, '2026-11-26', 'wallet', '2'],
      ].sort(),
    );
  });
});
