import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targets } from '../../test/databases.js';
import { addBid, addLeadType, setProviderSettings } from '../../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';
import { addPurchasedLead, CONTACT_FIELDS } from '../../test/lead-fixtures.js';
import { newId } from '../../lib/ids.js';

const DAY = 86_400_000;
const SECRET = 'SECRET-SCORE-731'; // a non-deliverable value: it must appear in no reply (D20)

describe.each(targets)('leads API on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let token: string;
  let roofing: string;
  let solar: string;
  let bidA: string;
  const ids: Record<string, { leadId: string; purchaseId: string }> = {};
  let total = 0;

  const get = async (path: string, as = token) => {
    const res = await t.request(path, { token: as });
    return { status: res.status, body: (await res.json()) as any, text: '' };
  };
  const namesOf = (body: any) => body.items.map((i: any) => `${i.fields.first_name} ${i.fields.last_name}`);

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    const other = await t.addProvider('Other Leads');
    const mine = await t.addCustomer(acme, 'mine', { balanceCents: 10_000_000n });
    const neighbour = await t.addCustomer(acme, 'neighbour', { balanceCents: 1_000_000n });
    const theirs = await t.addCustomer(other, 'theirs', { balanceCents: 1_000_000n });
    const tenant = { providerId: acme.id, customerId: mine.id };
    roofing = await addLeadType(t.db, acme.id, { name: 'Roofing', fields: CONTACT_FIELDS });
    // Solar does not deliver the phone: a phone search must not find its leads (it would reveal the number).
    solar = await addLeadType(t.db, acme.id, { name: 'Solar', fields: CONTACT_FIELDS.map((f) => (f.key === 'phone' ? { ...f, deliverable: false } : f)) });
    const otherType = await addLeadType(t.db, other.id, { name: 'Roofing', fields: CONTACT_FIELDS });
    bidA = await addBid(t.db, tenant, roofing, { amountCents: 4_500n, name: 'Travis roofs' });
    const now = t.clock.now().getTime();
    const buy = async (key: string, options: Parameters<typeof addPurchasedLead>[2], who = tenant) => {
      ids[key] = await addPurchasedLead(t, who, options);
      if (who === tenant) total++;
    };

    await buy('ada', {
      leadTypeId: roofing, bidId: bidA, priceCents: 4_500n, purchasedAt: new Date(now - 1 * DAY),
      fields: { first_name: 'Ada', last_name: 'Lovelace', email: 'Ada@Example.com', phone: '(512) 555-0101', state: 'TX', county: 'Travis', notes: 'Call after 5', internal_score: SECRET },
    });
    await buy('grace', {
      leadTypeId: roofing, priceCents: 3_000n, purchasedAt: new Date(now - 2 * DAY),
      fields: { first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com', phone: '512-555-0102', state: 'TX', county: 'Williamson', internal_score: SECRET },
    });
    // 2026-11-24T05:30Z is still the 23rd in Chicago: date filters use the customer's day (D30).
    await buy('owl', { leadTypeId: roofing, priceCents: 2_500n, purchasedAt: new Date('2026-11-24T05:30:00Z'), fields: { first_name: 'Night', last_name: 'Owl', state: 'TX' } });
    await buy('alan', {
      leadTypeId: solar, priceCents: 6_000n, purchasedAt: new Date(now - 40 * DAY),
      fields: { first_name: 'Alan', last_name: 'Turing', email: 'alan@example.com', phone: '512-555-0103', state: 'CA', county: 'San Diego', internal_score: SECRET },
    });
    for (let i = 0; i < 24; i++) {
      // Some share a purchase time and some a price, so both keysets need their id tie-break.
      await buy(`filler${i}`, { leadTypeId: roofing, priceCents: BigInt(1_500 + (i % 5) * 100), purchasedAt: new Date(now - 3 * DAY - Math.floor(i / 3) * 60_000), fields: { first_name: 'Filler', last_name: `Number${i}`, state: 'OK' } });
    }
    // Same phone and name at a neighbour (same provider) and at another provider: never in mine's results.
    await buy('neighbourAda', { leadTypeId: roofing, fields: { first_name: 'Ada', last_name: 'Lovelace', phone: '(512) 555-0101', email: 'ada@example.com' } }, { providerId: acme.id, customerId: neighbour.id });
    await buy('theirAda', { leadTypeId: otherType, fields: { first_name: 'Ada', last_name: 'Lovelace', phone: '(512) 555-0101' } }, { providerId: other.id, customerId: theirs.id });
    await t.db.insertInto('returns').values({ id: newId('ret'), provider_id: acme.id, customer_id: mine.id, purchase_id: ids.grace!.purchaseId, reason_code: 'Duplicate lead' }).execute();
    token = await t.mintToken(acme, { customerIds: ['mine'] });
  });
  afterAll(() => t.close());

  it('lists the customer’s leads newest first with deliverable fields, lead type, bid, county and return', async () => {
    const { status, body } = await get('/api/v1/leads?limit=3');
    expect(status).toBe(200);
    expect(namesOf(body)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Night Owl']);
    expect(body.items[0]).toMatchObject({
      id: ids.ada!.leadId,
      purchase_id: ids.ada!.purchaseId,
      price_cents: 4_500,
      status: 'assigned',
      lead_type: { id: roofing, name: 'Roofing' },
      source: { kind: 'bid', bid: { id: bidA, name: 'Travis roofs' }, listing_id: null },
      state: 'TX',
      county_fips: '48453',
      county: 'Travis County',
      return: null,
      fields: { first_name: 'Ada', last_name: 'Lovelace', email: 'Ada@Example.com', phone: '(512) 555-0101', state: 'TX', county: 'Travis', notes: 'Call after 5' },
    });
    expect(body.items[1].return).toMatchObject({ status: 'pending', reason_code: 'Duplicate lead' });
    expect(body.columns.map((c: any) => c.key)).toEqual(['first_name', 'last_name', 'email', 'phone', 'state', 'county', 'notes']);
    expect(body.next_cursor).toEqual(expect.any(String));
    const text = JSON.stringify(body);
    expect(text).not.toContain('internal_score');
    expect(text).not.toContain(SECRET);
  });

  it.each([
    ['purchased_at', 'desc'],
    ['purchased_at', 'asc'],
    ['price', 'desc'],
    ['price', 'asc'],
  ])('pages by %s %s with keyset cursors: every lead once, in order', async (sort, order) => {
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const { status, body }: { status: number; body: any } = await get(`/api/v1/leads?sort=${sort}&order=${order}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(5);
      seen.push(...body.items);
      cursor = body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((i) => i.purchase_id)).size).toBe(total);
    const key = (i: any) => (sort === 'price' ? i.price_cents : Date.parse(i.purchased_at));
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1], seen[i]];
      const cmp = key(a) - key(b) || (a.purchase_id < b.purchase_id ? -1 : 1);
      expect(order === 'desc' ? cmp > 0 : cmp < 0, `${sort} ${order} at ${i}`).toBe(true);
    }
  });

  it('refuses a cursor of another sort order, and bad filters, naming the field', async () => {
    const { body } = await get('/api/v1/leads?sort=price&limit=2');
    const other = await get(`/api/v1/leads?sort=purchased_at&limit=2&cursor=${body.next_cursor}`);
    expect(other.status).toBe(400);
    expect(other.body.error.fields).toHaveProperty('cursor');
    for (const [query, field] of [['from=2026-02-30', 'from'], ['from=2026-11-25&to=2026-11-24', 'to'], ['sort=name', 'sort'], ['return_status=lost', 'return_status'], ['state=Texas', 'state'], ['county_fips=4845', 'county_fips'], ['q=5550', 'q']]) {
      const res = await get(`/api/v1/leads?${query}`);
      expect(res.status, query).toBe(400);
      expect(Object.keys(res.body.error.fields), query).toContain(field);
    }
  });

  it('filters by customer-local dates, lead type, bid, state, county and return status', async () => {
    expect(namesOf((await get('/api/v1/leads?from=2026-11-24&to=2026-11-25')).body)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    const the23rd = (await get('/api/v1/leads?from=2026-11-23&to=2026-11-23&limit=200')).body;
    expect(the23rd.items).toHaveLength(25);
    expect(namesOf(the23rd)).toContain('Night Owl');
    expect(namesOf((await get(`/api/v1/leads?lead_type_id=${solar}`)).body)).toEqual(['Alan Turing']);
    expect(namesOf((await get(`/api/v1/leads?bid_id=${bidA}`)).body)).toEqual(['Ada Lovelace']);
    expect(namesOf((await get('/api/v1/leads?state=ca')).body)).toEqual(['Alan Turing']);
    expect(namesOf((await get('/api/v1/leads?county_fips=48491')).body)).toEqual(['Grace Hopper']);
    expect(namesOf((await get(`/api/v1/leads?lead_type_id=${roofing}&state=TX&from=2026-10-28`)).body)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Night Owl']);
    expect(namesOf((await get('/api/v1/leads?return_status=pending')).body)).toEqual(['Grace Hopper']);
    expect((await get('/api/v1/leads?return_status=approved')).body.items).toEqual([]);
    const none = (await get('/api/v1/leads?return_status=none&limit=200')).body;
    expect(none.items).toHaveLength(total - 1);
    expect(namesOf(none)).not.toContain('Grace Hopper');
  });

  it.each([
    ['(512) 555-0101', ['Ada Lovelace']],
    ['+1 512 555 0101', ['Ada Lovelace']],
    ['5125550101', ['Ada Lovelace']],
    ['ADA@example.COM', ['Ada Lovelace']],
    ['ada', ['Ada Lovelace']],
    ['lovel', ['Ada Lovelace']],
    ['grace h', ['Grace Hopper']],
    ['  Alan  ', ['Alan Turing']],
    ['512-555-0103', []], // Solar does not deliver phones
    ['100%', []],
    ['_', []],
  ])('searches %j in the customer’s own leads only', async (q, expected) => {
    const { status, body } = await get(`/api/v1/leads?q=${encodeURIComponent(q)}`);
    expect(status).toBe(200);
    expect(namesOf(body)).toEqual(expected);
  });

  it('shows one lead: deliverable fields in order, price, source, timeline and return eligibility', async () => {
    const rcp = newId('rcp');
    await t.db.insertInto('notification_recipients').values({ id: rcp, provider_id: acme.id, customer_id: (await t.db.selectFrom('customers').select('id').where('external_id', '=', 'mine').executeTakeFirstOrThrow()).id, name: 'Sales inbox', channel: 'email', address: 'sales@mine.test' }).execute();
    const customerId = (await t.db.selectFrom('purchases').select('customer_id').where('id', '=', ids.ada!.purchaseId).executeTakeFirstOrThrow()).customer_id;
    const outbox = await t.db
      .insertInto('notification_outbox')
      .values({ provider_id: acme.id, customer_id: customerId, kind: 'lead.purchased', subject_ref: ids.ada!.purchaseId, payload: '{}', dedupe_key: `lead.purchased:${ids.ada!.purchaseId}`, created_at: new Date(t.clock.now().getTime() - DAY + 1_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('notification_deliveries').values({ public_id: newId('dlv'), customer_id: customerId, lead_id: ids.ada!.leadId, outbox_id: outbox.id, recipient_id: rcp, status: 'sent', attempts: 1, updated_at: new Date(t.clock.now().getTime() - DAY + 5_000) }).execute();

    const { status, body } = await get(`/api/v1/leads/${ids.ada!.leadId}`);
    expect(status).toBe(200);
    expect(body.fields.map((f: any) => [f.key, f.value])).toEqual([
      ['first_name', 'Ada'], ['last_name', 'Lovelace'], ['email', 'Ada@Example.com'], ['phone', '(512) 555-0101'], ['state', 'TX'], ['county', 'Travis'], ['notes', 'Call after 5'],
    ]);
    expect(body).toMatchObject({ price_cents: 4_500, source: { kind: 'bid', bid: { id: bidA } }, county: 'Travis County' });
    expect(body.timeline).toEqual([
      { kind: 'purchased', at: new Date(t.clock.now().getTime() - DAY).toISOString(), price_cents: 4_500 },
      { kind: 'notification', at: new Date(t.clock.now().getTime() - DAY + 5_000).toISOString(), event: 'lead.purchased', channel: 'email', recipient: 'Sales inbox', status: 'sent', attempts: 1 },
    ]);
    expect(body.return_eligibility).toMatchObject({ allowed: false, refusal: 'returns_disabled', deadline: null });
    const text = JSON.stringify(body);
    expect(text).not.toContain('internal_score');
    expect(text).not.toContain(SECRET);

    await setProviderSettings(t.db, acme.id, { returns_enabled: true, return_reasons: ['Wrong number'], return_policy_url: 'https://acme.example/returns' });
    const open = (await get(`/api/v1/leads/${ids.ada!.leadId}`)).body.return_eligibility;
    expect(open).toEqual({ allowed: true, refusal: null, message: null, deadline: new Date(t.clock.now().getTime() + 6 * DAY).toISOString(), window_days: 7, reasons: ['Wrong number'], policy_url: 'https://acme.example/returns' });
    const old = (await get(`/api/v1/leads/${ids.alan!.leadId}`)).body.return_eligibility;
    expect(old).toMatchObject({ allowed: false, refusal: 'window_closed', message: expect.stringContaining('7 days') });
    const pending = (await get(`/api/v1/leads/${ids.grace!.leadId}`)).body;
    expect(pending.return_eligibility).toMatchObject({ allowed: false, refusal: 'already_requested' });
    expect(pending.timeline.map((e: any) => e.kind)).toEqual(['purchased', 'return_requested']);
    await setProviderSettings(t.db, acme.id, { returns_enabled: false });
  });

  it('answers 404 for a lead of another customer, of another provider, or that does not exist', async () => {
    for (const key of ['neighbourAda', 'theirAda']) {
      const res = await get(`/api/v1/leads/${ids[key]!.leadId}`);
      expect(res.status, key).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await get(`/api/v1/leads/${newId('lead')}`)).status).toBe(404);
  });
});
