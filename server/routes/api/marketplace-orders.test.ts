import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillScope } from '../../domain/marketplace/fill.js';
import { MarketplaceScheduler } from '../../domain/marketplace/scheduler.js';
import type { PortalEvent } from '../../lib/events.js';
import { targets } from '../../test/databases.js';
import { addLeadType, setProviderSettings } from '../../test/fixtures.js';
import { createTestContext, TEST_NOW, type TestContext, type TestProvider } from '../../test/harness.js';
import { CONTACT_FIELDS } from '../../test/lead-fixtures.js';
import { addListing } from '../../test/marketplace-fixtures.js';

const STEP_MS = 900_000;

/** D19 orders: listing buy orders (holds, D11) and standing orders, filled by the scheduler on the injected clock. */
describe.each(targets)('marketplace orders on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let roofing: string;
  let scheduler: MarketplaceScheduler;
  const ids: Record<string, string> = {};
  const published: PortalEvent[] = [];

  const call = async (method: string, path: string, customer: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.request(`/api/v1${path}`, { method, token: await t.mintToken(acme, { sub: `u-${customer}`, customerIds: [customer] }), customer, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const placeOrder = (listingId: string, customer: string, maxPriceCents: number, key = `bo-${Math.random()}`) =>
    call('POST', `/marketplace/listings/${listingId}/buy-orders`, customer, { max_price_cents: maxPriceCents }, { 'Idempotency-Key': key });
  const wallet = async (customer: string) => {
    const w = await t.db.selectFrom('wallets').select(['balance_cents', 'held_cents']).where('customer_id', '=', ids[customer]!).executeTakeFirstOrThrow();
    return { balance: Number(w.balance_cents), held: Number(w.held_cents) };
  };
  const ledger = async (customer: string) =>
    (await t.db.selectFrom('ledger_entries').select(['kind', 'amount_cents', 'hold_delta_cents']).where('customer_id', '=', ids[customer]!).where('kind', 'in', ['buy_order_placed', 'buy_order_filled', 'buy_order_released', 'buy_order_canceled']).orderBy('id').execute()).map((r) => [r.kind, Number(r.amount_cents), Number(r.hold_delta_cents)]);
  const at = (steps: number) => t.clock.set(new Date(TEST_NOW.getTime() + steps * STEP_MS + 1));

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    roofing = await addLeadType(t.db, acme.id, { name: 'Roofing', fields: [...CONTACT_FIELDS, { key: 'zip', label: 'ZIP', type: 'string', deliverable: true, preview: true }] });
    await setProviderSettings(t.db, acme.id, { marketplace_enabled: true });
    for (const name of ['ann', 'bob', 'cat', 'dan']) ids[name] = (await t.addCustomer(acme, name, { balanceCents: 10_000n })).id;
    ids.broke = (await t.addCustomer(acme, 'broke', { balanceCents: 1_000n })).id;
    scheduler = new MarketplaceScheduler(t.deps);
    t.deps.events.subscribe((e) => published.push(e));
  });
  afterAll(() => t.close());

  it('holds X, fills the highest order when price(t) reaches it (ties: earliest) in one buy_order_filled row, releases the others', async () => {
    t.clock.set(TEST_NOW);
    const listing = await addListing(t, acme.id, roofing);
    const ann = await placeOrder(listing.id, 'ann', 2_000);
    expect(ann.status).toBe(201);
    expect(await ann.json()).toMatchObject({ listing_id: listing.id, max_price_cents: 2_000, status: 'open', purchase: null });
    t.clock.set(new Date(TEST_NOW.getTime() + 1_000));
    expect((await placeOrder(listing.id, 'bob', 2_000)).status).toBe(201);
    expect((await placeOrder(listing.id, 'cat', 1_000)).status).toBe(201);
    expect(await wallet('ann')).toEqual({ balance: 10_000, held: 2_000 });
    expect((await (await call('GET', '/wallet', 'ann')).json()).available_cents).toBe(8_000);

    // Price 2,250 after one step: nobody fills.
    at(1);
    expect(await scheduler.runOnce()).toBe(0);
    // 2,000 after two: ann and bob tie at 2,000; ann was first.
    at(2);
    expect(await scheduler.runOnce()).toBe(1);
    expect(await wallet('ann')).toEqual({ balance: 8_000, held: 0 });
    expect(await ledger('ann')).toEqual([['buy_order_placed', 0, 2_000], ['buy_order_filled', -2_000, -2_000]]);
    expect(await wallet('bob')).toEqual({ balance: 10_000, held: 0 });
    expect(await ledger('bob')).toEqual([['buy_order_placed', 0, 2_000], ['buy_order_released', 0, -2_000]]);
    expect(await wallet('cat')).toEqual({ balance: 10_000, held: 0 });
    const orders = await (await call('GET', '/marketplace/buy-orders', 'bob')).json();
    expect(orders.items[0]).toMatchObject({ listing_id: listing.id, status: 'released' });
    const annOrders = await (await call('GET', '/marketplace/buy-orders?status=filled', 'ann')).json();
    expect(annOrders.items[0]).toMatchObject({ status: 'filled', purchase: { lead_id: listing.leadId, price_cents: 2_000 } });
    expect(await t.db.selectFrom('purchases').select(['customer_id', 'source', 'price_cents']).where('listing_id', '=', listing.id).execute()).toEqual([{ customer_id: ids.ann, source: 'buy_order', price_cents: '2000' }]);
    expect((await t.db.selectFrom('notification_outbox').select('customer_id').where('kind', '=', 'buy_order.outbid').execute()).map((r) => r.customer_id).sort()).toEqual([ids.bob, ids.cat].sort());
  });

  it('fills at once, at price(t), an order at or above the current price; a repeated key answers the same order', async () => {
    t.clock.set(TEST_NOW);
    const listing = await addListing(t, acme.id, roofing);
    const res = await placeOrder(listing.id, 'dan', 3_000, 'dan-once');
    expect(res.status).toBe(201);
    const order = await res.json();
    expect(order).toMatchObject({ status: 'filled', purchase: { price_cents: 2_500 } });
    expect(await (await placeOrder(listing.id, 'dan', 3_000, 'dan-once')).json()).toEqual(order);
    expect(await wallet('dan')).toEqual({ balance: 7_500, held: 0 });
  });

  it('refuses X below the floor, a second open order, an order above available funds — holding nothing', async () => {
    t.clock.set(TEST_NOW);
    const listing = await addListing(t, acme.id, roofing);
    const low = await placeOrder(listing.id, 'bob', 499);
    expect(low.status).toBe(400);
    expect(Object.keys((await low.json()).error.fields)).toEqual(['max_price_cents']);
    expect((await placeOrder(listing.id, 'bob', 1_000)).status).toBe(201);
    const second = await placeOrder(listing.id, 'bob', 1_500);
    expect(second.status).toBe(409);
    const poor = await placeOrder(listing.id, 'broke', 1_500);
    expect((await poor.json()).error.code).toBe('insufficient_funds');
    expect(await wallet('broke')).toEqual({ balance: 1_000, held: 0 });
    expect(await wallet('bob')).toEqual({ balance: 10_000, held: 1_000 });
  });

  it('releases the hold on cancel (again: same reply), and on listing expiry or withdrawal', async () => {
    t.clock.set(TEST_NOW);
    const { items } = await (await call('GET', '/marketplace/buy-orders?status=open', 'bob')).json();
    const cancel = await call('POST', `/marketplace/buy-orders/${items[0].id}/cancel`, 'bob');
    expect(cancel.status).toBe(200);
    expect((await cancel.json()).status).toBe('canceled');
    expect((await call('POST', `/marketplace/buy-orders/${items[0].id}/cancel`, 'bob')).status).toBe(200);
    expect((await call('POST', `/marketplace/buy-orders/${items[0].id}/cancel`, 'ann')).status).toBe(404);
    expect(await wallet('bob')).toEqual({ balance: 10_000, held: 0 });
    expect((await ledger('bob')).at(-1)).toEqual(['buy_order_canceled', 0, -1_000]);

    const expiring = await addListing(t, acme.id, roofing, { expiresAt: new Date(TEST_NOW.getTime() + 60_000) });
    expect((await placeOrder(expiring.id, 'bob', 600)).status).toBe(201);
    expect(await wallet('bob')).toEqual({ balance: 10_000, held: 600 });
    t.clock.set(new Date(TEST_NOW.getTime() + 60_000));
    await scheduler.runOnce();
    expect(await wallet('bob')).toEqual({ balance: 10_000, held: 0 });
    expect(await t.db.selectFrom('marketplace_listings').select('status').where('id', '=', expiring.id).executeTakeFirstOrThrow()).toEqual({ status: 'expired' });
    expect(await t.db.selectFrom('buy_orders').select('status').where('listing_id', '=', expiring.id).executeTakeFirstOrThrow()).toEqual({ status: 'expired' });

    t.clock.set(TEST_NOW);
    const withdrawn = await addListing(t, acme.id, roofing);
    expect((await placeOrder(withdrawn.id, 'bob', 700)).status).toBe(201);
    expect((await t.request(`/provider/v1/listings/${withdrawn.id}/withdraw`, { method: 'POST', token: acme.apiKey })).status).toBe(200);
    expect(await wallet('bob')).toEqual({ balance: 10_000, held: 0 });
  });

  it('standing orders: fill matching listings as they appear and at each price step, partially, never beyond quantity or available funds', async () => {
    t.clock.set(TEST_NOW);
    await t.db.updateTable('marketplace_listings').set({ status: 'withdrawn' }).where('status', '=', 'open').execute();
    const elsewhere = await addListing(t, acme.id, roofing, { fields: { state: 'TX', county: 'Travis', zip: '78702' } });
    const first = await addListing(t, acme.id, roofing, { fields: { state: 'TX', county: 'Travis', zip: '78701' } });
    const created = await call('POST', '/marketplace/standing-orders', 'cat', { lead_type_id: roofing, filters: { zips: ['78701'] }, max_price_cents: 2_000, quantity: 2 });
    expect(created.status).toBe(201);
    const order = await created.json();
    expect(order).toMatchObject({ status: 'open', filled: 0, quantity: 2, max_price_cents: 2_000, filters: { zips: ['78701'], radius: null, rules: [] } });
    // No hold: a standing order only checks available funds when it fills.
    expect(await wallet('cat')).toEqual({ balance: 10_000, held: 0 });

    at(2);
    expect(await scheduler.runOnce()).toBe(1);
    let detail = await (await call('GET', `/marketplace/standing-orders/${order.id}`, 'cat')).json();
    expect(detail).toMatchObject({ filled: 1, status: 'open', fills: [{ listing_id: first.id, lead_id: first.leadId, price_cents: 2_000 }] });
    expect(await t.db.selectFrom('marketplace_listings').select('status').where('id', '=', elsewhere.id).executeTakeFirstOrThrow()).toEqual({ status: 'open' });

    // A listing appearing at a price already below max fills at once; then the order is done.
    await addListing(t, acme.id, roofing, { fields: { zip: '78701' }, firstPriceCents: 1_500n, floorCents: 500n });
    await addListing(t, acme.id, roofing, { fields: { zip: '78701' }, firstPriceCents: 1_500n, floorCents: 500n });
    expect(await scheduler.runOnce()).toBe(1);
    detail = await (await call('GET', `/marketplace/standing-orders/${order.id}`, 'cat')).json();
    expect(detail).toMatchObject({ filled: 2, status: 'filled' });
    expect(detail.fills.map((f: { price_cents: number }) => f.price_cents)).toEqual([2_000, 1_500]);
    expect(await scheduler.runOnce()).toBe(0);
    const bought = await (await call('GET', '/leads', 'cat')).json();
    expect(bought.items.filter((l: { source: { kind: string } }) => l.source.kind === 'standing_order')).toHaveLength(2);

    // Too little available money at fill time: skipped, still open.
    const broke = await call('POST', '/marketplace/standing-orders', 'broke', { lead_type_id: roofing, max_price_cents: 1_400, quantity: 1 });
    t.clock.set(new Date(t.clock.now().getTime() + STEP_MS)); // the open 1,500 listing is at 1,250: within max, above 1,000 available
    expect(await scheduler.runOnce()).toBe(0);
    expect((await (await call('GET', `/marketplace/standing-orders/${(await broke.json()).id}`, 'broke')).json()).status).toBe('open');
  });

  it('a listing buy order and a standing order compete: the higher max wins', async () => {
    t.clock.set(TEST_NOW);
    await t.db.updateTable('marketplace_listings').set({ status: 'withdrawn' }).where('status', '=', 'open').execute();
    const listing = await addListing(t, acme.id, roofing);
    const standing = await (await call('POST', '/marketplace/standing-orders', 'dan', { lead_type_id: roofing, max_price_cents: 1_800, quantity: 1 })).json();
    expect((await placeOrder(listing.id, 'ann', 1_700)).status).toBe(201);
    at(3); // 1,750: only dan's 1,800 reaches it
    expect(await scheduler.runOnce()).toBe(1);
    expect((await (await call('GET', `/marketplace/standing-orders/${standing.id}`, 'dan')).json()).fills).toMatchObject([{ listing_id: listing.id, price_cents: 1_750 }]);
    expect(await t.db.selectFrom('buy_orders').select('status').where('listing_id', '=', listing.id).executeTakeFirstOrThrow()).toEqual({ status: 'released' });
    expect(await wallet('ann')).toMatchObject({ held: 0 });
  });

  it('cancels a standing order (again: the same), lists them, and refuses bad orders', async () => {
    t.clock.set(TEST_NOW);
    const open = await (await call('POST', '/marketplace/standing-orders', 'bob', { lead_type_id: roofing, max_price_cents: 100, quantity: 3, expires_at: '2026-11-27T18:00:00Z' })).json();
    const res = await call('POST', `/marketplace/standing-orders/${open.id}/cancel`, 'bob');
    expect((await res.json()).status).toBe('canceled');
    expect((await call('POST', `/marketplace/standing-orders/${open.id}/cancel`, 'bob')).status).toBe(200);
    expect((await call('POST', `/marketplace/standing-orders/${open.id}/cancel`, 'ann')).status).toBe(404);
    expect((await (await call('GET', '/marketplace/standing-orders', 'bob')).json()).items.map((o: { id: string }) => o.id)).toEqual([open.id]);
    for (const [body, field] of [
      [{ lead_type_id: 'lt_nope', max_price_cents: 100, quantity: 1 }, 'lead_type_id'],
      [{ lead_type_id: roofing, max_price_cents: 100, quantity: 1, filters: { zips: ['00000'] } }, 'filters.zips.0'],
      [{ lead_type_id: roofing, max_price_cents: 100, quantity: 1, filters: { rules: [{ field: 'internal_score', op: 'exists' }] } }, 'filters.rules.0.field'],
      [{ lead_type_id: roofing, max_price_cents: 100, quantity: 1, expires_at: '2026-11-26T17:00:00Z' }, 'expires_at'],
    ] as const) {
      const bad = await call('POST', '/marketplace/standing-orders', 'bob', body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((await bad.json()).error.fields)).toContain(field);
    }

    const expiring = await (await call('POST', '/marketplace/standing-orders', 'bob', { lead_type_id: roofing, max_price_cents: 100, quantity: 1, expires_at: '2026-11-26T19:00:00Z' })).json();
    t.clock.set(new Date('2026-11-26T19:00:00Z'));
    await scheduler.runOnce();
    expect((await (await call('GET', `/marketplace/standing-orders/${expiring.id}`, 'bob')).json()).status).toBe('expired');
  });

  it('pages past listings no order’s filters match, so a newer matching one still fills', async () => {
    t.clock.set(TEST_NOW);
    await t.db.updateTable('marketplace_listings').set({ status: 'withdrawn' }).where('status', '=', 'open').execute();
    for (let i = 0; i < 3; i++) await addListing(t, acme.id, roofing, { fields: { zip: '78702' }, at: new Date(TEST_NOW.getTime() - 10_000 + i) });
    const wanted = await addListing(t, acme.id, roofing, { fields: { zip: '78701' } });
    await t.db.insertInto('standing_orders').values({ id: 'so_paging', provider_id: acme.id, customer_id: ids.dan!, lead_type_id: roofing, filters: JSON.stringify({ zips: ['78701'] }), max_price_cents: 5_000n, quantity: 1 }).execute();
    expect(await fillScope(t.deps, {}, 2)).toBe(1);
    expect(await t.db.selectFrom('purchases').select(['customer_id', 'standing_order_id']).where('listing_id', '=', wanted.id).execute()).toEqual([{ customer_id: ids.dan, standing_order_id: 'so_paging' }]);
  });
});
