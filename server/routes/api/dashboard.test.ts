import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.js';
import { targets } from '../../test/databases.js';
import { addBid, addLeadType } from '../../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';
import { addPurchasedLead, CONTACT_FIELDS } from '../../test/lead-fixtures.js';

/** TEST_NOW is Thursday 2026-11-26 12:00 in Chicago: the week started Monday the 23rd, the month on the 1st. */
describe.each(targets)('dashboard API on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let mine: { id: string };
  let token: string;
  let capped: string;
  const recent: string[] = [];

  const dashboard = async (as = token) => {
    const res = await t.request('/api/v1/dashboard', { token: as });
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  };

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    mine = await t.addCustomer(acme, 'mine', { balanceCents: 100_000n });
    await t.addCustomer(acme, 'empty');
    const neighbour = await t.addCustomer(acme, 'neighbour', { balanceCents: 100_000n });
    const tenant = { providerId: acme.id, customerId: mine.id };
    const leadType = await addLeadType(t.db, acme.id, { fields: CONTACT_FIELDS });
    capped = await addBid(t.db, tenant, leadType, { amountCents: 2_000n, name: 'Capped bid' });
    const uncapped = await addBid(t.db, tenant, leadType, { amountCents: 2_000n, name: 'Free bid' });
    const theirBid = await addBid(t.db, { providerId: acme.id, customerId: neighbour.id }, leadType, { amountCents: 2_000n });
    const buy = async (at: string, priceCents: bigint) =>
      (await addPurchasedLead(t, tenant, { leadTypeId: leadType, priceCents, purchasedAt: new Date(at), fields: { first_name: 'Pat', internal_score: 'SECRET-731' } })).leadId;
    // Oldest first; the newest five are the recent leads.
    await buy('2026-10-01T17:00:00Z', 6_000n); // outside the 30-day chart
    recent.unshift(await buy('2026-10-30T17:00:00Z', 5_000n)); // last month, in the chart
    recent.unshift(await buy('2026-11-20T17:00:00Z', 4_000n)); // this month, last week
    recent.unshift(await buy('2026-11-24T17:00:00Z', 3_000n)); // this week
    recent.unshift(await buy('2026-11-26T16:00:00Z', 1_000n)); // today
    recent.unshift(await buy('2026-11-26T17:00:00Z', 2_000n)); // today
    await addPurchasedLead(t, { providerId: acme.id, customerId: neighbour.id }, { leadTypeId: leadType, priceCents: 9_000n, fields: {} });

    const counters = [
      [capped, '2026-11-26', 'won', 3], [capped, '2026-11-26', 'outbid', 2], [uncapped, '2026-11-20', 'capped', 1], [uncapped, '2026-11-20', 'outbid', 4],
      [capped, '2026-11-19', 'wallet', 5], // before the 7-day window
      [theirBid, '2026-11-26', 'won', 7], // another customer's
    ] as const;
    await t.db.insertInto('bid_outcome_counters').values(counters.map(([bid_id, day, reason, count]) => ({ bid_id, day, reason, count }))).execute();
    await t.db
      .insertInto('caps')
      .values([
        { id: newId('cap'), provider_id: acme.id, customer_id: mine.id, bid_id: null, period: 'month', metric: 'spend', cap: 50_000n },
        { id: newId('cap'), provider_id: acme.id, customer_id: mine.id, bid_id: capped, period: 'day', metric: 'count', cap: 10n },
      ])
      .execute();
    token = await t.mintToken(acme, { sub: 'dana', customerIds: ['mine', 'empty'] });
  });
  afterAll(() => t.close());

  it('counts leads and spend today, this week and this month in the customer’s timezone, and per day for 30 days', async () => {
    const d = await dashboard();
    expect(d.timezone).toBe('America/Chicago');
    expect(d.totals).toEqual({
      today: { start: '2026-11-26', lead_count: 2, spend_cents: 3_000 },
      week: { start: '2026-11-23', lead_count: 3, spend_cents: 6_000 },
      month: { start: '2026-11-01', lead_count: 4, spend_cents: 10_000 },
    });
    expect(d.per_day).toHaveLength(30);
    expect(d.per_day[0]).toEqual({ date: '2026-10-28', lead_count: 0, spend_cents: 0, returned_cents: 0 });
    expect(d.per_day[2]).toEqual({ date: '2026-10-30', lead_count: 1, spend_cents: 5_000, returned_cents: 0 });
    expect(d.per_day[29]).toEqual({ date: '2026-11-26', lead_count: 2, spend_cents: 3_000, returned_cents: 0 });
    expect(d.per_day.reduce((sum: number, day: any) => sum + day.spend_cents, 0)).toBe(15_000);
  });

  it('shows the five newest leads, deliverable fields only', async () => {
    const d = await dashboard();
    expect(d.recent_leads.map((l: any) => l.id)).toEqual(recent);
    expect(JSON.stringify(d.recent_leads)).not.toContain('SECRET-731');
  });

  it('sums the customer’s bid wins and losses by reason over the last 7 days', async () => {
    expect((await dashboard()).bid_activity).toEqual({ since: '2026-11-20', days: 7, won: 3, losses: { outbid: 6, capped: 1, wallet: 0, filters: 0, schedule: 0, paused: 0 } });
  });

  it('gives funding status and runway at the last 7 days’ spend, and caps usage for the customer and capped bids', async () => {
    const d = await dashboard();
    // 100,000 − 21,000 spent = 79,000 available; 10,000 spent since the 20th -> 79,000 × 7 / 10,000 = 55.3 days.
    expect(d.funding).toEqual({ status: 'available', balance_cents: 79_000, available_cents: 79_000, spend_last_7_days_cents: 10_000, runway_days: 55 });
    expect(d.caps.customer.month.spend_cents).toEqual({ cap: 50_000, used: 0 });
    expect(d.caps.bids.map((b: any) => [b.bid_id, b.name, b.limits.day.count.cap])).toEqual([[capped, 'Capped bid', 10]]);
  });

  it('has no runway and empty lists for a customer without purchases', async () => {
    const res = await t.request('/api/v1/dashboard', { token, customer: 'empty' });
    const d = (await res.json()) as any;
    expect(d.funding).toMatchObject({ status: 'exhausted', runway_days: null, spend_last_7_days_cents: 0 });
    expect(d.recent_leads).toEqual([]);
    expect(d.totals.month).toEqual({ start: '2026-11-01', lead_count: 0, spend_cents: 0 });
    expect(d.getting_started.steps.every((s: any) => !s.done)).toBe(true);
  });

  it('ticks getting-started steps from real data and remembers a dismissal per user and customer', async () => {
    const steps = (d: any) => Object.fromEntries(d.getting_started.steps.map((s: any) => [s.key, s.done]));
    let d = await dashboard();
    expect(steps(d)).toEqual({ payment_method: false, bid: true, notifications: false, limits: true });
    expect(d.getting_started).toMatchObject({ visible: true, complete: false, dismissed: false });
    expect(d.getting_started.steps.map((s: any) => s.section)).toEqual(['billing', 'bids', 'notifications', 'limits']);

    const dismissed = await t.request('/api/v1/dashboard/getting-started', { method: 'PUT', token, body: JSON.stringify({ dismissed: true }) });
    expect(dismissed.status).toBe(200);
    expect(await dismissed.json()).toMatchObject({ visible: false, dismissed: true });
    expect((await dashboard()).getting_started.visible).toBe(false);
    const colleague = await t.mintToken(acme, { sub: 'sam', customerIds: ['mine'] });
    expect((await dashboard(colleague)).getting_started.visible).toBe(true);
    const other = await t.request('/api/v1/dashboard', { token, customer: 'empty' });
    expect(((await other.json()) as any).getting_started.visible).toBe(true);
    await t.request('/api/v1/dashboard/getting-started', { method: 'PUT', token, body: JSON.stringify({ dismissed: false }) });
    expect((await dashboard()).getting_started.visible).toBe(true);

    await t.db.insertInto('payment_methods').values({ id: newId('pm'), provider_id: acme.id, customer_id: mine.id, stripe_payment_method_id: 'pm_test_1', brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030 }).execute();
    await t.db.insertInto('notification_recipients').values({ id: newId('rcp'), provider_id: acme.id, customer_id: mine.id, name: 'Hook', channel: 'webhook', address: 'https://hooks.example/lead', http_method: 'POST' }).execute();
    d = await dashboard();
    expect(steps(d)).toEqual({ payment_method: true, bid: true, notifications: true, limits: true });
    expect(d.getting_started).toMatchObject({ visible: false, complete: true });
  });
});
