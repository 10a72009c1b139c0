import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targets } from '../../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';

const homeServices = {
  name: 'Home services',
  fields: [
    { key: 'first_name', label: 'First name', type: 'string', deliverable: true },
    { key: 'state', label: 'State', type: 'string', deliverable: true, preview: true },
    { key: 'roof_age_years', label: 'Roof age', type: 'number', deliverable: true, preview: true },
    { key: 'source_campaign', label: 'Campaign', type: 'string', deliverable: false },
  ],
};
const roofing = { name: 'Roofing — replacement', category: 'Home services', pricing: { kind: 'range', min_cents: 2_500, max_cents: 10_000, step_cents: 250 } };
const solar = { name: 'Solar', category: 'Home services', pricing: { kind: 'fixed', price_cents: 4_000 }, exclusive: false, max_sales: 3, biddable: false };

describe.each(targets)('provider API lead types on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let other: TestProvider;

  const call = (provider: TestProvider, method: string, body?: unknown) =>
    t.request('/provider/v1/lead-types', { method, token: provider.apiKey, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    other = await t.addProvider('Other Leads');
  });
  afterAll(() => t.close());

  it('creates categories with field flags and lead types with pricing', async () => {
    const res = await call(acme, 'PUT', { categories: [homeServices], lead_types: [roofing, solar] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.categories).toHaveLength(1);
    expect(body.categories[0].fields).toContainEqual({ key: 'first_name', label: 'First name', type: 'string', deliverable: true, preview: false });
    expect(body.categories[0].fields).toContainEqual({ key: 'source_campaign', label: 'Campaign', type: 'string', deliverable: false, preview: false });
    expect(body.lead_types).toEqual([
      { id: expect.stringMatching(/^lt_/), name: 'Roofing — replacement', category: 'Home services', pricing: { kind: 'range', min_cents: 2_500, max_cents: 10_000, step_cents: 250 }, biddable: true, exclusive: true, max_sales: 1, active: true },
      { id: expect.stringMatching(/^lt_/), name: 'Solar', category: 'Home services', pricing: { kind: 'fixed', price_cents: 4_000 }, biddable: false, exclusive: false, max_sales: 3, active: true },
    ]);
    expect(await (await call(acme, 'GET')).json()).toEqual(body);
    expect(await (await call(other, 'GET')).json()).toEqual({ categories: [], lead_types: [] });
  });

  it('upserts by name, keeps ids, and deactivates (never deletes) lead types left out', async () => {
    const before = (await (await call(acme, 'GET')).json()).lead_types;
    const res = await call(acme, 'PUT', { lead_types: [{ ...roofing, pricing: { kind: 'fixed', price_cents: 5_000 } }] });
    expect(res.status).toBe(200);
    const after = (await res.json()).lead_types;
    expect(after).toEqual([
      { ...before[0], pricing: { kind: 'fixed', price_cents: 5_000 } },
      { ...before[1], active: false },
    ]);
    const audit = await t.db.selectFrom('audit_log').select('action').where('provider_id', '=', acme.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['lead_types.replaced', 'lead_types.replaced']);

    const none = await call(acme, 'PUT', { lead_types: [] });
    expect((await none.json()).lead_types.map((x: { active: boolean }) => x.active)).toEqual([false, false]);
    expect(await t.db.selectFrom('lead_types').select('id').where('provider_id', '=', acme.id).execute()).toHaveLength(2);
  });

  it('lets two providers use the same names', async () => {
    const res = await call(other, 'PUT', { categories: [homeServices], lead_types: [roofing] });
    expect(res.status).toBe(200);
    expect((await res.json()).lead_types).toHaveLength(1);
  });

  it.each([
    [{}, 'lead_types'],
    [{ lead_types: [{ ...roofing, category: 'Auto' }] }, 'lead_types.0.category'],
    [{ lead_types: [{ ...roofing, pricing: { kind: 'range', min_cents: 5_000, max_cents: 1_000, step_cents: 100 } }] }, 'lead_types.0.pricing.max_cents'],
    [{ lead_types: [{ ...roofing, pricing: { kind: 'fixed', price_cents: 0 } }] }, 'lead_types.0.pricing.price_cents'],
    [{ lead_types: [{ ...roofing, pricing: { kind: 'fixed', price_cents: 12.34 } }] }, 'lead_types.0.pricing.price_cents'],
    [{ lead_types: [{ ...roofing, pricing: { kind: 'auction' } }] }, 'lead_types.0.pricing.kind'],
    [{ lead_types: [{ ...roofing, max_sales: 2 }] }, 'lead_types.0.max_sales'],
    [{ lead_types: [roofing, roofing] }, 'lead_types.1'],
    [{ categories: [{ ...homeServices, fields: [{ key: 'notes', label: 'Notes', type: 'string', deliverable: false, preview: true }] }], lead_types: [] }, 'categories.0.fields.0.preview'],
    [{ categories: [{ ...homeServices, fields: [{ key: 'First Name', label: 'x', type: 'string', deliverable: true }] }], lead_types: [] }, 'categories.0.fields.0.key'],
    [{ categories: [{ ...homeServices, fields: [{ key: 'zip', label: 'ZIP', type: 'zip', deliverable: true }] }], lead_types: [] }, 'categories.0.fields.0.type'],
    [{ categories: [{ ...homeServices, fields: [{ key: 'zip', label: 'ZIP', type: 'string' }] }], lead_types: [] }, 'categories.0.fields.0.deliverable'],
    [{ categories: [{ name: 'Dup', fields: [{ key: 'a', label: 'A', type: 'string', deliverable: true }, { key: 'a', label: 'A2', type: 'string', deliverable: true }] }], lead_types: [] }, 'categories.0.fields.1'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const res = await call(acme, 'PUT', body);
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields)).toContain(field);
  });

  it('applies nothing of a refused request', async () => {
    const before = await (await call(acme, 'GET')).json();
    const res = await call(acme, 'PUT', { categories: [{ name: 'Auto', fields: [] }], lead_types: [{ ...solar, category: 'Boats' }] });
    expect(res.status).toBe(400);
    expect(await (await call(acme, 'GET')).json()).toEqual(before);
  });
});
