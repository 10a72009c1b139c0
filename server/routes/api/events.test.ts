import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serverAvailable, targets } from '../../test/databases.js';
import { addBid, addLeadType } from '../../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';
import { eventReader } from '../../test/sse.js';

type Reader = ReturnType<typeof eventReader>;

describe.each(targets)('GET /api/v1/events on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let mine: { id: string };
  let notMine: { id: string };
  let token: string;
  let bidId: string;
  const open: Reader[] = [];

  async function connect(headers: Record<string, string> = {}, bearer = token): Promise<Reader> {
    const res = await t.request('/api/v1/events', { token: bearer, headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/event-stream/);
    const reader = eventReader(res);
    open.push(reader);
    expect((await reader.next()).event).toBe('ready');
    return reader;
  }

  beforeAll(async () => {
    t = await createTestContext(target, { eventsHeartbeatMs: 100 });
    acme = await t.addProvider('Acme Leads');
    const other = await t.addProvider('Other Leads');
    mine = await t.addCustomer(acme, 'mine');
    notMine = await t.addCustomer(acme, 'not-mine');
    await t.addCustomer(other, 'theirs');
    const leadType = await addLeadType(t.db, acme.id);
    bidId = await addBid(t.db, { providerId: acme.id, customerId: mine.id }, leadType, { amountCents: 2_000n });
    token = await t.mintToken(acme, { customerIds: ['mine'] });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((reader) => reader.close()));
  });
  afterAll(() => t.close());

  it('carries the customer’s own events and provider-wide ones, in order, and nothing of anyone else', async () => {
    const stream = await connect();
    t.deps.events.publish({ type: 'wallet.updated', providerId: acme.id, customerId: notMine.id, data: { balance_cents: 1 } });
    t.deps.events.publish({ type: 'marketplace.listed', providerId: 'prv_other', data: { listing_id: 'theirs' } });
    t.deps.events.publish({ type: 'marketplace.listed', providerId: acme.id, data: { listing_id: 'lst_1' } });
    expect((await t.request(`/api/v1/bids/${bidId}/pause`, { method: 'POST', token })).status).toBe(200);
    t.deps.events.publish({ type: 'wallet.updated', providerId: acme.id, customerId: mine.id, data: { balance_cents: 5_000 } });

    const received = [await stream.next(), await stream.next(), await stream.next()];
    expect(received.map((e) => [e.event, JSON.parse(e.data)])).toEqual([
      ['marketplace.listed', { listing_id: 'lst_1' }],
      ['bid.updated', { bid_id: bidId, status: 'paused' }],
      ['wallet.updated', { balance_cents: 5_000 }],
    ]);
    expect(new Set(received.map((e) => e.id)).size).toBe(3);
    expect(stream.pending()).toEqual([]);
    await t.request(`/api/v1/bids/${bidId}/resume`, { method: 'POST', token });
  });

  it('replays what was missed after Last-Event-ID, and asks for a resync when it no longer has that id', async () => {
    const first = await connect();
    t.deps.events.publish({ type: 'badge.updated', providerId: acme.id, customerId: mine.id, data: { step: 1 } });
    const seen = await first.next();
    await first.close();

    t.deps.events.publish({ type: 'badge.updated', providerId: acme.id, customerId: mine.id, data: { step: 2 } });
    t.deps.events.publish({ type: 'badge.updated', providerId: acme.id, customerId: notMine.id, data: { step: 'not mine' } });
    t.deps.events.publish({ type: 'limits.updated', providerId: acme.id, customerId: mine.id, data: { step: 3 } });

    const resumed = await connect({ 'Last-Event-ID': seen.id! });
    expect([await resumed.next(), await resumed.next()].map((e) => JSON.parse(e.data).step)).toEqual([2, 3]);
    t.deps.events.publish({ type: 'badge.updated', providerId: acme.id, customerId: mine.id, data: { step: 4 } });
    expect(JSON.parse((await resumed.next()).data).step).toBe(4); // and then live

    const lost = await connect({ 'Last-Event-ID': 'unknown.1' });
    expect((await lost.next()).event).toBe('resync');
  });

  it('sends heartbeats while idle and closes the stream when the token expires', async () => {
    const shortLived = await t.mintToken(acme, { customerIds: ['mine'], lifetimeSeconds: 1 });
    const stream = await connect({}, shortLived);
    await stream.ended(5_000);
    expect(stream.comments.filter((c) => c === 'heartbeat').length).toBeGreaterThanOrEqual(3);
  });

  it('streams the X-Customer-Id customer for a user with several, never another customer of the provider', async () => {
    const both = await t.mintToken(acme, { sub: 'two-customers', customerIds: ['mine', 'not-mine'] });
    const res = await t.request('/api/v1/events', { token: both, customer: 'not-mine' });
    const stream = eventReader(res);
    open.push(stream);
    await stream.next(); // ready
    t.deps.events.publish({ type: 'wallet.updated', providerId: acme.id, customerId: mine.id, data: { who: 'mine' } });
    t.deps.events.publish({ type: 'wallet.updated', providerId: acme.id, customerId: notMine.id, data: { who: 'not-mine' } });
    expect(JSON.parse((await stream.next()).data).who).toBe('not-mine');
  });
});

