import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToLedger } from '../../domain/ledger.js';
import { targets } from '../../test/databases.js';
import { addBid, addLeadType } from '../../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';

interface Txn {
  id: string;
  type: string;
  amount_cents: number;
  balance_after_cents: number;
  available_after_cents: number;
  description: string;
  lead_id: string | null;
  created_at: string;
}

/** The wallet history (SPEC "Billing"): ledger types, running balance, filters, keyset pages, streamed CSV. */
describe.each(targets)('transactions API on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let token: string;
  let otherToken: string;
  let tenant: { providerId: string; customerId: string };

  const adjust = (amount: number, reason: string, customer = 'history-co') =>
    t.request(`/provider/v1/customers/${customer}/adjustments`, { method: 'POST', token: acme.apiKey, headers: { 'Idempotency-Key': randomUUID() }, body: JSON.stringify({ amount_cents: amount, reason }) });
  const list = async (query = '', tok = token) => {
    const res = await t.request(`/api/v1/transactions${query ? `?${query}` : ''}`, { token: tok });
    expect(res.status, query).toBe(200);
    return (await res.json()) as { items: Txn[]; next_cursor: string | null };
  };

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    tenant = { providerId: acme.id, customerId: (await t.addCustomer(acme, 'history-co')).id };
    await t.addCustomer(acme, 'other-co');
    token = await t.mintToken(acme, { sub: 'dana', customerIds: ['history-co'] });
    otherToken = await t.mintToken(acme, { sub: 'olga', customerIds: ['other-co'] });

    expect((await adjust(50_000, 'Wire received')).status).toBe(201);
    t.clock.advance(60_000);
    const leadType = await addLeadType(t.db, acme.id, { name: 'Roofing' });
    await addBid(t.db, tenant, leadType, { amountCents: 2_000n });
    const lead = await t.request('/provider/v1/leads', { method: 'POST', token: acme.apiKey, body: JSON.stringify({ external_id: 'l-1', lead_type: 'Roofing', fields: { state: 'TX', county: 'Travis' } }) });
    expect((await lead.json()).status).toBe('assigned');
    t.clock.advance(60_000);
    await t.db.transaction().execute((trx) => postToLedger(trx, tenant, { kind: 'buy_order_filled', amountCents: -1_500n, description: 'Lead bought by a buy order', at: t.clock.now() }));
    t.clock.advance(60_000);
    expect((await adjust(-500, '=HYPERLINK("http://evil.example","Click")')).status).toBe(201);
    await adjust(7_000, 'Welcome credit', 'other-co');
  });
  afterAll(() => t.close());

  it('lists the ledger newest first with types, running balance and links', async () => {
    const { items, next_cursor } = await list();
    expect(next_cursor).toBeNull();
    expect(items.map((i) => [i.type, i.amount_cents, i.balance_after_cents, i.available_after_cents])).toEqual([
      ['funds_subtracted_by_provider', -500, 46_000, 46_000],
      ['lead_assigned', -1_500, 46_500, 46_500],
      ['lead_assigned', -2_000, 48_000, 48_000],
      ['funds_added_by_provider', 50_000, 50_000, 50_000],
    ]);
    const purchase = await t.db.selectFrom('purchases').select(['id', 'lead_id']).where('customer_id', '=', tenant.customerId).executeTakeFirstOrThrow();
    expect(items[2]).toMatchObject({ lead_id: purchase.lead_id, purchase_id: purchase.id });
    expect(items[3]).toMatchObject({ description: 'Wire received', lead_id: null });
    // Another customer's history is its own.
    expect((await list('', otherToken)).items.map((i) => i.description)).toEqual(['Welcome credit']);
  });

  it('filters by type and time and pages by keyset', async () => {
    expect((await list('type=lead_assigned')).items.map((i) => i.amount_cents)).toEqual([-1_500, -2_000]);
    expect((await list('type=funds_added_by_provider,funds_subtracted_by_provider')).items.map((i) => i.amount_cents)).toEqual([-500, 50_000]);
    const all = (await list()).items;
    const from = encodeURIComponent(all[2]!.created_at);
    const to = encodeURIComponent(all[0]!.created_at);
    expect((await list(`from=${from}&to=${to}`)).items.map((i) => i.id)).toEqual([all[1]!.id, all[2]!.id]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const pageReply: { items: Txn[]; next_cursor: string | null } = await list(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...pageReply.items.map((i) => i.id));
      cursor = pageReply.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.map((i) => i.id));
  });

  it('refuses bad filters with 400', async () => {
    for (const query of ['type=bogus', 'type=lead_assigned,', 'from=yesterday', 'to=2026-13-01T00:00:00Z', 'from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'cursor=garbage', `cursor=${Buffer.from('["x"]').toString('base64url')}`]) {
      const res = await t.request(`/api/v1/transactions?${query}`, { token });
      expect(res.status, query).toBe(400);
      expect((await res.json()).error.code).toBe('invalid_request');
    }
  });

  it('exports the filtered history as RFC 4180 CSV, safe from formula injection', async () => {
    const res = await t.request('/api/v1/transactions/export', { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="transactions.csv"');
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe('Date,Type,Description,Amount,Held change,Balance,Available,Currency,Lead,Buy order,Payment,Receipt,Transaction');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain(`,Funds subtracted by provider,"'=HYPERLINK(""http://evil.example"",""Click"")",-5.00,0.00,460.00,460.00,USD,`);
    expect(lines[4]).toMatch(/^[^,]+,Funds added by provider,Wire received,500\.00,0\.00,500\.00,500\.00,USD,,,,,txn_/);

    const filtered = await (await t.request('/api/v1/transactions/export?type=lead_assigned', { token })).text();
    expect(filtered.split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('quotes a description holding a bare line break (RFC 4180), so the row stays one record', async () => {
    await t.addCustomer(acme, 'multiline-co');
    expect((await adjust(1_000, 'Wire 1042\nsee remittance', 'multiline-co')).status).toBe(201);
    const tok = await t.mintToken(acme, { sub: 'mia', customerIds: ['multiline-co'] });
    const text = await (await t.request('/api/v1/transactions/export', { token: tok })).text();
    expect(text).toContain(',Funds added by provider,"Wire 1042\nsee remittance",10.00,');
  });

  it('streams a history longer than one batch, every row once', async () => {
    const { id } = await t.addCustomer(acme, 'long-co', { balanceCents: 100_000n });
    const long = { providerId: acme.id, customerId: id };
    await t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 520; i++) await postToLedger(trx, long, { kind: 'lead_assigned', amountCents: -100n, description: `Lead ${i}` });
    });
    const longToken = await t.mintToken(acme, { sub: 'lee', customerIds: ['long-co'] });
    const rows = (await (await t.request('/api/v1/transactions/export', { token: longToken })).text()).split('\r\n').filter(Boolean).slice(1);
    expect(rows).toHaveLength(521);
    expect(new Set(rows.map((r) => r.split(',').at(-1))).size).toBe(521);
    expect(rows[0]).toContain(',Lead 519,-1.00,0.00,480.00,');
    expect(rows.at(-1)).toContain(',Test deposit,1000.00,');
  });
});
