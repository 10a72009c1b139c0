import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAvailable } from '../../test/databases.js';
import { addLeadType, setProviderSettings } from '../../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';
import { addListing } from '../../test/marketplace-fixtures.js';
import { fillListing } from './fill.js';
import { MarketplaceScheduler } from './scheduler.js';

/**
 * Fills racing on a real server: several schedulers (as in several API processes) and buy-now clicks at once.
 * Skipped without DATABASE_URL; with CI=true and no DATABASE_URL, serverAvailable() throws (D24).
 */
describe.runIf(serverAvailable())('marketplace fills under concurrency (PostgreSQL server)', () => {
  let t: TestContext;
  let acme: TestProvider;
  let leadTypeId: string;

  beforeAll(async () => {
    t = await createTestContext('postgres');
    acme = await t.addProvider('Acme Leads');
    leadTypeId = await addLeadType(t.db, acme.id);
    await setProviderSettings(t.db, acme.id, { marketplace_enabled: true });
  });
  afterAll(() => t?.close());

  /** D11 invariant: balance == sum(amount), held == sum(hold_delta) == sum of X over the customer's open listing orders. */
  async function checkWallet(customerId: string) {
    const w = await t.db.selectFrom('wallets').select(['balance_cents', 'held_cents']).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    const rows = await t.db.selectFrom('ledger_entries').select(['amount_cents', 'hold_delta_cents']).where('customer_id', '=', customerId).execute();
    const open = await t.db.selectFrom('buy_orders').select('max_price_cents').where('customer_id', '=', customerId).where('status', '=', 'open').execute();
    expect(BigInt(w.balance_cents)).toBe(rows.reduce((s, r) => s + BigInt(r.amount_cents), 0n));
    expect(BigInt(w.held_cents)).toBe(rows.reduce((s, r) => s + BigInt(r.hold_delta_cents), 0n));
    expect(BigInt(w.held_cents)).toBe(open.reduce((s, r) => s + BigInt(r.max_price_cents), 0n));
    expect(BigInt(w.balance_cents) >= BigInt(w.held_cents)).toBe(true);
  }

  it('4 schedulers and direct fills over 30 listings never overfill a standing order of 5', async () => {
    const { id, externalId } = await t.addCustomer(acme, 'standing', { balanceCents: 100_000n });
    const token = await t.mintToken(acme, { sub: 'u', customerIds: [externalId] });
    const listings = [];
    for (let i = 0; i < 30; i++) listings.push(await addListing(t, acme.id, leadTypeId, { firstPriceCents: 1_000n, floorCents: 500n }));
    // Placed straight in the table: the create route would fill it before the race starts.
    await t.db.insertInto('standing_orders').values({ id: 'so_race', provider_id: acme.id, customer_id: id, lead_type_id: leadTypeId, filters: '{}', max_price_cents: 1_000n, quantity: 5 }).execute();
    const schedulers = Array.from({ length: 4 }, () => new MarketplaceScheduler(t.deps));
    await Promise.all([...schedulers.map((s) => s.runOnce()), ...listings.map((l) => fillListing(t.deps, l.id))]);

    expect(await t.db.selectFrom('standing_orders').select(['filled', 'status']).where('id', '=', 'so_race').executeTakeFirstOrThrow()).toEqual({ filled: 5, status: 'filled' });
    expect(await t.db.selectFrom('purchases').select('id').where('standing_order_id', '=', 'so_race').execute()).toHaveLength(5);
    expect(await t.db.selectFrom('marketplace_listings').select('id').where('status', '=', 'sold').where('id', 'in', listings.map((l) => l.id)).execute()).toHaveLength(5);
    await checkWallet(id);
    expect((await (await t.request('/api/v1/wallet', { token, customer: externalId })).json()).balance_cents).toBe(95_000);
  });

  it('buy orders, schedulers and 20 buy-now clicks on one listing: one sale, every other hold released', async () => {
    const listing = await addListing(t, acme.id, leadTypeId, { firstPriceCents: 1_000n, floorCents: 500n });
    const buyers = [];
    for (let i = 0; i < 20; i++) {
      const c = await t.addCustomer(acme, `racer-${i}`, { balanceCents: 5_000n });
      buyers.push({ ...c, token: await t.mintToken(acme, { sub: `r${i}`, customerIds: [c.externalId] }) });
    }
    // Half place orders below the current price first (they wait), then everyone races.
    for (const b of buyers.slice(0, 10)) {
      const res = await t.request(`/api/v1/marketplace/listings/${listing.id}/buy-orders`, { method: 'POST', token: b.token, customer: b.externalId, headers: { 'Idempotency-Key': 'o' }, body: JSON.stringify({ max_price_cents: 900 }) });
      expect(res.status).toBe(201);
    }
    await t.db.updateTable('marketplace_listings').set({ first_price_cents: 900n }).where('id', '=', listing.id).execute();
    const clicks = buyers.slice(10).map((b) => t.request(`/api/v1/marketplace/listings/${listing.id}/buy`, { method: 'POST', token: b.token, customer: b.externalId, headers: { 'Idempotency-Key': 'b' } }));
    await Promise.all([...clicks, new MarketplaceScheduler(t.deps).runOnce(), new MarketplaceScheduler(t.deps).runOnce(), fillListing(t.deps, listing.id)]);

    expect(await t.db.selectFrom('purchases').select('id').where('listing_id', '=', listing.id).execute()).toHaveLength(1);
    expect(await t.db.selectFrom('buy_orders').select('id').where('listing_id', '=', listing.id).where('status', '=', 'open').execute()).toEqual([]);
    for (const b of buyers) await checkWallet(b.id);
  });
});
