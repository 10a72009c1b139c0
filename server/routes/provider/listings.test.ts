import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalEvent } from '../../lib/events.js';
import { postLead, TEXAS_LEAD } from '../../test/auction-fixtures.js';
import { targets } from '../../test/databases.js';
import { addLeadType } from '../../test/fixtures.js';
import { createTestContext, TEST_NOW, type TestContext, type TestProvider } from '../../test/harness.js';
import { CONTACT_FIELDS } from '../../test/lead-fixtures.js';

describe.each(targets)('provider API listings on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let other: TestProvider;
  const published: PortalEvent[] = [];

  const call = (provider: TestProvider, method: string, path: string, body?: unknown) =>
    t.request(`/provider/v1${path}`, { method, token: provider.apiKey, body: body === undefined ? undefined : JSON.stringify(body) });
  const enableMarketplace = (provider: TestProvider, defaults: Record<string, number> = {}) =>
    call(provider, 'PUT', '/settings', { settings: { marketplace_enabled: true, marketplace_defaults: defaults } });

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    other = await t.addProvider('Other Leads');
    await addLeadType(t.db, acme.id, { name: 'Roofing', fields: CONTACT_FIELDS });
    await addLeadType(t.db, other.id, { name: 'Roofing', fields: CONTACT_FIELDS });
    t.deps.events.subscribe((event) => published.push(event));
  });
  afterAll(() => t.close());

  it('leaves a lead nobody won unsold while the marketplace is off, and refuses listings', async () => {
    const lead = await postLead(t, acme, 'Roofing', TEXAS_LEAD, 'off-1');
    expect(lead.body.status).toBe('unsold');
    const res = await call(acme, 'POST', '/listings', { lead_id: 'off-1' });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('marketplace_disabled');
    expect(await t.db.selectFrom('marketplace_listings').select('id').execute()).toEqual([]);
  });

  it('lists a lead nobody won on the provider’s default terms and tells every buyer, without contact details (D20)', async () => {
    expect((await enableMarketplace(acme, { first_price_cents: 3_000, step_cents: 300, interval_seconds: 600, floor_cents: 600, duration_seconds: 7_200 })).status).toBe(200);
    published.length = 0;
    const lead = await postLead(t, acme, 'Roofing', TEXAS_LEAD, 'auto-1');
    expect(lead.body).toMatchObject({ status: 'listed', winners: [] });
    // A repeat answers the same.
    expect((await postLead(t, acme, 'Roofing', TEXAS_LEAD, 'auto-1')).body.status).toBe('listed');

    const list = await (await call(acme, 'GET', '/listings?status=open')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      lead_id: lead.body.lead_id, lead_external_id: 'auto-1', first_price_cents: 3_000, step_cents: 300, interval_seconds: 600, floor_cents: 600,
      listed_at: t.clock.now().toISOString(), expires_at: new Date(t.clock.now().getTime() + 7_200_000).toISOString(), exclusive: true, max_sales: 1, sold_count: 0, status: 'open', price_cents: 3_000,
    });
    const listed = published.filter((e) => e.type === 'marketplace.listed');
    expect(listed).toHaveLength(1);
    expect(listed[0]!.customerId).toBeUndefined();
    expect(listed[0]).toMatchObject({ providerId: acme.id, data: { id: list.items[0].id, state: 'TX', county: { fips: '48453' }, price_cents: 3_000, preview: { state: 'tx', county: 'Travis County' } } });
    const text = JSON.stringify(listed[0]);
    for (const secret of ['Jo', 'Smith', 'example.com', '555', 'Main St', 'internal_score']) expect(text).not.toContain(secret);
    expect(await t.db.selectFrom('leads').select('status').where('id', '=', lead.body.lead_id).executeTakeFirstOrThrow()).toEqual({ status: 'listed' });
  });

  it('lists an existing lead on request: idempotent on the same terms, 409 on others, 404 for another provider’s lead, 400 for bad terms', async () => {
    await call(acme, 'PUT', '/settings', { settings: { marketplace_enabled: false } });
    const lead = await postLead(t, acme, 'Roofing', TEXAS_LEAD, 'manual-1');
    expect(lead.body.status).toBe('unsold');
    await enableMarketplace(acme);
    const terms = { lead_id: 'manual-1', first_price_cents: 2_000, step_cents: 100, interval_seconds: 60, floor_cents: 500, expires_at: '2026-11-27T18:00:00Z', exclusive: false, max_sales: 3 };

    const first = await call(acme, 'POST', '/listings', terms);
    expect(first.status).toBe(201);
    const created = await first.json();
    expect(created).toMatchObject({ lead_id: lead.body.lead_id, exclusive: false, max_sales: 3, status: 'open', price_cents: 2_000 });
    const again = await call(acme, 'POST', '/listings', { ...terms, lead_id: lead.body.lead_id });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(created.id);
    const changed = await call(acme, 'POST', '/listings', { ...terms, floor_cents: 400 });
    expect(changed.status).toBe(409);
    expect((await changed.json()).error.code).toBe('already_listed');
    expect(await t.db.selectFrom('leads').select(['status', 'max_sales']).where('id', '=', lead.body.lead_id).executeTakeFirstOrThrow()).toEqual({ status: 'listed', max_sales: 3 });

    await enableMarketplace(other);
    expect((await call(other, 'POST', '/listings', terms)).status).toBe(404);
    const bad = [
      [{ ...terms, floor_cents: 2_500 }, 'floor_cents'],
      [{ ...terms, expires_at: '2026-11-26T17:00:00Z' }, 'expires_at'],
      [{ ...terms, max_sales: undefined }, 'max_sales'],
      [{ ...terms, exclusive: true }, 'max_sales'],
      [{ ...terms, first_price_cents: 0 }, 'first_price_cents'],
    ] as const;
    for (const [body, field] of bad) {
      const res = await call(acme, 'POST', '/listings', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((await res.json()).error.fields)).toContain(field);
    }
    expect(await t.db.selectFrom('marketplace_listings').select('id').where('lead_id', '=', lead.body.lead_id).execute()).toHaveLength(1);
  });

  it('withdraws a listing (again: the same reply); the lead can be listed again', async () => {
    const { items } = await (await call(acme, 'GET', '/listings?status=open')).json();
    const manual = items.find((l: { lead_external_id: string }) => l.lead_external_id === 'manual-1');
    const res = await call(acme, 'POST', `/listings/${manual.id}/withdraw`);
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('withdrawn');
    expect((await call(acme, 'POST', `/listings/${manual.id}/withdraw`)).status).toBe(200);
    expect((await call(other, 'POST', `/listings/${manual.id}/withdraw`)).status).toBe(404);
    expect(await t.db.selectFrom('leads').select('status').where('id', '=', manual.lead_id).executeTakeFirstOrThrow()).toEqual({ status: 'unsold' });
    const relisted = await call(acme, 'POST', '/listings', { lead_id: 'manual-1' });
    expect(relisted.status).toBe(201);
    const relisting = await relisted.json();
    expect(relisting.id).not.toBe(manual.id);
    // A repeat a minute later on the default terms is the same listing, though "now + duration" moved.
    t.clock.advance(60_000);
    const repeat = await call(acme, 'POST', '/listings', { lead_id: 'manual-1' });
    t.clock.set(TEST_NOW);
    expect(repeat.status).toBe(200);
    expect((await repeat.json()).id).toBe(relisting.id);
  });

  it('pages listings newest first', async () => {
    const firstPage = await (await call(acme, 'GET', '/listings?limit=2')).json();
    expect(firstPage.items).toHaveLength(2);
    const rest = await (await call(acme, 'GET', `/listings?limit=2&cursor=${firstPage.next_cursor}`)).json();
    expect(rest.items).toHaveLength(1);
    expect(rest.next_cursor).toBeNull();
    expect((await call(acme, 'GET', '/listings?cursor=garbage')).status).toBe(400);
  });

  it('refuses default terms whose floor is above the first price', async () => {
    const res = await enableMarketplace(acme, { first_price_cents: 500, floor_cents: 600 });
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields)).toContain('settings.marketplace_defaults.floor_cents');
  });
});
