import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadField } from '../../db/schema.js';
import { setCustomerCaps } from '../../domain/caps.js';
import type { PortalEvent } from '../../lib/events.js';
import { targets } from '../../test/databases.js';
import { addLeadType, setProviderSettings } from '../../test/fixtures.js';
import { createTestContext, TEST_NOW, type TestContext, type TestProvider } from '../../test/harness.js';
import { addListing } from '../../test/marketplace-fixtures.js';

/** Preview flags set on contact fields too: D20 says they never show, whatever the flag. */
const FIELDS: LeadField[] = [
  { key: 'first_name', label: 'First name', type: 'string', deliverable: true, preview: true },
  { key: 'last_name', label: 'Last name', type: 'string', deliverable: true, preview: true },
  { key: 'email', label: 'Email', type: 'string', deliverable: true, preview: true },
  { key: 'phone', label: 'Phone', type: 'string', deliverable: true, preview: true },
  { key: 'address', label: 'Street', type: 'string', deliverable: true, preview: true },
  { key: 'state', label: 'State', type: 'string', deliverable: true, preview: true },
  { key: 'zip', label: 'ZIP', type: 'string', deliverable: true, preview: true },
  { key: 'roof_age', label: 'Roof age', type: 'number', deliverable: true, preview: true },
  { key: 'notes', label: 'Notes', type: 'string', deliverable: true, preview: false },
  { key: 'internal_score', label: 'Score', type: 'number', deliverable: false, preview: true },
];
const LEAD = { first_name: 'Quincy', last_name: 'Zephyr', email: 'quincy@zephyr.test', phone: '512-555-0177', address: '77 Hidden Ln', state: 'TX', county: 'Travis', zip: '78701', roof_age: 12, notes: 'call after 5', internal_score: 424242 };

const noCaps = { week: { count: null, spendCents: null }, month: { count: null, spendCents: null } };

