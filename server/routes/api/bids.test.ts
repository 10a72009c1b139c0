import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadField } from '../../db/schema.js';
import type { PortalEvent } from '../../lib/events.js';
import { targets } from '../../test/databases.js';
import { postLead, TEXAS_LEAD } from '../../test/auction-fixtures.js';
import { addLeadType, setProviderSettings } from '../../test/fixtures.js';
import { createTestContext, TEST_NOW, type TestContext, type TestProvider } from '../../test/harness.js';

/** SPEC "Bids" over HTTP: the bid profiles API, its validation, roles, tenancy, bidding switch, position and competing (D15, D16). */
const FIELDS: LeadField[] = [
  { key: 'roof_age', label: 'Roof age', type: 'number', deliverable: true, preview: false },
  { key: 'homeowner', label: 'Homeowner', type: 'boolean', deliverable: true, preview: false },
  { key: 'internal_score', label: 'Score', type: 'number', deliverable: false, preview: false },
];

describe.each(targets)('bid profiles API on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let roofing: string;
  let fixed: string;
  let retired: string;
  let admin: string;
  let mineId: string;
  const events: PortalEvent[] = [];

  const send = async (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await t.request(path, { method, token, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
  const newBid = (overrides: Record<string, unknown> = {}) => ({ name: 'Roofing TX', lead_type_id: roofing, amount_cents: 2_500, scope: { kind: 'state', state: 'TX' }, ...overrides });
  const create = async (token: string, overrides: Record<string, unknown> = {}) => {
    const res = await send('POST', '/api/v1/bids', token, newBid(overrides));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  /** A customer of its own, so its bids and wallet do not disturb other tests. */
  const customerToken = async (externalId: string, options: Parameters<TestContext['addCustomer']>[2] = {}, provider = acme) => {
    const customer = await t.addCustomer(provider, externalId, options);
    return { id: customer.id, token: await t.mintToken(provider, { sub: `user-${externalId}`, customerIds: [externalId] }) };
  };

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    roofing = await addLeadType(t.db, acme.id, { name: 'Roofing', pricing: 'range', minCents: 1_500n, maxCents: 10_000n, fields: FIELDS });
    fixed = await addLeadType(t.db, acme.id, { name: 'Solar', pricing: 'fixed', priceCents: 1_000n });
    retired = await addLeadType(t.db, acme.id, { name: 'Retired', active: false });
    const mine = await customerToken('mine', { balanceCents: 100_000n });
    mineId = mine.id;
    admin = mine.token;
    t.deps.events.subscribe((event) => events.push(event));
  });
  afterAll(() => t.close());

  it('lists the active, biddable lead types with pricing and only deliverable fields', async () => {
    const { status, body } = await send('GET', '/api/v1/lead-types', admin);
    expect(status).toBe(200);
    expect(body.items.map((x: { name: string }) => x.name)).toEqual(['Roofing', 'Solar']);
    expect(body.items[0]).toMatchObject({ id: roofing, pricing: 'range', min_cents: 1_500, max_cents: 10_000, step_cents: 100, price_cents: null });
    expect(body.items[0].fields).toEqual([
      { key: 'roof_age', label: 'Roof age', type: 'number' },
      { key: 'homeowner', label: 'Homeowner', type: 'boolean' },
    ]);
    expect(body.items[1]).toMatchObject({ id: fixed, pricing: 'fixed', price_cents: 1_000 });
  });

  it('creates, reads, lists, updates, pauses, resumes and duplicates a bid, auditing each and publishing bid.updated', async () => {
    const filters = { zips: ['75201'], radius: { zip: '78701', miles: 25 }, rules: [{ field: 'roof_age', op: 'range', min: 10 }, { field: 'homeowner', op: 'eq', value: true }] };
    const schedule = { timezone: 'America/Chicago', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: [{ start: '08:00', end: '18:00' }] };
    const created = await create(admin, { name: 'Houston roofs', scope: { kind: 'county', state: 'tx', county_fips: '48201' }, filters, schedule });
    expect(created).toMatchObject({ name: 'Houston roofs', amount_cents: 2_500, status: 'active', scope: { kind: 'county', state: 'TX', county_fips: '48201' }, filters, schedule });
    expect(created.id).toMatch(/^bid_/);

    expect((await send('GET', `/api/v1/bids/${created.id}`, admin)).body).toEqual(created);
    const list = await send('GET', '/api/v1/bids', admin);
    expect(list.body.items.map((b: { id: string }) => b.id)).toContain(created.id);

    const updated = await send('PATCH', `/api/v1/bids/${created.id}`, admin, { amount_cents: 3_000, schedule: null });
    expect(updated.body).toMatchObject({ amount_cents: 3_000, schedule: null, name: 'Houston roofs', filters });
    expect((await send('POST', `/api/v1/bids/${created.id}/pause`, admin)).body).toMatchObject({ status: 'paused', competing: false, not_competing_reason: 'paused' });
    expect((await send('POST', `/api/v1/bids/${created.id}/resume`, admin)).body).toMatchObject({ status: 'active', competing: true, not_competing_reason: null });
    const copy = await send('POST', `/api/v1/bids/${created.id}/duplicate`, admin);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ name: 'Houston roofs (copy)', status: 'paused', amount_cents: 3_000, filters });
    expect(copy.body.id).not.toBe(created.id);

    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_kind', 'actor_id']).where('subject_id', '=', created.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['bid.created', 'bid.updated', 'bid.paused', 'bid.resumed']);
    expect(audit.every((a) => a.actor_kind === 'user' && a.actor_id)).toBe(true);
    expect(events.filter((e) => e.type === 'bid.updated' && e.data.bid_id === created.id)).toHaveLength(4);
  });

  it.each([
    ['amount off the step', { amount_cents: 2_550 }, 'amount_cents'],
    ['amount below the minimum', { amount_cents: 1_400 }, 'amount_cents'],
    ['amount above the maximum', { amount_cents: 10_100 }, 'amount_cents'],
    ['a fixed-price type at another amount', { lead_type_id: 'fixed', amount_cents: 1_100 }, 'amount_cents'],
    ['amount 0', { amount_cents: 0 }, 'amount_cents'],
    ['an unknown lead type', { lead_type_id: 'lt_nope' }, 'lead_type_id'],
    ['an inactive lead type', { lead_type_id: 'retired' }, 'lead_type_id'],
    ['an unknown scope kind', { scope: { kind: 'city' } }, 'scope.kind'],
    ['an unknown state', { scope: { kind: 'state', state: 'XX' } }, 'scope.state'],
    ['a territory', { scope: { kind: 'state', state: 'PR' } }, 'scope.state'],
    ['a county of another state', { scope: { kind: 'county', state: 'OK', county_fips: '48201' } }, 'scope.county_fips'],
    ['a county scope without a county', { scope: { kind: 'county', state: 'TX' } }, 'scope.county_fips'],
    ['a nationwide scope with a state', { scope: { kind: 'nationwide', state: 'TX' } }, 'scope.state'],
    ['an unknown ZIP', { filters: { zips: ['75201', '00000'] } }, 'filters.zips.1'],
    ['a malformed ZIP', { filters: { zips: ['7520'] } }, 'filters.zips.0'],
    ['an unknown radius ZIP', { filters: { radius: { zip: '00000', miles: 10 } } }, 'filters.radius.zip'],
    ['a radius over 500 miles', { filters: { radius: { zip: '75201', miles: 501 } } }, 'filters.radius.miles'],
    ['a rule on an unknown field', { filters: { rules: [{ field: 'pool_size', op: 'exists' }] } }, 'filters.rules.0.field'],
    ['a rule on a field the buyer never sees', { filters: { rules: [{ field: 'internal_score', op: 'exists' }] } }, 'filters.rules.0.field'],
    ['a range rule on a non-number field', { filters: { rules: [{ field: 'homeowner', op: 'range', min: 1 }] } }, 'filters.rules.0.op'],
    ['an unknown rule operator', { filters: { rules: [{ field: 'roof_age', op: 'gt', value: 1 }] } }, 'filters.rules.0.op'],
    ['schedule hours ending before they start', { schedule: { timezone: 'America/Chicago', weekdays: ['mon'], hours: [{ start: '18:00', end: '08:00' }] } }, 'schedule.hours.0.end'],
    ['a malformed schedule time', { schedule: { timezone: 'America/Chicago', weekdays: ['mon'], hours: [{ start: '8am', end: '18:00' }] } }, 'schedule.hours.0.start'],
    ['an unknown timezone', { schedule: { timezone: 'Mars/Olympus', weekdays: ['mon'], hours: [{ start: '08:00', end: '18:00' }] } }, 'schedule.timezone'],
    ['no name', { name: ' ' }, 'name'],
  ] as [string, Record<string, unknown>, string][])('refuses %s with 400 naming the field', async (_, overrides, field) => {
    // The table is built before the lead types exist, so it names them by alias.
    const aliases: Record<string, string> = { fixed, retired };
    const lead = typeof overrides.lead_type_id === 'string' && aliases[overrides.lead_type_id] ? { lead_type_id: aliases[overrides.lead_type_id] } : {};
    const before = await t.db.selectFrom('bids').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const res = await send('POST', '/api/v1/bids', admin, newBid({ ...overrides, ...lead }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(Object.keys(res.body.error.fields)).toContain(field);
    const after = await t.db.selectFrom('bids').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('validates a change against the whole bid', async () => {
    const bid = await create(admin);
    const res = await send('PATCH', `/api/v1/bids/${bid.id}`, admin, { lead_type_id: fixed });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('amount_cents');
    expect((await send('PATCH', `/api/v1/bids/${bid.id}`, admin, { lead_type_id: fixed, amount_cents: 1_000 })).body).toMatchObject({ lead_type_id: fixed, amount_cents: 1_000 });
  });

  it.each(['viewer', 'billing'] as const)('lets a %s read bids but not write them (403)', async (role) => {
    const bid = await create(admin);
    const token = await t.mintToken(acme, { sub: `${role}-user`, customerIds: ['mine'], roles: { mine: role } });
    expect((await send('GET', `/api/v1/bids/${bid.id}`, token)).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/api/v1/bids', newBid()],
      ['PATCH', `/api/v1/bids/${bid.id}`, { amount_cents: 3_000 }],
      ['POST', `/api/v1/bids/${bid.id}/pause`],
      ['POST', `/api/v1/bids/${bid.id}/duplicate`],
      ['DELETE', `/api/v1/bids/${bid.id}`],
    ] as const) {
      const res = await send(method, path, token, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await send('GET', `/api/v1/bids/${bid.id}`, admin)).body).toMatchObject({ status: 'active', amount_cents: 2_500 });
  });

  it('answers 404 for another customer’s bid, on every route, and changes nothing', async () => {
    const bid = await create(admin);
    const other = await customerToken('other-customer', { balanceCents: 10_000n });
    for (const [method, path, body] of [
      ['GET', `/api/v1/bids/${bid.id}`],
      ['PATCH', `/api/v1/bids/${bid.id}`, { amount_cents: 3_000 }],
      ['POST', `/api/v1/bids/${bid.id}/pause`],
      ['POST', `/api/v1/bids/${bid.id}/resume`],
      ['POST', `/api/v1/bids/${bid.id}/duplicate`],
      ['DELETE', `/api/v1/bids/${bid.id}`],
    ] as const) {
      const res = await send(method, path, other.token, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await send('GET', '/api/v1/bids', other.token)).body.items).toEqual([]);
    expect((await send('GET', `/api/v1/bids/${bid.id}`, admin)).body).toMatchObject({ status: 'active', amount_cents: 2_500 });
  });

  describe('the provider’s bidding switch', () => {
    let closed: TestProvider;
    let leadType: string;
    beforeAll(async () => {
      closed = await t.addProvider('Closed Leads');
      leadType = await addLeadType(t.db, closed.id);
    });

    it('makes bids read-only when customer bidding is off (409 bidding_disabled)', async () => {
      const { token } = await customerToken('closed-1', { balanceCents: 10_000n }, closed);
      const bid = await create(token, { lead_type_id: leadType });
      await setProviderSettings(t.db, closed.id, { customer_bidding_enabled: false });
      try {
        for (const [method, path, body] of [
          ['POST', '/api/v1/bids', newBid({ lead_type_id: leadType })],
          ['PATCH', `/api/v1/bids/${bid.id}`, { amount_cents: 3_000 }],
          ['POST', `/api/v1/bids/${bid.id}/pause`],
          ['DELETE', `/api/v1/bids/${bid.id}`],
        ] as const) {
          const res = await send(method, path, token, body);
          expect(res.status, `${method} ${path}`).toBe(409);
          expect(res.body.error.code).toBe('bidding_disabled');
        }
        expect((await send('GET', `/api/v1/bids/${bid.id}`, token)).body).toMatchObject({ competing: false, not_competing_reason: 'bidding_disabled' });
      } finally {
        await setProviderSettings(t.db, closed.id, { customer_bidding_enabled: true });
      }
    });

    it('unlocks bidding only after the minimum lifetime deposit (409 bidding_locked with the amount)', async () => {
      const { id, token } = await customerToken('closed-2', { balanceCents: 10_000n }, closed);
      await setProviderSettings(t.db, closed.id, { min_lifetime_deposit_cents: 50_000 });
      try {
        await t.db.updateTable('customers').set({ lifetime_deposits_cents: 20_000n }).where('id', '=', id).execute();
        const locked = await send('POST', '/api/v1/bids', token, newBid({ lead_type_id: leadType }));
        expect(locked.status).toBe(409);
        expect(locked.body.error.code).toBe('bidding_locked');
        expect(locked.body.error.message).toContain('$500.00');
        expect(locked.body.error.message).toContain('$300.00');
        await t.db.updateTable('customers').set({ lifetime_deposits_cents: 50_000n }).where('id', '=', id).execute();
        await create(token, { lead_type_id: leadType });
      } finally {
        await setProviderSettings(t.db, closed.id, { min_lifetime_deposit_cents: 0 });
      }
    });
  });

  it('replays the first reply for a repeated Idempotency-Key and refuses the key with another body', async () => {
    const { id, token } = await customerToken('idempotent', { balanceCents: 10_000n });
    const headers = { 'Idempotency-Key': 'create-1' };
    const first = await send('POST', '/api/v1/bids', token, newBid(), headers);
    const again = await send('POST', '/api/v1/bids', token, newBid(), headers);
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    const other = await send('POST', '/api/v1/bids', token, newBid({ amount_cents: 3_000 }), headers);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
    const rows = await t.db.selectFrom('bids').select('id').where('customer_id', '=', id).where('name', '=', 'Roofing TX').execute();
    expect(rows).toEqual([{ id: first.body.id }]);
    // Concurrent retries with a fresh key: one bid, one reply.
    const racing = await Promise.all([1, 2, 3].map(() => send('POST', '/api/v1/bids', token, newBid({ name: 'Race' }), { 'Idempotency-Key': 'create-2' })));
    expect(racing.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    // The key is the customer's: another customer may use the same one.
    const neighbour = await customerToken('idempotent-2', { balanceCents: 10_000n });
    expect((await send('POST', '/api/v1/bids', neighbour.token, newBid(), headers)).body.id).not.toBe(first.body.id);
  });

  it('ranks by amount among active bids whose scope overlaps, the earlier bid first on a tie (D15)', async () => {
    const plumbing = await addLeadType(t.db, acme.id, { name: 'Plumbing' });
    const a = await customerToken('rank-a', { balanceCents: 100_000n });
    const b = await customerToken('rank-b', { balanceCents: 100_000n });
    const bid = (token: string, amount: number, scope: object) => create(token, { lead_type_id: plumbing, amount_cents: amount, scope });
    const nationwide = await bid(a.token, 4_000, { kind: 'nationwide' });
    const texas = await bid(b.token, 3_000, { kind: 'state', state: 'TX' });
    const harris = await bid(a.token, 3_000, { kind: 'county', state: 'TX', county_fips: '48201' });
    const dallas = await bid(b.token, 5_000, { kind: 'county', state: 'TX', county_fips: '48113' });
    const oklahoma = await bid(b.token, 2_000, { kind: 'state', state: 'OK' });
    const paused = await bid(a.token, 9_000, { kind: 'nationwide' });
    await send('POST', `/api/v1/bids/${paused.id}/pause`, a.token);

    const position = async (token: string, id: string) => (await send('GET', `/api/v1/bids/${id}`, token)).body.position;
    expect(await position(a.token, nationwide.id)).toBe(2); // Dallas 5,000 (the paused 9,000 does not count)
    expect(await position(b.token, dallas.id)).toBe(1);
    expect(await position(b.token, texas.id)).toBe(3); // nationwide 4,000, Dallas 5,000
    expect(await position(a.token, harris.id)).toBe(3); // nationwide, and Texas (equal amount, earlier)
    expect(await position(b.token, oklahoma.id)).toBe(2); // only nationwide overlaps
  });

  describe('competing (D16)', () => {
    it('reports wallet when available funds are below the amount, and the wallet turns limited', async () => {
      const { token } = await customerToken('low-funds', { balanceCents: 2_000n });
      const covered = await create(token, { amount_cents: 1_500 });
      expect(covered).toMatchObject({ competing: true, not_competing_reason: null });
      expect((await send('GET', '/api/v1/wallet', token)).body.funding.status).toBe('available');
      const above = await create(token, { amount_cents: 2_100 });
      expect(above).toMatchObject({ competing: false, not_competing_reason: 'wallet' });
      expect((await send('GET', '/api/v1/wallet', token)).body.funding.status).toBe('limited');
    });

    it('reports schedule outside the bid’s hours, in its timezone, by the injected clock', async () => {
      // TEST_NOW is Thursday 2026-11-26 18:00 UTC = 12:00 in Chicago.
      const { token } = await customerToken('scheduled', { balanceCents: 10_000n });
      const schedule = (hours: { start: string; end: string }[], weekdays = ['thu']) => ({ schedule: { timezone: 'America/Chicago', weekdays, hours } });
      expect(await create(token, schedule([{ start: '09:00', end: '17:00' }]))).toMatchObject({ competing: true });
      expect(await create(token, schedule([{ start: '13:00', end: '17:00' }]))).toMatchObject({ competing: false, not_competing_reason: 'schedule' });
      expect(await create(token, schedule([{ start: '09:00', end: '17:00' }], ['fri']))).toMatchObject({ not_competing_reason: 'schedule' });
      const evening = await create(token, schedule([{ start: '18:00', end: '24:00' }]));
      expect(evening.not_competing_reason).toBe('schedule');
      t.clock.set('2026-11-27T00:30:00Z'); // Thursday 18:30 in Chicago
      try {
        const later = await t.mintToken(acme, { sub: 'user-scheduled', customerIds: ['scheduled'] }); // the first one has expired
        expect((await send('GET', `/api/v1/bids/${evening.id}`, later)).body).toMatchObject({ competing: true, not_competing_reason: null });
      } finally {
        t.clock.set(TEST_NOW);
      }
    });

    it('reports capped when the bid’s own cap is reached this period (caps from the limits work)', async () => {
      const { token } = await customerToken('capped', { balanceCents: 10_000n });
      const bid = await create(token);
      const none = { count: null, spend_cents: null };
      const caps = await send('PUT', `/api/v1/limits/bids/${bid.id}`, token, { day: { count: 0, spend_cents: null }, week: none, month: none });
      expect(caps.status).toBe(200);
      expect((await send('GET', `/api/v1/bids/${bid.id}`, token)).body).toMatchObject({ competing: false, not_competing_reason: 'capped' });
    });

    it('reports customer_paused for a paused customer, before the bid’s own funding', async () => {
      const { id, token } = await customerToken('pausing', { balanceCents: 10_000n });
      const bid = await create(token);
      await t.db.updateTable('customers').set({ status: 'paused' }).where('id', '=', id).execute();
      expect((await send('GET', `/api/v1/bids/${bid.id}`, token)).body).toMatchObject({ competing: false, not_competing_reason: 'customer_paused' });
    });
  });

  it('archives for good: stays listed, never competes, cannot be resumed, can be duplicated; archiving twice is a no-op', async () => {
    const bid = await create(admin, { name: 'Retired' });
    expect((await send('POST', `/api/v1/bids/${bid.id}/archive`, admin)).body).toMatchObject({ status: 'archived', competing: false, not_competing_reason: 'archived' });
    expect((await send('POST', `/api/v1/bids/${bid.id}/archive`, admin)).status).toBe(200);
    expect((await send('POST', `/api/v1/bids/${bid.id}/resume`, admin)).body).toMatchObject({ error: { code: 'conflict' } });
    expect((await send('POST', `/api/v1/bids/${bid.id}/duplicate`, admin)).body).toMatchObject({ name: 'Retired (copy)', status: 'paused' });
    const all = await send('GET', '/api/v1/bids?limit=200', admin);
    expect(all.body.items.find((b: { id: string }) => b.id === bid.id)).toMatchObject({ status: 'archived' });
    const actions = await t.db.selectFrom('audit_log').select('action').where('subject_id', '=', bid.id).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['bid.created', 'bid.archived']);
  });

  it('reports today’s wins and spend on each bid, and per period its wins, spend and losses by reason', async () => {
    const gutters = await addLeadType(t.db, acme.id, { name: 'Gutters', minCents: 1_500n, maxCents: 10_000n });
    const a = await customerToken('activity-a', { balanceCents: 50_000n });
    const b = await customerToken('activity-b', { balanceCents: 50_000n });
    const low = await create(a.token, { lead_type_id: gutters, amount_cents: 2_000, name: 'Gutters low' });
    const high = await create(b.token, { lead_type_id: gutters, amount_cents: 3_000, name: 'Gutters high' });
    const lead = async (n: number) => (await postLead(t, acme, 'Gutters', TEXAS_LEAD, `activity-${n}`)).body.winners[0].bid_id;
    expect(await lead(1)).toBe(high.id); // the low bid is outbid
    await send('POST', `/api/v1/bids/${high.id}/pause`, b.token);
    expect(await lead(2)).toBe(low.id);
    await t.built.outcomes.flush();

    const today = { wins: 1, spend_cents: 2_000 };
    expect((await send('GET', `/api/v1/bids/${low.id}`, a.token)).body.today).toEqual(today);
    const noLosses = { outbid: 0, capped: 0, wallet: 0, filters: 0, schedule: 0, paused: 0 };
    const activity = await send('GET', `/api/v1/bids/${low.id}/activity`, a.token);
    expect(activity.body).toMatchObject({ bid_id: low.id, timezone: 'America/Chicago', day: { ...today, losses: { ...noLosses, outbid: 1 } } });
    expect((await send('GET', `/api/v1/bids/${low.id}/activity`, b.token)).status).toBe(404);

    t.clock.advance(2 * 86_400_000); // Saturday: a new local day in the same week and month
    try {
      const token = await t.mintToken(acme, { sub: 'user-activity-a', customerIds: ['activity-a'] }); // the first one has expired
      const later = (await send('GET', `/api/v1/bids/${low.id}/activity`, token)).body;
      expect(later.day).toEqual({ wins: 0, spend_cents: 0, losses: noLosses });
      expect(later.week).toEqual({ ...today, losses: { ...noLosses, outbid: 1 } });
      expect(later.month).toEqual(later.week);
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  it('soft-deletes: gone from the list and reads, the row and its audit trail kept', async () => {
    const bid = await create(admin, { name: 'Short-lived' });
    const res = await send('DELETE', `/api/v1/bids/${bid.id}`, admin);
    expect(res.status).toBe(204);
    expect((await send('GET', `/api/v1/bids/${bid.id}`, admin)).status).toBe(404);
    expect((await send('PATCH', `/api/v1/bids/${bid.id}`, admin, { name: 'Back' })).status).toBe(404);
    expect((await send('DELETE', `/api/v1/bids/${bid.id}`, admin)).status).toBe(204);
    const all = await send('GET', '/api/v1/bids?limit=200', admin);
    expect(all.body.items.map((b: { id: string }) => b.id)).not.toContain(bid.id);
    const row = await t.db.selectFrom('bids').select(['deleted_at', 'name']).where('id', '=', bid.id).executeTakeFirstOrThrow();
    expect(row.name).toBe('Short-lived');
    expect(row.deleted_at).not.toBeNull();
    const actions = await t.db.selectFrom('audit_log').select('action').where('subject_id', '=', bid.id).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['bid.created', 'bid.deleted']);
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const { token } = await customerToken('pager', { balanceCents: 10_000n });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(token, { name: `Bid ${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await send('GET', `/api/v1/bids?limit=2${cursor ? `&cursor=${cursor}` : ''}`, token);
      seen.push(...res.body.items.map((b: { id: string }) => b.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const forged = Buffer.from(JSON.stringify(['not a time', ids[0]])).toString('base64url');
    expect((await send('GET', `/api/v1/bids?cursor=${forged}`, token)).body.error.fields).toHaveProperty('cursor');
  });

  it('keeps every bid scoped to the token’s customer', async () => {
    const rows = await t.db.selectFrom('bids').select(['customer_id']).where('name', '=', 'Houston roofs').execute();
    expect(rows.every((r) => r.customer_id === mineId)).toBe(true);
  });
});
