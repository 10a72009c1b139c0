import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderSettings } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import type { PortalEvent } from '../../lib/events.js';
import { targets } from '../../test/databases.js';
import { addLeadType, setProviderSettings } from '../../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';
import { addPurchasedLead, CONTACT_FIELDS } from '../../test/lead-fixtures.js';

const DAY = 86_400_000;
const RETURNS: ProviderSettings = { returns_enabled: true, return_reasons: ['Wrong number', 'Duplicate'], return_tiers_enabled: true };

describe.each(targets)('returns on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let leadType: string;
  let mine: { id: string; externalId: string };
  let token: string;
  let events: PortalEvent[];
  let tiers: { gold: string; silver: string };

  const tenant = () => ({ providerId: acme.id, customerId: mine.id });
  const buy = (priceCents: bigint, purchasedAt?: Date, who = tenant()) =>
    addPurchasedLead(t, who, { leadTypeId: leadType, priceCents, purchasedAt, fields: { first_name: 'Pat', last_name: 'Doe', phone: '512-555-0100' } });
  const ask = async (leadId: string, body: unknown = { reason_code: 'Wrong number', note: 'Disconnected' }, as = token) => {
    const res = await t.request(`/api/v1/leads/${leadId}/return`, { method: 'POST', token: as, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const provider = async (method: string, path: string, body?: unknown, as = acme) => {
    const res = await t.request(`/provider/v1${path}`, { method, token: as.apiKey, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const ledgerOf = (customerId: string) => t.db.selectFrom('ledger_entries').selectAll().where('customer_id', '=', customerId).orderBy('id').execute();
  const walletOf = async (customerId: string) => BigInt((await t.db.selectFrom('wallets').select('balance_cents').where('customer_id', '=', customerId).executeTakeFirstOrThrow()).balance_cents);
  const badge = async () => (await (await t.request('/api/v1/badge', { token })).json()) as any;

  beforeEach(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    await setProviderSettings(t.db, acme.id, RETURNS);
    tiers = { gold: newId('tier'), silver: newId('tier') };
    await t.db
      .insertInto('return_tiers')
      .values([
        { id: tiers.gold, provider_id: acme.id, position: 1, name: 'Gold', lower_bps: 0, upper_bps: 500 },
        { id: tiers.silver, provider_id: acme.id, position: 2, name: 'Silver', lower_bps: 500, upper_bps: null, effect_kind: 'penalty', effect_bps: 500 },
      ])
      .execute();
    leadType = await addLeadType(t.db, acme.id, { fields: CONTACT_FIELDS });
    mine = await t.addCustomer(acme, 'mine', { balanceCents: 100_000n });
    token = await t.mintToken(acme, { sub: 'buyer-1', customerIds: ['mine'] });
    events = [];
    t.deps.events.subscribe((e) => events.push(e));
  });
  afterEach(() => t?.close());

  it('a buyer requests a return, the provider approves: refund in one linked ledger row, rate and tier move, events after commit', async () => {
    const small = await buy(1_000n);
    await buy(3_000n);
    await buy(6_000n);
    expect(await badge()).toMatchObject({ return_rate_bps: 0, current_tier: { name: 'Gold' } });

    const asked = await ask(small.leadId);
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', reason_code: 'Wrong number', note: 'Disconnected', requested_at: t.clock.now().toISOString(), decided_at: null });
    expect(events).toEqual([]); // nothing changed for anyone yet

    const queue = await provider('GET', '/returns?status=pending');
    expect(queue.status).toBe(200);
    expect(queue.body.items).toEqual([
      expect.objectContaining({ id: asked.body.id, status: 'pending', refund_cents: 1_000, customer: { id: mine.id, external_id: 'mine', name: 'Customer mine' }, lead: expect.objectContaining({ id: small.leadId, external_id: expect.any(String) }) }),
    ]);

    t.clock.advance(60_000);
    // Concurrent approvals (a retried curl): one refund.
    const approvals = await Promise.all([1, 2, 3].map(() => provider('POST', `/returns/${asked.body.id}/approve`, { note: 'Refunded' })));
    for (const a of approvals) expect(a).toMatchObject({ status: 200, body: { id: asked.body.id, status: 'approved', decision_note: 'Refunded', decided_at: t.clock.now().toISOString() } });

    const ledger = await ledgerOf(mine.id);
    const refunds = ledger.filter((e) => e.kind === 'lead_returned');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount_cents: '1000', purchase_id: small.purchaseId, return_id: asked.body.id, balance_after_cents: String(100_000 - 10_000 + 1_000) });
    expect(await walletOf(mine.id)).toBe(ledger.reduce((sum, e) => sum + BigInt(e.amount_cents), 0n));
    expect(await walletOf(mine.id)).toBe(91_000n);
    expect((await t.db.selectFrom('purchases').select('status').where('id', '=', small.purchaseId).executeTakeFirstOrThrow()).status).toBe('returned');

    expect(await badge()).toMatchObject({ return_rate_bps: 1_000, returned_cents: 1_000, purchased_cents: 10_000, current_tier: { id: tiers.silver } });
    expect(events.map((e) => e.type)).toEqual(['return.decided', 'wallet.updated', 'badge.updated']);
    expect(events).toContainEqual({ type: 'wallet.updated', providerId: acme.id, customerId: mine.id, data: { balance_cents: 91_000, available_cents: 91_000 } });
    expect(events).toContainEqual({ type: 'badge.updated', providerId: acme.id, customerId: mine.id, data: { return_rate_bps: 1_000, tier_id: tiers.silver } });

    const outbox = await t.db.selectFrom('notification_outbox').selectAll().where('kind', '=', 'return.decided').execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ customer_id: mine.id, subject_ref: asked.body.id, dedupe_key: `return.decided:${asked.body.id}`, payload: expect.objectContaining({ status: 'approved', refund_cents: '1000' }) });
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_kind']).where('subject_id', '=', asked.body.id).orderBy('id').execute();
    expect(audit).toEqual([{ action: 'return.requested', actor_kind: 'user' }, { action: 'return.approved', actor_kind: 'provider_api' }]);

    const detail = (await (await t.request(`/api/v1/leads/${small.leadId}`, { token })).json()) as any;
    expect(detail).toMatchObject({ status: 'returned', return: { status: 'approved' }, return_eligibility: { allowed: false, refusal: 'already_requested' } });
    expect(detail.timeline.map((e: any) => e.kind)).toEqual(['purchased', 'return_requested', 'return_approved', 'notification']);
    expect((await (await t.request('/api/v1/leads?return_status=approved', { token })).json()).items.map((i: any) => i.id)).toEqual([small.leadId]);

    const denyAfter = await provider('POST', `/returns/${asked.body.id}/deny`);
    expect(denyAfter.status).toBe(409);
    expect((await provider('GET', '/returns?status=pending')).body.items).toEqual([]);
    expect(events).toHaveLength(3);
  });

  it('a denial moves no money and leaves the rate; return.decided is published and queued for the buyer', async () => {
    const lead = await buy(2_000n);
    const asked = await ask(lead.leadId);
    const before = await walletOf(mine.id);
    const denied = await provider('POST', `/returns/${asked.body.id}/deny`, { note: 'Number works' });
    expect(denied).toMatchObject({ status: 200, body: { status: 'denied', decision_note: 'Number works' } });
    expect(await walletOf(mine.id)).toBe(before);
    expect((await ledgerOf(mine.id)).filter((e) => e.kind === 'lead_returned')).toEqual([]);
    expect(await badge()).toMatchObject({ return_rate_bps: 0 });
    expect(events.map((e) => [e.type, e.data.status])).toEqual([['return.decided', 'denied']]);
    expect(await t.db.selectFrom('notification_outbox').select('kind').where('subject_ref', '=', asked.body.id).execute()).toEqual([{ kind: 'return.decided' }]);
    expect((await provider('POST', `/returns/${asked.body.id}/approve`)).status).toBe(409);
    expect((await ask(lead.leadId)).body).toMatchObject({ status: 'denied' }); // the same request again: the first answer
  });

  it('one return per purchase: a repeat returns the first, a different request is 409, concurrent ones make one', async () => {
    const lead = await buy(2_000n);
    const replies = await Promise.all([1, 2, 3, 4].map(() => ask(lead.leadId)));
    for (const r of replies) expect(r.status).toBe(201);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    const other = await ask(lead.leadId, { reason_code: 'Duplicate', note: '' });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('already requested') });
    expect(await t.db.selectFrom('returns').select('id').execute()).toHaveLength(1);
  });

  it('refuses outside the window (default 7 days, or the provider’s), when returns are off, with an unknown reason, and for an archived account', async () => {
    const edge = await buy(2_000n, new Date(t.clock.now().getTime() - 7 * DAY + 1));
    const late = await buy(2_000n, new Date(t.clock.now().getTime() - 7 * DAY));
    const closed = await ask(late.leadId);
    expect(closed.status).toBe(409);
    expect(closed.body.error).toMatchObject({ code: 'return_window_closed', message: expect.stringContaining('within 7 days') });
    expect((await ask(edge.leadId)).status).toBe(201);
    await setProviderSettings(t.db, acme.id, { return_window_days: 10 });
    expect((await ask(late.leadId)).status).toBe(201);

    const lead = await buy(2_000n);
    const unknown = await ask(lead.leadId, { reason_code: 'Changed my mind' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toHaveProperty('reason_code');
    await setProviderSettings(t.db, acme.id, { returns_enabled: false });
    expect((await ask(lead.leadId)).body.error).toMatchObject({ code: 'returns_disabled', message: expect.any(String) });
    await setProviderSettings(t.db, acme.id, { returns_enabled: true });

    await t.db.updateTable('customers').set({ status: 'archived' }).where('id', '=', mine.id).execute();
    const archived = await ask(lead.leadId);
    expect(archived.status).toBe(409);
    expect(archived.body.error.message).toMatch(/archived/);
    expect(await t.db.selectFrom('returns').select('id').execute()).toHaveLength(2);
  });

  it('answers 404 for another customer’s lead, at this provider or another, and writes nothing', async () => {
    const neighbour = await t.addCustomer(acme, 'neighbour', { balanceCents: 10_000n });
    const theirs = await buy(2_000n, undefined, { providerId: acme.id, customerId: neighbour.id });
    const other = await t.addProvider('Other Leads');
    await setProviderSettings(t.db, other.id, RETURNS);
    const foreignCustomer = await t.addCustomer(other, 'mine', { balanceCents: 10_000n });
    const foreign = await addPurchasedLead(t, { providerId: other.id, customerId: foreignCustomer.id }, { leadTypeId: await addLeadType(t.db, other.id), fields: {} });
    for (const leadId of [theirs.leadId, foreign.leadId, newId('lead')]) {
      const res = await ask(leadId);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect(await t.db.selectFrom('returns').select('id').execute()).toEqual([]);
    // The provider API is tenant-scoped too: another provider's return is not found.
    const mineLead = await buy(1_000n);
    const asked = await ask(mineLead.leadId);
    expect((await provider('POST', `/returns/${asked.body.id}/approve`, undefined, other)).status).toBe(404);
    expect((await provider('GET', '/returns', undefined, other)).body.items).toEqual([]);
    expect((await t.request('/provider/v1/returns')).status).toBe(401);
  });

  it('refuses a return above the provider’s max return rate with a clear message, counting pending returns', async () => {
    await setProviderSettings(t.db, acme.id, { max_return_rate_bps: 1_500 });
    const a = await buy(1_000n);
    const b = await buy(3_000n);
    await buy(6_000n);
    expect((await ask(a.leadId)).status).toBe(201); // 10%
    const capped = await ask(b.leadId); // pending 10% + 30% = 40%
    expect(capped.status).toBe(409);
    expect(capped.body.error).toEqual(expect.objectContaining({ code: 'return_rate_capped', message: 'Returns are limited to 15% of your purchases over the last 90 days; this return would bring yours to 40%' }));
    const detail = (await (await t.request(`/api/v1/leads/${b.leadId}`, { token })).json()) as any;
    expect(detail.return_eligibility).toMatchObject({ allowed: false, refusal: 'return_rate_capped' });
  });

  it('approves at once when the provider turned auto-approve on', async () => {
    await setProviderSettings(t.db, acme.id, { returns_auto_approve: true });
    const lead = await buy(2_500n);
    const asked = await ask(lead.leadId);
    expect(asked).toMatchObject({ status: 201, body: { status: 'approved', decision_note: 'Approved automatically' } });
    expect(await walletOf(mine.id)).toBe(100_000n);
    expect(events.map((e) => e.type)).toEqual(['return.decided', 'wallet.updated', 'badge.updated']);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_kind']).where('subject_id', '=', asked.body.id).orderBy('id').execute();
    expect(audit).toEqual([{ action: 'return.requested', actor_kind: 'user' }, { action: 'return.approved', actor_kind: 'system' }]);
  });

  it('lists every status oldest first with keyset pages, and refuses bad input', async () => {
    const asked: string[] = [];
    for (let i = 0; i < 5; i++) {
      asked.push((await ask((await buy(1_000n)).leadId)).body.id);
      t.clock.advance(1_000);
    }
    await provider('POST', `/returns/${asked[1]}/deny`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: any } = await provider('GET', `/returns?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((r: any) => r.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(asked);
    expect((await provider('GET', '/returns?status=pending')).body.items.map((r: any) => r.id)).toEqual([asked[0], asked[2], asked[3], asked[4]]);
    expect((await provider('GET', '/returns?status=lost')).status).toBe(400);
    expect((await provider('GET', '/returns?cursor=nope')).status).toBe(400);
    expect((await provider('POST', `/returns/${asked[0]}/approve`, { note: 'x'.repeat(1001) })).status).toBe(400);
    expect((await provider('POST', `/returns/${newId('ret')}/approve`)).status).toBe(404);
  });

  it('keeps balance == sum(ledger) through purchases, refunds and denials', async () => {
    const leads = [await buy(1_500n), await buy(2_500n), await buy(3_500n)];
    for (const [i, lead] of leads.entries()) {
      const asked = await ask(lead.leadId);
      await provider('POST', `/returns/${asked.body.id}/${i === 1 ? 'deny' : 'approve'}`);
    }
    const { rows } = await sql<{ balance: string; sum: string }>`
      SELECT w.balance_cents::text AS balance, (SELECT sum(amount_cents) FROM ledger_entries l WHERE l.customer_id = w.customer_id)::text AS sum
      FROM wallets w WHERE w.customer_id = ${mine.id}`.execute(t.db);
    expect(rows[0]).toEqual({ balance: String(100_000 - 2_500), sum: String(100_000 - 2_500) });
  });
});