describe.each(targets)('buyer marketplace on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let other: TestProvider;
  let roofing: string;
  let solar: string;
  const published: PortalEvent[] = [];
  let token: (customer: string) => Promise<string>;

  const get = async (path: string, customer = 'rich') => t.request(`/api/v1${path}`, { token: await token(customer), customer });
  const buy = async (listingId: string, customer = 'rich', key = `k-${Math.random()}`) =>
    t.request(`/api/v1/marketplace/listings/${listingId}/buy`, { method: 'POST', token: await token(customer), customer, headers: { 'Idempotency-Key': key } });
  const wallet = async (customerId: string) => t.db.selectFrom('wallets').select(['balance_cents', 'held_cents']).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
  const customers: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    other = await t.addProvider('Other Leads');
    roofing = await addLeadType(t.db, acme.id, { name: 'Roofing', fields: FIELDS });
    solar = await addLeadType(t.db, acme.id, { name: 'Solar', fields: FIELDS });
    await setProviderSettings(t.db, acme.id, { marketplace_enabled: true });
    for (const [name, balance, status] of [['rich', 100_000n, 'active'], ['second', 100_000n, 'active'], ['poor', 100n, 'active'], ['capped', 100_000n, 'active'], ['paused', 100_000n, 'paused']] as const) {
      customers[name] = (await t.addCustomer(acme, name, { balanceCents: balance, status })).id;
    }
    await t.addCustomer(other, 'rich', { balanceCents: 100_000n });
    token = (customer) => t.mintToken(acme, { sub: `user-${customer}`, customerIds: [customer] });
    t.deps.events.subscribe((event) => published.push(event));
  });
  afterAll(() => t.close());

  it('lists open listings of the customer’s provider only: tile fields and preview values, never contact details or non-deliverable fields (D20)', async () => {
    const mine = await addListing(t, acme.id, roofing, { fields: LEAD });
    await addListing(t, other.id, await addLeadType(t.db, other.id, { fields: FIELDS }), { fields: LEAD });
    const expired = await addListing(t, acme.id, roofing, { fields: LEAD, at: new Date(TEST_NOW.getTime() - 7_200_000), expiresAt: new Date(TEST_NOW.getTime() - 1_000) });
    const res = await get('/marketplace/listings');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.enabled).toBe(true);
    expect(body.server_time).toBe(TEST_NOW.toISOString());
    expect(body.items.map((l: { id: string }) => l.id)).toEqual([mine.id]);
    expect(body.items.map((l: { id: string }) => l.id)).not.toContain(expired.id);
    expect(body.items[0]).toEqual({
      id: mine.id, lead_type: { id: roofing, name: 'Roofing' }, state: 'TX', county: { fips: '48453', name: expect.stringContaining('Travis') },
      lead_created_at: TEST_NOW.toISOString(), age_seconds: 0, listed_at: TEST_NOW.toISOString(), expires_at: new Date(TEST_NOW.getTime() + 86_400_000).toISOString(), time_left_seconds: 86_400,
      first_price_cents: 2_500, step_cents: 250, interval_seconds: 900, floor_cents: 500, price_cents: 2_500, next_price_cents: 2_250, next_price_at: new Date(TEST_NOW.getTime() + 900_000).toISOString(),
      exclusive: true, max_sales: 1, sold_count: 0, status: 'open', preview: { state: 'TX', zip: '78701', roof_age: 12 },
    });
    const detail = await (await get(`/marketplace/listings/${mine.id}`)).json();
    for (const text of [JSON.stringify(body), JSON.stringify(detail), JSON.stringify(published)]) {
      for (const secret of ['Quincy', 'Zephyr', 'zephyr.test', '555-0177', 'Hidden', 'call after', 'internal_score', '424242']) expect(text).not.toContain(secret);
    }
    await t.db.updateTable('marketplace_listings').set({ status: 'withdrawn' }).where('id', '=', mine.id).execute();
  });

  it('filters by lead type and state and pages newest first; another provider’s listing is not found', async () => {
    const a = await addListing(t, acme.id, roofing, { fields: { ...LEAD, state: 'CA', county: 'Alameda' }, at: new Date(TEST_NOW.getTime() - 3_000) });
    const b = await addListing(t, acme.id, solar, { fields: LEAD, at: new Date(TEST_NOW.getTime() - 2_000) });
    const c = await addListing(t, acme.id, roofing, { fields: LEAD, at: new Date(TEST_NOW.getTime() - 1_000) });
    const ids = async (query: string) => (await (await get(`/marketplace/listings?${query}`)).json()).items.map((l: { id: string }) => l.id);
    expect(await ids('')).toEqual([c.id, b.id, a.id]);
    expect(await ids(`lead_type_id=${roofing}`)).toEqual([c.id, a.id]);
    expect(await ids('state=tx')).toEqual([c.id, b.id]);
    const first = await (await get('/marketplace/listings?limit=2')).json();
    expect(first.items.map((l: { id: string }) => l.id)).toEqual([c.id, b.id]);
    const rest = await (await get(`/marketplace/listings?limit=2&cursor=${first.next_cursor}`)).json();
    expect(rest.items.map((l: { id: string }) => l.id)).toEqual([a.id]);
    expect(rest.next_cursor).toBeNull();

    const theirs = await t.db.selectFrom('marketplace_listings').select('id').where('provider_id', '=', other.id).executeTakeFirstOrThrow();
    expect((await get(`/marketplace/listings/${theirs.id}`)).status).toBe(404);
    expect((await buy(theirs.id)).status).toBe(404);
    await t.db.updateTable('marketplace_listings').set({ status: 'withdrawn' }).where('id', 'in', [a.id, b.id, c.id]).execute();
  });

  it('computes price(t) on the server clock: steps every interval down to the floor', async () => {
    const listing = await addListing(t, acme.id, roofing, { fields: LEAD, firstPriceCents: 2_500n, stepCents: 250n, intervalSeconds: 900, floorCents: 500n });
    const at = async (ms: number) => {
      t.clock.set(new Date(TEST_NOW.getTime() + ms));
      return (await (await get(`/marketplace/listings/${listing.id}`)).json()).listing;
    };
    expect(await at(899_999)).toMatchObject({ price_cents: 2_500, next_price_cents: 2_250 });
    expect(await at(900_000)).toMatchObject({ price_cents: 2_250, next_price_cents: 2_000, next_price_at: new Date(TEST_NOW.getTime() + 1_800_000).toISOString() });
    expect(await at(2 * 900_000 + 5)).toMatchObject({ price_cents: 2_000 });
    expect(await at(8 * 900_000)).toMatchObject({ price_cents: 500, next_price_cents: null, next_price_at: null });
    expect(await at(80 * 900_000)).toMatchObject({ price_cents: 500 });

    // Bought after three steps: charged 1,750.
    await at(3 * 900_000 + 1);
    const res = await buy(listing.id);
    expect(res.status).toBe(201);
    expect((await res.json()).price_cents).toBe(1_750);
    t.clock.set(TEST_NOW);
  });

  it('buys now: one transaction of purchase, debit, caps usage, outbox row; events after commit; a retry answers the first result; the lead shows in /leads', async () => {
    const listing = await addListing(t, acme.id, roofing, { fields: LEAD });
    const before = await wallet(customers.rich!);
    published.length = 0;
    const res = await buy(listing.id, 'rich', 'buy-once');
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ listing_id: listing.id, lead_id: listing.leadId, price_cents: 2_500, balance_cents: Number(before.balance_cents) - 2_500, available_cents: Number(before.balance_cents) - 2_500 });

    const retry = await buy(listing.id, 'rich', 'buy-once');
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(body);
    const again = await buy(listing.id, 'second');
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('sold_out');

    const purchases = await t.db.selectFrom('purchases').selectAll().where('listing_id', '=', listing.id).execute();
    expect(purchases).toHaveLength(1);
    expect(purchases[0]).toMatchObject({ customer_id: customers.rich, source: 'marketplace', bid_id: null, price_cents: '2500', state: 'TX' });
    const ledger = await t.db.selectFrom('ledger_entries').selectAll().where('purchase_id', '=', body.purchase_id).execute();
    expect(ledger.map((r) => [r.kind, r.amount_cents])).toEqual([['lead_assigned', '-2500']]);
    expect(await t.db.selectFrom('notification_outbox').select('kind').where('subject_ref', '=', body.purchase_id).execute()).toEqual([{ kind: 'lead.purchased' }]);
    expect(await t.db.selectFrom('cap_usage').select(['subject', 'lead_count']).where('customer_id', '=', customers.rich!).where('period', '=', 'day').execute()).toEqual([{ subject: 'customer', lead_count: expect.anything() }]);
    expect(await t.db.selectFrom('marketplace_listings').select(['status', 'sold_count']).where('id', '=', listing.id).executeTakeFirstOrThrow()).toEqual({ status: 'sold', sold_count: 1 });
    expect(await t.db.selectFrom('leads').select(['status', 'sold_count']).where('id', '=', listing.leadId).executeTakeFirstOrThrow()).toEqual({ status: 'assigned', sold_count: 1 });
    expect(published.map((e) => [e.type, e.customerId])).toEqual([
      ['lead.purchased', customers.rich],
      ['wallet.updated', customers.rich],
      ['marketplace.sold', undefined],
    ]);

    const leads = await (await get('/leads')).json();
    const bought = leads.items.find((l: { id: string }) => l.id === listing.leadId);
    expect(bought).toMatchObject({ price_cents: 2_500, source: { kind: 'marketplace', listing_id: listing.id, bid: null } });
    expect(bought.fields).toMatchObject({ first_name: 'Quincy', email: 'quincy@zephyr.test' });
    expect(JSON.stringify(bought)).not.toContain('internal_score');
  });

  it('sells a shared listing once per customer up to max_sales', async () => {
    const listing = await addListing(t, acme.id, roofing, { fields: LEAD, maxSales: 2 });
    expect((await buy(listing.id, 'rich')).status).toBe(201);
    const twice = await buy(listing.id, 'rich');
    expect(twice.status).toBe(409);
    expect((await twice.json()).error.code).toBe('already_purchased');
    expect((await buy(listing.id, 'second')).status).toBe(201);
    const third = await buy(listing.id, 'capped');
    expect((await third.json()).error.code).toBe('sold_out');
    expect(await t.db.selectFrom('leads').select(['status', 'sold_count', 'max_sales']).where('id', '=', listing.leadId).executeTakeFirstOrThrow()).toEqual({ status: 'assigned', sold_count: 2, max_sales: 2 });
  });

  it('refuses clearly and writes nothing: insufficient funds, cap reached (D14), paused account, expired listing, marketplace off', async () => {
    const listing = await addListing(t, acme.id, roofing, { fields: LEAD, expiresAt: new Date(TEST_NOW.getTime() + 60_000) });
    await setCustomerCaps(t.deps, { providerId: acme.id, customerId: customers.capped! }, 'user-1', { day: { count: 0n, spendCents: null }, ...noCaps });
    const purchasesBefore = (await t.db.selectFrom('purchases').select('id').execute()).length;
    const ledgerBefore = (await t.db.selectFrom('ledger_entries').select('id').execute()).length;
    const refusal = async (customer: string) => {
      const res = await buy(listing.id, customer);
      expect(res.status, customer).toBe(409);
      return (await res.json()).error.code;
    };
    expect(await refusal('poor')).toBe('insufficient_funds');
    expect(await refusal('capped')).toBe('cap_reached');
    expect(await refusal('paused')).toBe('account_paused');
    t.clock.set(new Date(TEST_NOW.getTime() + 60_000));
    expect(await refusal('rich')).toBe('listing_expired');
    t.clock.set(TEST_NOW);
    await setProviderSettings(t.db, acme.id, { marketplace_enabled: false });
    expect(await refusal('rich')).toBe('marketplace_disabled');
    expect(await (await get('/marketplace/listings')).json()).toMatchObject({ enabled: false, items: [] });
    await setProviderSettings(t.db, acme.id, { marketplace_enabled: true });
    expect((await t.db.selectFrom('purchases').select('id').execute()).length).toBe(purchasesBefore);
    expect((await t.db.selectFrom('ledger_entries').select('id').execute()).length).toBe(ledgerBefore);
    expect(await t.db.selectFrom('cap_usage').select('lead_count').where('customer_id', '=', customers.capped!).execute()).toEqual([]);
    expect(await t.db.selectFrom('marketplace_listings').select(['status', 'sold_count']).where('id', '=', listing.id).executeTakeFirstOrThrow()).toEqual({ status: 'open', sold_count: 0 });
  });
});
