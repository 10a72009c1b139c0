import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveCaps } from '../../domain/caps.js';
import { targets } from '../../test/databases.js';
import { addBid, addLeadType } from '../../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';

const caps = (day: { count: number | null; spend_cents: number | null }) => ({ day, week: { count: null, spend_cents: null }, month: { count: null, spend_cents: null } });

describe.each(targets)('limits API on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let customerId: string;
  let bidId: string;
  let otherBidId: string;
  let token: string;

  const put = (path: string, body: unknown, as = token) => t.request(`/api/v1${path}`, { method: 'PUT', token: as, body: JSON.stringify(body) });

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    customerId = (await t.addCustomer(acme, 'mine', { timezone: 'America/New_York' })).id;
    const otherId = (await t.addCustomer(acme, 'other')).id;
    const leadTypeId = await addLeadType(t.db, acme.id);
    bidId = await addBid(t.db, { providerId: acme.id, customerId }, leadTypeId, { name: 'Roofing', amountCents: 2_500n });
    otherBidId = await addBid(t.db, { providerId: acme.id, customerId: otherId }, leadTypeId, { amountCents: 2_500n });
    token = await t.mintToken(acme, { sub: 'buyer-1', customerIds: ['mine'], roles: { mine: 'buyer' } });
  });
  afterAll(() => t.close());

  it('sets customer and bid caps and reads them back with usage and local period bounds', async () => {
    expect((await put('/limits', caps({ count: 5, spend_cents: 10_000 }))).status).toBe(200);
    const res = await put(`/limits/bids/${bidId}`, { ...caps({ count: null, spend_cents: null }), month: { count: 40, spend_cents: 90_000 } });
    expect(res.status).toBe(200);
    await t.db.transaction().execute((trx) => reserveCaps(trx, { providerId: acme.id, customerId }, { bidId, priceCents: 2_500n, at: t.clock.now() }));

    const body = await (await t.request('/api/v1/limits', { token })).json();
    expect(body.timezone).toBe('America/New_York');
    expect(body.customer.day).toEqual({ start: '2026-11-26T05:00:00.000Z', end: '2026-11-27T05:00:00.000Z', count: { cap: 5, used: 1 }, spend_cents: { cap: 10_000, used: 2_500 } });
    expect(body.customer.week).toMatchObject({ start: '2026-11-23T05:00:00.000Z', count: { cap: null, used: 1 } });
    expect(body.bids).toEqual([
      expect.objectContaining({ bid_id: bidId, name: 'Roofing', limits: expect.objectContaining({ month: expect.objectContaining({ start: '2026-11-01T04:00:00.000Z', count: { cap: 40, used: 1 }, spend_cents: { cap: 90_000, used: 2_500 } }) }) }),
    ]);
  });

  it('removes a cap given as null', async () => {
    await put('/limits', caps({ count: 5, spend_cents: 10_000 }));
    const body = await (await put('/limits', caps({ count: null, spend_cents: 10_000 }))).json();
    expect(body.customer.day.count.cap).toBeNull();
    expect(body.customer.day.spend_cents.cap).toBe(10_000);
  });

  it('names the invalid field', async () => {
    const res = await put('/limits', { ...caps({ count: -1, spend_cents: null }), week: { count: null, spend_cents: 1.5 } });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_request');
    expect(Object.keys(error.fields).sort()).toEqual(['day.count', 'week.spend_cents']);
  });

  it('answers 404 for another customer’s bid and an unknown bid, writing nothing', async () => {
    for (const id of [otherBidId, 'bid_nope']) {
      const res = await put(`/limits/bids/${id}`, caps({ count: 1, spend_cents: null }));
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
    expect(await t.db.selectFrom('caps').select('id').where('bid_id', '=', otherBidId).execute()).toEqual([]);
  });

  it.each(['viewer', 'billing'] as const)('refuses a %s with 403', async (role) => {
    const as = await t.mintToken(acme, { sub: `role-${role}`, customerIds: ['mine'], roles: { mine: role } });
    for (const path of ['/limits', `/limits/bids/${bidId}`]) {
      const res = await put(path, caps({ count: 0, spend_cents: null }), as);
      expect(res.status, path).toBe(403);
    }
  });
});
