import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadTypeFields } from '../../domain/leads/fields.js';
import { purchasedLeadBatches, type LeadQuery } from '../../domain/leads/list.js';
import { targets } from '../../test/databases.js';
import { addLeadType } from '../../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';
import { addPurchasedLead, CONTACT_FIELDS } from '../../test/lead-fixtures.js';

const SECRET = 'SECRET-SCORE-731';
const HEADER = 'lead_id,purchased_at,lead_type,source,bid,price,currency,status,return_status';

describe.each(targets)('leads CSV export on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let token: string;
  let tenant: { providerId: string; customerId: string };
  const leads: Record<string, string> = {};
  let roofing: string;

  const exportCsv = (query = '') => t.request(`/api/v1/leads/export.csv${query}`, { token });

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    const mine = await t.addCustomer(acme, 'mine', { balanceCents: 1_000_000n });
    const neighbour = await t.addCustomer(acme, 'neighbour', { balanceCents: 1_000_000n });
    tenant = { providerId: acme.id, customerId: mine.id };
    roofing = await addLeadType(t.db, acme.id, { name: 'Roofing', fields: CONTACT_FIELDS });
    const solar = await addLeadType(t.db, acme.id, { name: 'Solar', fields: [...CONTACT_FIELDS, { key: 'kw', label: 'System size', type: 'number', deliverable: true, preview: false }] });
    const now = t.clock.now().getTime();
    leads.ada = (await addPurchasedLead(t, tenant, {
      leadTypeId: roofing, priceCents: 4_505n, purchasedAt: new Date(now - 60_000),
      fields: { first_name: '@Ada', last_name: 'Smith, "Jr"', email: 'ada@example.com', phone: '+1 512 555 0101', state: 'TX', notes: '=HYPERLINK("http://evil.example")\nline two', internal_score: SECRET },
    })).leadId;
    leads.alan = (await addPurchasedLead(t, tenant, { leadTypeId: solar, priceCents: 12_000n, purchasedAt: new Date(now - 120_000), fields: { first_name: 'Alan', last_name: 'Turing', state: 'CA', kw: 7.5, internal_score: SECRET } })).leadId;
    for (let i = 0; i < 3; i++) await addPurchasedLead(t, tenant, { leadTypeId: roofing, priceCents: BigInt(1_000 + (2 - i) * 100), purchasedAt: new Date(now - (3 + i) * 60_000), fields: { first_name: `Filler${i}` } });
    await addPurchasedLead(t, { providerId: acme.id, customerId: neighbour.id }, { leadTypeId: roofing, fields: { first_name: 'Neighbour', internal_score: SECRET } });
    token = await t.mintToken(acme, { customerIds: ['mine'] });
  });
  afterAll(() => t.close());

  it('streams the customer’s leads as a dated attachment: deliverable fields only, RFC 4180 quoting, formula-safe cells', async () => {
    const res = await exportCsv();
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="leads-2026-11-26.csv"'); // the customer's day (Chicago)
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const body = await res.text();
    const lines = body.split('\r\n');
    expect(lines[0]).toBe(`${HEADER},first_name,last_name,email,phone,state,county,notes,kw`);
    // Records end with CRLF; the bare LF in Ada's notes stays inside her quoted cell.
    expect(lines).toHaveLength(1 + 5 + 1);
    expect(lines[1]).toBe(
      `${leads.ada},2026-11-26T17:59:00.000Z,Roofing,bid,,45.05,USD,assigned,,'@Ada,"Smith, ""Jr""",ada@example.com,'+1 512 555 0101,TX,,"'=HYPERLINK(""http://evil.example"")\nline two",`,
    );
    expect(lines[2]).toBe(`${leads.alan},2026-11-26T17:58:00.000Z,Solar,bid,,120.00,USD,assigned,,Alan,Turing,,,CA,,,7.5`);
    expect(lines.at(-1)).toBe('');
    expect(body).not.toContain(SECRET);
    expect(body).not.toContain('internal_score');
    expect(body).not.toContain('Neighbour');
  });

  it('exports the current filter and sort, with the filtered lead types’ columns', async () => {
    const solarOnly = (await (await exportCsv('?state=CA')).text()).split('\r\n');
    expect(solarOnly).toHaveLength(3);
    expect(solarOnly[1]).toContain('Turing');
    const roofingOnly = (await (await exportCsv(`?lead_type_id=${roofing}`)).text()).split('\r\n');
    expect(roofingOnly[0]).toBe(`${HEADER},first_name,last_name,email,phone,state,county,notes`);
    expect(roofingOnly).toHaveLength(1 + 1 + 3 + 1);
    const byPrice = (await (await exportCsv('?sort=price&order=asc&q=filler')).text()).split('\r\n');
    expect(byPrice.slice(1, -1).map((l) => l.split(',')[9])).toEqual(['Filler2', 'Filler1', 'Filler0']);
    const res = await exportCsv('?q=555');
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toHaveProperty('q');
  });

  it('reads in keyset batches: every lead once, in order, whatever the batch size', async () => {
    const query: LeadQuery = { tenant, timezone: 'America/Chicago', filter: {}, sort: { by: 'purchased_at', order: 'desc' }, types: await leadTypeFields(t.db, acme.id) };
    const batches: string[][] = [];
    for await (const batch of purchasedLeadBatches(t.db, query, 2)) batches.push(batch.map((l) => l.leadId));
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(batches.flat()[0]).toBe(leads.ada);
    expect(new Set(batches.flat()).size).toBe(5);
    const exact: string[][] = [];
    for await (const batch of purchasedLeadBatches(t.db, { ...query, filter: { state: 'TX' } }, 1)) exact.push(batch.map((l) => l.leadId));
    expect(exact).toEqual([[leads.ada]]);
  });
});
