import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../domain/local-time.js';
import { postToLedger } from '../../domain/ledger.js';
import { newId } from '../../lib/ids.js';
import { targets } from '../../test/databases.js';
import { addBid, addLeadType, setProviderSettings } from '../../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';

/** SPEC "Top bar": wallet + funding status, customer badge, account status, customer switcher (D3, D11, D12, D16, D30). */
describe.each(targets)('top bar on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;

  const get = async (path: string, token: string, customer?: string) => {
    const res = await t.request(path, { token, customer });
    expect(res.status).toBe(200);
    return res.json();
  };
  const adjust = (providerId: string, customerId: string, amountCents: bigint) =>
    t.db.transaction().execute((trx) =>
      postToLedger(trx, { providerId, customerId }, { kind: amountCents < 0n ? 'funds_subtracted_by_provider' : 'funds_added_by_provider', amountCents, description: 'Test adjustment' }),
    );

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
  });
  afterAll(() => t.close());

  describe('GET /api/v1/wallet', () => {
    beforeAll(async () => {
      await addLeadType(t.db, acme.id, { pricing: 'range', minCents: 1_500n });
      await addLeadType(t.db, acme.id, { pricing: 'fixed', priceCents: 1_000n });
      await addLeadType(t.db, acme.id, { pricing: 'fixed', priceCents: 500n, biddable: false });
      await addLeadType(t.db, acme.id, { pricing: 'range', minCents: 200n, active: false });
    });

    it('reports a new customer with 0 as exhausted', async () => {
      await t.addCustomer(acme, 'new');
      const body = await get('/api/v1/wallet', await t.mintToken(acme, { customerIds: ['new'] }));
      expect(body).toMatchObject({ balance_cents: 0, held_cents: 0, available_cents: 0, currency: 'USD' });
      expect(body.funding).toEqual({ status: 'exhausted', bids: [], min_bid_cents: 1_000, caps: { customer_capped: false, capped_bid_ids: [] } });
    });

    it('reports 0 as exhausted at a provider with no lead types', async () => {
      const bare = await t.addProvider('Bare Leads');
      await t.addCustomer(bare, 'bare');
      const body = await get('/api/v1/wallet', await t.mintToken(bare, { customerIds: ['bare'] }));
      expect(body.funding).toMatchObject({ status: 'exhausted', min_bid_cents: null });
    });

    it('compares to the smallest minimum bid of biddable, active lead types when there are no bids', async () => {
      await t.addCustomer(acme, 'below', { balanceCents: 999n });
      await t.addCustomer(acme, 'at', { balanceCents: 1_000n });
      const below = await get('/api/v1/wallet', await t.mintToken(acme, { customerIds: ['below'] }));
      expect(below.funding).toMatchObject({ status: 'exhausted', min_bid_cents: 1_000, bids: [] });
      const at = await get('/api/v1/wallet', await t.mintToken(acme, { customerIds: ['at'] }));
      expect(at.funding).toMatchObject({ status: 'available', min_bid_cents: 1_000 });
    });

    it('walks available -> limited -> exhausted with per-bid coverage; paused, archived and deleted bids do not count', async () => {
      const customer = await t.addCustomer(acme, 'bidder', { balanceCents: 5_000n });
      const tenant = { providerId: acme.id, customerId: customer.id };
      const leadType = await addLeadType(t.db, acme.id);
      const inactiveType = await addLeadType(t.db, acme.id, { active: false });
      const big = await addBid(t.db, tenant, leadType, { name: 'Big', amountCents: 4_500n });
      const small = await addBid(t.db, tenant, leadType, { name: 'Small', amountCents: 2_500n });
      await addBid(t.db, tenant, leadType, { name: 'Paused', amountCents: 10_000n, status: 'paused' });
      await addBid(t.db, tenant, leadType, { name: 'Archived', amountCents: 20_000n, status: 'archived' });
      await addBid(t.db, tenant, leadType, { name: 'Deleted', amountCents: 30_000n, deleted: true });
      await addBid(t.db, tenant, inactiveType, { name: 'Retired type', amountCents: 40_000n });
      const token = await t.mintToken(acme, { customerIds: ['bidder'] });

      let body = await get('/api/v1/wallet', token);
      expect(body.available_cents).toBe(5_000);
      expect(body.funding.status).toBe('available');
      expect(body.funding.bids).toEqual([
        { bid_id: big, name: 'Big', amount_cents: 4_500, covered: true },
        { bid_id: small, name: 'Small', amount_cents: 2_500, covered: true },
      ]);

      await adjust(acme.id, customer.id, -2_000n); // 3,000 left
      body = await get('/api/v1/wallet', token);
      expect(body.funding.status).toBe('limited');
      expect(body.funding.bids.map((b: { covered: boolean }) => b.covered)).toEqual([false, true]);

      await adjust(acme.id, customer.id, -501n); // 2,499 left: above the minimum bid, below every bid
      body = await get('/api/v1/wallet', token);
      expect(body.available_cents).toBe(2_499);
      expect(body.funding.status).toBe('exhausted');
      expect(body.funding.bids.map((b: { covered: boolean }) => b.covered)).toEqual([false, false]);

      await adjust(acme.id, customer.id, 2_001n); // exactly the big bid: covered (available >= amount)
      body = await get('/api/v1/wallet', token);
      expect(body.available_cents).toBe(4_500);
      expect(body.funding.status).toBe('available');
    });

    it('subtracts held funds from available, and funding uses available (D11)', async () => {
      const customer = await t.addCustomer(acme, 'holder', { balanceCents: 5_000n });
      const tenant = { providerId: acme.id, customerId: customer.id };
      const leadType = await addLeadType(t.db, acme.id);
      await addBid(t.db, tenant, leadType, { amountCents: 4_500n });
      await addBid(t.db, tenant, leadType, { amountCents: 2_500n });

      const leadId = newId('lead');
      const listingId = newId('lst');
      const buyOrderId = newId('bo');
      const now = t.clock.now();
      await t.db.insertInto('leads').values({ id: leadId, provider_id: acme.id, lead_type_id: leadType, external_id: leadId, fields: '{}', status: 'listed' }).execute();
      await t.db
        .insertInto('marketplace_listings')
        .values({ id: listingId, provider_id: acme.id, lead_id: leadId, lead_type_id: leadType, first_price_cents: 3_000n, step_cents: 100n, interval_seconds: 60, floor_cents: 1_000n, listed_at: now, expires_at: new Date(now.getTime() + 3_600_000) })
        .execute();
      await t.db.insertInto('buy_orders').values({ id: buyOrderId, provider_id: acme.id, customer_id: customer.id, listing_id: listingId, max_price_cents: 2_000n }).execute();
      await t.db.transaction().execute((trx) =>
        postToLedger(trx, tenant, { kind: 'buy_order_placed', amountCents: 0n, holdDeltaCents: 2_000n, description: 'Buy order hold', buyOrderId }),
      );

      const body = await get('/api/v1/wallet', await t.mintToken(acme, { customerIds: ['holder'] }));
      expect(body).toMatchObject({ balance_cents: 5_000, held_cents: 2_000, available_cents: 3_000 });
      expect(body.funding.status).toBe('limited');
      expect(body.funding.bids.map((b: { amount_cents: number; covered: boolean }) => [b.amount_cents, b.covered])).toEqual([[4_500, false], [2_500, true]]);
    });
    it('leaves capped bids out of funding and lists them under caps (D14)', async () => {
      const customer = await t.addCustomer(acme, 'capped', { balanceCents: 3_000n });
      const tenant = { providerId: acme.id, customerId: customer.id };
      const leadType = await addLeadType(t.db, acme.id);
      const big = await addBid(t.db, tenant, leadType, { amountCents: 4_500n });
      await addBid(t.db, tenant, leadType, { amountCents: 2_500n });
      const token = await t.mintToken(acme, { customerIds: ['capped'] });
      expect((await get('/api/v1/wallet', token)).funding.status).toBe('limited');

      // A daily lead cap of 0 on the big bid: it cannot win today, so only the covered bid is competing-eligible.
      await t.db.insertInto('caps').values({ id: newId('cap'), provider_id: acme.id, customer_id: customer.id, bid_id: big, period: 'day', metric: 'count', cap: 0 }).execute();
      const body = await get('/api/v1/wallet', token);
      expect(body.funding.status).toBe('available');
      expect(body.funding.bids.map((b: { amount_cents: number }) => b.amount_cents)).toEqual([2_500]);
      expect(body.funding.caps).toEqual({ customer_capped: false, capped_bid_ids: [big] });
    });
  });

  describe('GET /api/v1/badge', () => {
    const TZ = 'America/Chicago';
    const daysAgo = (n: number) => localDate(t.clock.now(), TZ).subtract({ days: n }).toString();
    const sums = (customerId: string, day: string, purchasedCents: bigint, returnedCents: bigint) =>
      t.db.insertInto('customer_daily_sums').values({ customer_id: customerId, day, purchased_cents: purchasedCents, purchased_count: 1, returned_cents: returnedCents }).execute();

    it('reports no purchases as rate 0, has_purchases false; tiers off gives no tier', async () => {
      await t.addCustomer(acme, 'fresh', { timezone: TZ });
      const body = await get('/api/v1/badge', await t.mintToken(acme, { customerIds: ['fresh'] }));
      expect(body).toEqual({
        return_rate_bps: 0,
        has_purchases: false,
        purchased_cents: 0,
        returned_cents: 0,
        window_days: 90,
        tiers_enabled: false,
        current_tier: null,
        tiers: [],
      });
    });

    it('computes the rate by value inside the 90-day window only', async () => {
      const customer = await t.addCustomer(acme, 'returner', { timezone: TZ });
      await sums(customer.id, daysAgo(0), 10_000n, 1_000n);
      await sums(customer.id, daysAgo(89), 10_000n, 0n); // oldest day inside the window
      await sums(customer.id, daysAgo(91), 50_000n, 50_000n); // outside: ignored
      await sums(customer.id, daysAgo(400), 50_000n, 50_000n);
      const body = await get('/api/v1/badge', await t.mintToken(acme, { customerIds: ['returner'] }));
      expect(body).toMatchObject({ purchased_cents: 20_000, returned_cents: 1_000, return_rate_bps: 500, has_purchases: true, window_days: 90 });
      expect(body.current_tier).toBeNull();
      expect(body.tiers).toEqual([]);
    });

    it('rounds the rate half-up to a basis point (D12)', async () => {
      const customer = await t.addCustomer(acme, 'thirds', { timezone: TZ });
      await sums(customer.id, daysAgo(3), 30_000n, 10_000n); // 1/3 = 3333.33 bps
      expect((await get('/api/v1/badge', await t.mintToken(acme, { customerIds: ['thirds'] }))).return_rate_bps).toBe(3_333);
      await t.db.updateTable('customer_daily_sums').set({ returned_cents: 20_000n }).where('customer_id', '=', customer.id).execute(); // 6666.67
      expect((await get('/api/v1/badge', await t.mintToken(acme, { customerIds: ['thirds'], lifetimeSeconds: 601 }))).return_rate_bps).toBe(6_667);
    });

    it('picks the tier with lower <= rate < upper, the last tier closed, when tiers are on', async () => {
      const tiered = await t.addProvider('Tiered Leads');
      await setProviderSettings(t.db, tiered.id, { return_tiers_enabled: true });
      const tier = (position: number, name: string, lower: number, upper: number | null) => ({
        id: newId('tier'), provider_id: tiered.id, position, name, headline: `${name} headline`, brief: `${name} brief`, description: `${name} description`,
        color: '#123456', icon: 'star', lower_bps: lower, upper_bps: upper, effect_kind: position === 2 ? ('penalty' as const) : ('none' as const), effect_bps: position === 2 ? 500 : 0,
      });
      await t.db.insertInto('return_tiers').values([tier(2, 'Silver', 500, 1_500), tier(1, 'Gold', 0, 500), tier(3, 'Bronze', 1_500, null)]).execute();
      const customer = await t.addCustomer(tiered, 'tiered', { timezone: TZ });
      await sums(customer.id, daysAgo(1), 10_000n, 0n); // returned cents == rate in bps

      const expectations: [number, string][] = [[0, 'Gold'], [499, 'Gold'], [500, 'Silver'], [1_499, 'Silver'], [1_500, 'Bronze'], [10_000, 'Bronze']];
      for (const [index, [rate, name]] of expectations.entries()) {
        await t.db.updateTable('customer_daily_sums').set({ returned_cents: BigInt(rate) }).where('customer_id', '=', customer.id).execute();
        const body = await get('/api/v1/badge', await t.mintToken(tiered, { customerIds: ['tiered'], lifetimeSeconds: 600 - index }));
        expect(body.return_rate_bps, `rate ${rate}`).toBe(rate);
        expect(body.current_tier?.name, `rate ${rate}`).toBe(name);
      }

      const body = await get('/api/v1/badge', await t.mintToken(tiered, { customerIds: ['tiered'] }));
      expect(body.tiers_enabled).toBe(true);
      expect(body.tiers.map((x: { name: string; lower_bps: number; upper_bps: number | null }) => [x.name, x.lower_bps, x.upper_bps])).toEqual([
        ['Gold', 0, 500],
        ['Silver', 500, 1_500],
        ['Bronze', 1_500, null],
      ]);
      expect(body.tiers[1]).toMatchObject({ headline: 'Silver headline', brief: 'Silver brief', description: 'Silver description', color: '#123456', icon: 'star', effect: { kind: 'penalty', bps: 500 } });
    });
  });

  describe('GET /api/v1/account', () => {
    it.each([
      ['acct-active', 'active', 5_000n, 'active', 'available'],
      ['acct-inactive', 'active', 0n, 'inactive', 'exhausted'],
      ['acct-paused', 'paused', 5_000n, 'paused', 'available'],
      ['acct-paused-empty', 'paused', 0n, 'paused', 'exhausted'],
      ['acct-archived', 'archived', 0n, 'archived', 'exhausted'],
    ] as const)('%s: status %s with %d cents displays %s', async (externalId, status, balanceCents, display, funding) => {
      await t.addCustomer(acme, externalId, { status, balanceCents });
      const body = await get('/api/v1/account', await t.mintToken(acme, { customerIds: [externalId] }));
      expect(body).toEqual({ status, display_status: display, funding_status: funding, support_email: 'help@acmeleads.test' });
    });
  });

  describe('customers (switcher)', () => {
    const count = async (table: 'customers' | 'wallets' | 'memberships' | 'audit_log') =>
      Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

    it('POST creates the customer, its wallet and an admin portal membership, copying the active customer’s timezone (D3, D30)', async () => {
      await t.addCustomer(acme, 'chi', { timezone: 'America/Chicago' });
      await t.addCustomer(acme, 'ber', { timezone: 'Europe/Berlin' });
      const token = await t.mintToken(acme, { sub: 'switcher', customerIds: ['chi', 'ber'] });

      const res = await t.request('/api/v1/customers', { token, customer: 'ber', method: 'POST', body: JSON.stringify({ name: '  Berlin Branch  ' }) });
      expect(res.status).toBe(201);
      const created = await res.json();
      expect(created).toEqual({ id: expect.stringMatching(/^cus_/), external_id: created.id, name: 'Berlin Branch', status: 'active', timezone: 'Europe/Berlin', role: 'admin' });

      const user = await t.db.selectFrom('users').select('id').where('subject', '=', 'switcher').where('provider_id', '=', acme.id).executeTakeFirstOrThrow();
      const row = await t.db.selectFrom('customers').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ provider_id: acme.id, external_id: created.id, source: 'portal', created_by: user.id, timezone: 'Europe/Berlin', status: 'active' });
      const wallet = await t.db.selectFrom('wallets').selectAll().where('customer_id', '=', created.id).executeTakeFirstOrThrow();
      expect(wallet).toMatchObject({ provider_id: acme.id, currency: 'USD', balance_cents: '0', held_cents: '0' });
      const membership = await t.db.selectFrom('memberships').selectAll().where('customer_id', '=', created.id).execute();
      expect(membership).toEqual([expect.objectContaining({ user_id: user.id, role: 'admin', source: 'portal' })]);
      const audit = await t.db.selectFrom('audit_log').selectAll().where('subject_id', '=', created.id).execute();
      expect(audit).toEqual([expect.objectContaining({ action: 'customer.created', actor_kind: 'user', actor_id: user.id })]);

      const list = await get('/api/v1/customers', token);
      expect(list.items.map((c: { external_id: string }) => c.external_id)).toEqual(['chi', 'ber', created.external_id]);
      const session = await get('/api/v1/session', token, created.external_id);
      expect(session.customers.map((c: { id: string }) => c.id)).toContain(created.id);
      expect(session.active_customer).toMatchObject({ id: created.id, role: 'admin', timezone: 'Europe/Berlin' });
      const wallet2 = await get('/api/v1/wallet', token, created.external_id);
      expect(wallet2).toMatchObject({ balance_cents: 0, available_cents: 0, funding: { status: 'exhausted' } });
    });

    it('answers 409 self_service_disabled and writes nothing when the provider turned self-service off', async () => {
      const strict = await t.addProvider('Strict Leads');
      await setProviderSettings(t.db, strict.id, { self_service_customers: false });
      await t.addCustomer(strict, 'strict-1');
      const token = await t.mintToken(strict, { customerIds: ['strict-1'] });
      expect((await get('/api/v1/session', token)).provider.self_service_customers).toBe(false);

      const before = await Promise.all([count('customers'), count('wallets'), count('memberships'), count('audit_log')]);
      const res = await t.request('/api/v1/customers', { token, method: 'POST', body: JSON.stringify({ name: 'Not Allowed' }) });
      expect(res.status).toBe(409);
      expect((await res.json()).error.code).toBe('self_service_disabled');
      expect(await Promise.all([count('customers'), count('wallets'), count('memberships'), count('audit_log')])).toEqual(before);
    });

    it('walks every page with limit=1 (keyset cursor)', async () => {
      const externals = ['page-1', 'page-2', 'page-3', 'page-4'];
      for (const ext of externals) await t.addCustomer(acme, ext);
      const token = await t.mintToken(acme, { sub: 'pager', customerIds: externals });

      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const body: { items: { external_id: string }[]; next_cursor: string | null } = await get(`/api/v1/customers?limit=1${cursor ? `&cursor=${cursor}` : ''}`, token);
        expect(body.items).toHaveLength(1);
        seen.push(body.items[0]!.external_id);
        cursor = body.next_cursor;
        if (!cursor) break;
      }
      expect(seen).toEqual(externals);

      const all = await get('/api/v1/customers?limit=3', token);
      expect(all.items.map((c: { external_id: string }) => c.external_id)).toEqual(externals.slice(0, 3));
      const rest = await get(`/api/v1/customers?limit=3&cursor=${all.next_cursor}`, token);
      expect(rest).toEqual({ items: [expect.objectContaining({ external_id: 'page-4' })], next_cursor: null });
    });

    it('refuses a cursor whose customer left the list instead of silently restarting at the first page', async () => {
      const token = await t.mintToken(acme, { sub: 'stale-pager', customerIds: ['page-1', 'page-2', 'page-3'] });
      const first = await get('/api/v1/customers?limit=1', token);
      expect(first.items[0].external_id).toBe('page-1');
      // page-1 is dropped from the claims: the cursor that names it no longer points into this user's list.
      const narrower = await t.mintToken(acme, { sub: 'stale-pager', customerIds: ['page-2', 'page-3'] });
      const res = await t.request(`/api/v1/customers?limit=1&cursor=${first.next_cursor}`, { token: narrower });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: 'invalid_request', fields: { cursor: expect.any(String) } });
    });
  });
});