describe.runIf(serverAvailable())('event bus across API processes (PostgreSQL LISTEN/NOTIFY)', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext('postgres');
  });
  afterAll(() => t.close());


  it('an event published by one process reaches a stream on the other, resumable there by the same id', async () => {
    const acme = await t.addProvider('Acme Leads');
    await t.addCustomer(acme, 'mine');
    const token = await t.mintToken(acme, { customerIds: ['mine'] });
    const [a, b] = [await t.apiProcess(), await t.apiProcess()];
    const headers = { Authorization: `Bearer ${token}` };

    const onB = eventReader(await b.app.request('/api/v1/events', { headers }));
    expect((await onB.next()).event).toBe('ready');
    // A real write on process A: the provider adds funds, which publishes wallet.updated after commit.
    const credit = await a.app.request('/provider/v1/customers/mine/adjustments', {
      method: 'POST',
      headers: { Authorization: `Bearer ${acme.apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'two-processes' },
      body: JSON.stringify({ amount_cents: 2_500, reason: 'Goodwill credit' }),
    });
    expect(credit.status).toBe(201);
    const event = await onB.next();
    expect(event.event).toBe('wallet.updated');
    expect(JSON.parse(event.data)).toMatchObject({ balance_cents: 2_500 });
    await onB.close();

    a.events.publish({ type: 'badge.updated', providerId: acme.id, customerId: (await t.db.selectFrom('customers').select('id').where('external_id', '=', 'mine').executeTakeFirstOrThrow()).id, data: { later: true } });
    // Resumed on process A with the id process B gave out: the same id names the same event everywhere.
    const onA = eventReader(await a.app.request('/api/v1/events', { headers: { ...headers, 'Last-Event-ID': event.id! } }));
    expect((await onA.next()).event).toBe('ready');
    expect(JSON.parse((await onA.next()).data)).toEqual({ later: true });
    await onA.close();
  });

  it('after its LISTEN connection drops, a process reconnects and tells open streams to resync', async () => {
    const acme = await t.addProvider('Beta Leads');
    const { id } = await t.addCustomer(acme, 'solo');
    const token = await t.mintToken(acme, { customerIds: ['solo'] });
    const p = await t.apiProcess();
    const stream = eventReader(await p.app.request('/api/v1/events', { headers: { Authorization: `Bearer ${token}` } }));
    expect((await stream.next()).event).toBe('ready');

    // Every LISTEN connection on this database (the earlier test's processes reconnect too, which is harmless).
    const killed = await sql<{ terminated: boolean }>`
      WITH listening AS MATERIALIZED (
        SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN lp_events' AND pid <> pg_backend_pid()
      )
      SELECT pg_terminate_backend(pid) AS terminated FROM listening`.execute(t.db);
    expect(killed.rows.length).toBeGreaterThanOrEqual(1);
    expect((await stream.next(10_000)).event).toBe('resync');
    p.events.publish({ type: 'wallet.updated', providerId: acme.id, customerId: id, data: { after: 'reconnect' } });
    expect(JSON.parse((await stream.next()).data)).toEqual({ after: 'reconnect' });
    await stream.close();
  });
});
