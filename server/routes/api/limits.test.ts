import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveCaps } from '../../domain/caps.js';
import type { PortalEvent } from '../../lib/events.js';
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

describe.each(targets)('timezone change (D30) on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let customerId: string;
  let bidId: string;
  const tenant = () => ({ providerId: acme.id, customerId });
  const weekly = { day: { count: 3, spend_cents: null }, week: { count: 10, spend_cents: null }, month: { count: null, spend_cents: null } };

  const admin = () => t.mintToken(acme, { sub: 'tz-admin', customerIds: ['tz'], roles: { tz: 'admin' } });
  const putZone = async (timezone: unknown, token?: string) =>
    t.request('/api/v1/limits/timezone', { method: 'PUT', token: token ?? (await admin()), body: JSON.stringify({ timezone }) });
  const limits = async () => (await t.request('/api/v1/limits', { token: await admin() })).json();
  const buy = () => t.db.transaction().execute((trx) => reserveCaps(trx, tenant(), { bidId, priceCents: 1_000n, at: t.clock.now() }));
  const usage = (period: 'day' | 'week' | 'month') =>
    t.db.selectFrom('cap_usage').select([sql<string>`period_start::text`.as('start'), 'lead_count']).where('customer_id', '=', customerId).where('subject', '=', 'customer').where('period', '=', period).orderBy('period_start').execute();

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    customerId = (await t.addCustomer(acme, 'tz', { timezone: 'America/Chicago' })).id;
    bidId = await addBid(t.db, tenant(), await addLeadType(t.db, acme.id), { amountCents: 1_000n });
  });
  afterAll(() => t.close());

  it('refuses an unknown zone or a bare offset naming the field, and lets only admins change it', async () => {
    for (const zone of ['Mars/Olympus_Mons', '+05:00', '', 42]) {
      const res = await putZone(zone);
      expect(res.status, String(zone)).toBe(400);
      expect(Object.keys((await res.json()).error.fields)).toEqual(['timezone']);
    }
    for (const role of ['buyer', 'billing', 'viewer'] as const) {
      const as = await t.mintToken(acme, { sub: `tz-${role}`, customerIds: ['tz'], roles: { tz: role } });
      expect((await putZone('America/New_York', as)).status, role).toBe(403);
    }
    expect((await limits()).timezone).toBe('America/Chicago');
  });

  it('keeps usage in one row per period across a westward switch: nothing lost, nothing counted twice', async () => {
    t.clock.set('2026-11-25T21:00:00Z'); // Wednesday 15:00 in Chicago
    expect((await t.request('/api/v1/limits', { method: 'PUT', token: await admin(), body: JSON.stringify(weekly) })).status).toBe(200);
    const published: PortalEvent[] = [];
    const unsubscribe = t.deps.events.subscribe((e) => published.push(e));
    await buy();
    await buy();

    const res = await putZone('america/los_angeles');
    unsubscribe();
    expect(res.status).toBe(200);
    const pending = await res.json();
    expect(pending.timezone).toBe('America/Chicago');
    expect(pending.timezone_change).toEqual({ timezone: 'America/Los_Angeles', at: '2026-11-26T06:00:00.000Z' });
    expect(pending.customer.day).toMatchObject({ end: '2026-11-26T06:00:00.000Z', count: { cap: 3, used: 2 } });
    expect(published.map((e) => e.type).sort()).toEqual(['customer.updated', 'limits.updated']);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('customer_id', '=', customerId).where('action', '=', 'customer.timezone_changed').execute();
    expect(audit).toEqual([{ action: 'customer.timezone_changed', details: { from: 'America/Chicago', to: 'America/Los_Angeles', effective_at: '2026-11-26T06:00:00.000Z' } }]);

    // 23:00 Wednesday in Los Angeles, one hour after Chicago's midnight: a fresh day, the same week.
    t.clock.set('2026-11-26T07:00:00Z');
    await buy();
    const after = await limits();
    expect(after.timezone).toBe('America/Los_Angeles');
    expect(after.timezone_change).toBeNull();
    expect(after.customer.day).toMatchObject({ start: '2026-11-26T06:00:00.000Z', end: '2026-11-27T08:00:00.000Z', count: { cap: 3, used: 1 } });
    expect(after.customer.week).toMatchObject({ start: '2026-11-23T06:00:00.000Z', end: '2026-11-30T08:00:00.000Z', count: { cap: 10, used: 3 } });
    expect((await usage('day')).map((r) => [r.start, Number(r.lead_count)])).toEqual([
      ['2026-11-25', 2],
      ['2026-11-26', 1],
    ]);
    expect((await usage('week')).map((r) => Number(r.lead_count))).toEqual([3]);

    // Inside the new day's extra hours a further change could not keep those keys, so it waits.
    const again = await putZone('America/Denver');
    expect(again.status).toBe(409);
    expect(Object.keys((await again.json()).error.fields)).toEqual(['timezone']);
    t.clock.set('2026-11-27T09:00:00Z');
    expect((await putZone('America/Denver')).status).toBe(200);
    await putZone('America/Los_Angeles'); // cancel, for the next test
  });

  it('retargets a pending change, and cancels it when set back to the zone in effect, with one audit row each', async () => {
    t.clock.set('2026-12-02T20:00:00Z');
    await putZone('America/New_York');
    const retargeted = await (await putZone('Asia/Tokyo')).json();
    expect(retargeted.timezone_change).toEqual({ timezone: 'Asia/Tokyo', at: '2026-12-03T08:00:00.000Z' });
    const cancelled = await (await putZone('America/Los_Angeles')).json();
    expect(cancelled).toMatchObject({ timezone: 'America/Los_Angeles', timezone_change: null });
    const row = await t.db.selectFrom('customers').select(['timezone', 'timezone_previous', 'timezone_changed_at']).where('id', '=', customerId).executeTakeFirstOrThrow();
    expect(row).toEqual({ timezone: 'America/Los_Angeles', timezone_previous: null, timezone_changed_at: null });
    const unchanged = await putZone('America/Los_Angeles');
    expect(unchanged.status).toBe(200);
    const actions = await t.db.selectFrom('audit_log').select('details').where('customer_id', '=', customerId).where('action', '=', 'customer.timezone_changed').orderBy('id').execute();
    expect(actions.map((a) => (a.details as { to: string }).to).slice(-3)).toEqual(['America/New_York', 'Asia/Tokyo', 'America/Los_Angeles']);
  });
});
