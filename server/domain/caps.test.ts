import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBid, addLeadType } from '../test/fixtures.js';
import { targets } from '../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../test/harness.js';
import { cappedSubjects, readLimits, reserveCaps, setBidCaps, setCustomerCaps, type CapSet, type Reservation } from './caps.js';
import type { Tenant } from './ledger.js';

const noCaps = (): CapSet => ({ day: { count: null, spendCents: null }, week: { count: null, spendCents: null }, month: { count: null, spendCents: null } });
const withCaps = (patch: Partial<CapSet>): CapSet => ({ ...noCaps(), ...patch });

describe.each(targets)('caps on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let leadTypeId: string;

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    leadTypeId = await addLeadType(t.db, acme.id);
  });
  afterAll(() => t.close());

  async function newCustomer(name: string, timezone = 'America/Chicago') {
    const { id } = await t.addCustomer(acme, name, { timezone });
    const tenant: Tenant = { providerId: acme.id, customerId: id };
    const bidId = await addBid(t.db, tenant, leadTypeId, { amountCents: 2_000n });
    return { tenant, bidId };
  }
  const reserve = (tenant: Tenant, reservation: Partial<Reservation> & { priceCents: bigint }) =>
    t.db.transaction().execute((trx) => reserveCaps(trx, tenant, { bidId: null, at: t.clock.now(), ...reservation }));
  const usageRows = (tenant: Tenant) => t.db.selectFrom('cap_usage').selectAll().where('customer_id', '=', tenant.customerId).execute();

  it('takes each purchase from the customer’s and the bid’s day, week and month usage', async () => {
    const { tenant, bidId } = await newCustomer('usage');
    expect(await reserve(tenant, { bidId, priceCents: 2_000n })).toEqual({ ok: true });
    expect(await reserve(tenant, { priceCents: 500n })).toEqual({ ok: true }); // marketplace: customer only (D14)
    const limits = await readLimits(t.db, tenant, t.clock);
    expect(limits.timezone).toBe('America/Chicago');
    for (const period of ['day', 'week', 'month'] as const) {
      expect(limits.customer[period]).toMatchObject({ usedCount: 2n, usedSpendCents: 2_500n, count: null, spendCents: null });
      expect(limits.bids[0]!.limits[period]).toMatchObject({ usedCount: 1n, usedSpendCents: 2_000n });
    }
    expect(limits.customer.week.start).toEqual(new Date('2026-11-23T06:00:00Z'));
  });

  it('refuses past a customer count cap and writes nothing when refused', async () => {
    const { tenant, bidId } = await newCustomer('count-cap');
    await setCustomerCaps(t.deps, tenant, 'user-1', withCaps({ day: { count: 2n, spendCents: null } }));
    expect(await reserve(tenant, { bidId, priceCents: 2_000n })).toEqual({ ok: true });
    expect(await reserve(tenant, { priceCents: 100n })).toEqual({ ok: true });
    const before = await usageRows(tenant);
    expect(await reserve(tenant, { bidId, priceCents: 2_000n })).toEqual({ ok: false, capped: [{ subject: 'customer', period: 'day', metric: 'count' }] });
    expect(await usageRows(tenant)).toEqual(before);
  });

  it('refuses a purchase whose price would pass a bid spend cap, and leaves no usage rows behind', async () => {
    const { tenant, bidId } = await newCustomer('spend-cap');
    await setBidCaps(t.deps, tenant, 'user-1', bidId, withCaps({ month: { count: null, spendCents: 3_000n } }));
    expect(await reserve(tenant, { bidId, priceCents: 3_001n })).toEqual({ ok: false, capped: [{ subject: bidId, period: 'month', metric: 'spend' }] });
    expect(await usageRows(tenant)).toEqual([]);
    expect(await reserve(tenant, { bidId, priceCents: 3_000n })).toEqual({ ok: true });
    // The bid's cap does not bind marketplace purchases (D14).
    expect(await reserve(tenant, { priceCents: 3_000n })).toEqual({ ok: true });
    expect(await cappedSubjects(t.db, tenant, t.clock)).toEqual({ customerCapped: false, cappedBidIds: new Set([bidId]) });
  });

  it('opens a new day at local midnight, a new week on Monday and a new month on the 1st', async () => {
    const { tenant, bidId } = await newCustomer('periods');
    await setBidCaps(t.deps, tenant, 'user-1', bidId, { day: { count: 1n, spendCents: null }, week: { count: 2n, spendCents: null }, month: { count: 3n, spendCents: null } });
    try {
      t.clock.set('2026-11-28T05:59:00Z'); // Friday 23:59 in Chicago
      expect(await reserve(tenant, { bidId, priceCents: 1n })).toEqual({ ok: true });
      expect((await reserve(tenant, { bidId, priceCents: 1n })).ok).toBe(false);
      t.clock.set('2026-11-28T06:00:00Z'); // Saturday 00:00: a new day, the same week
      expect(await reserve(tenant, { bidId, priceCents: 1n })).toEqual({ ok: true });
      t.clock.set('2026-11-29T12:00:00Z'); // Sunday: week cap of 2 reached
      expect(await reserve(tenant, { bidId, priceCents: 1n })).toEqual({ ok: false, capped: [{ subject: bidId, period: 'week', metric: 'count' }] });
      t.clock.set('2026-11-30T06:00:00Z'); // Monday 00:00: new week, month has one lead left
      expect(await reserve(tenant, { bidId, priceCents: 1n })).toEqual({ ok: true });
      t.clock.set('2026-11-30T12:00:00Z');
      expect(await reserve(tenant, { bidId, priceCents: 1n })).toMatchObject({ ok: false });
      t.clock.set('2026-12-01T06:00:00Z'); // the 1st: a new month (and a new day)
      expect(await reserve(tenant, { bidId, priceCents: 1n })).toEqual({ ok: true });
    } finally {
      t.clock.set('2026-11-26T18:00:00Z');
    }
  });

  it('reports a customer as capped, and every bid with it, once a customer-wide cap is reached', async () => {
    const { tenant, bidId } = await newCustomer('customer-capped');
    await setCustomerCaps(t.deps, tenant, 'user-1', withCaps({ week: { count: null, spendCents: 2_500n } }));
    expect(await cappedSubjects(t.db, tenant, t.clock)).toEqual({ customerCapped: false, cappedBidIds: new Set() });
    expect(await reserve(tenant, { priceCents: 1_000n })).toEqual({ ok: true });
    // 1,000 + the bid's 2,000 would pass 2,500: the bid cannot compete, though a cheaper marketplace lead still fits.
    expect(await cappedSubjects(t.db, tenant, t.clock)).toEqual({ customerCapped: false, cappedBidIds: new Set([bidId]) });
    expect(await reserve(tenant, { priceCents: 1_500n })).toEqual({ ok: true });
    expect(await cappedSubjects(t.db, tenant, t.clock)).toEqual({ customerCapped: true, cappedBidIds: new Set([bidId]) });
  });

  it('replaces caps, removes a cap given as null, audits the change and publishes limits.updated', async () => {
    const { tenant, bidId } = await newCustomer('edit');
    const events: unknown[] = [];
    const unsubscribe = t.deps.events.subscribe((e) => events.push(e));
    await setCustomerCaps(t.deps, tenant, 'user-1', withCaps({ day: { count: 5n, spendCents: 10_000n } }));
    await setCustomerCaps(t.deps, tenant, 'user-1', withCaps({ day: { count: null, spendCents: 9_000n } }));
    unsubscribe();
    const limits = await readLimits(t.db, tenant, t.clock);
    expect(limits.customer.day).toMatchObject({ count: null, spendCents: 9_000n });
    expect(limits.bids[0]!.limits.day).toMatchObject({ count: null, spendCents: null });
    expect(events).toEqual([
      { type: 'limits.updated', providerId: acme.id, customerId: tenant.customerId, data: { subject: 'customer' } },
      { type: 'limits.updated', providerId: acme.id, customerId: tenant.customerId, data: { subject: 'customer' } },
    ]);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('customer_id', '=', tenant.customerId).where('action', '=', 'limits.updated').orderBy('id').execute();
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ actor_kind: 'user', actor_id: 'user-1', subject_type: 'customer' });
    expect(audit[1]!.details).toMatchObject({ before: { day: { count: '5', spend_cents: '10000' } }, after: { day: { count: null, spend_cents: '9000' } } });
    await expect(setBidCaps(t.deps, tenant, 'user-1', bidId, withCaps({ day: { count: -1n, spendCents: null } }))).rejects.toMatchObject({ code: 'invalid_request', fields: { 'day.count': expect.any(String) } });
  });

  it('refuses another customer’s bid as not found', async () => {
    const mine = await newCustomer('bid-owner');
    const theirs = await newCustomer('bid-thief');
    await expect(setBidCaps(t.deps, theirs.tenant, 'user-1', mine.bidId, noCaps())).rejects.toMatchObject({ code: 'not_found' });
  });
});
