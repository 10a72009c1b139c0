import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalEvent } from '../../lib/events.js';
import { targets } from '../../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';

describe.each(targets)('provider API customers on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let other: TestProvider;
  const published: PortalEvent[] = [];

  const call = (provider: TestProvider, method: string, path: string, body?: unknown) =>
    t.request(`/provider/v1${path}`, { method, token: provider.apiKey, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    other = await t.addProvider('Other Leads');
    t.deps.events.subscribe((event) => published.push(event));
  });
  afterAll(() => t.close());

  it('creates a customer with its wallet, audits it and publishes customer.updated', async () => {
    const res = await call(acme, 'POST', '/customers', {
      external_id: 'crm-1001',
      name: 'Roof Pros LLC',
      timezone: 'America/Denver',
      billing_email: 'ap@roofpros.test',
      phone: '+1 303 555 0100',
      low_balance_threshold_cents: 25_000,
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      external_id: 'crm-1001',
      name: 'Roof Pros LLC',
      status: 'active',
      timezone: 'America/Denver',
      low_balance_threshold_cents: 25_000,
      source: 'provider',
      created_by: null,
    });
    expect(body.id).toMatch(/^cus_/);

    const wallet = await t.db.selectFrom('wallets').selectAll().where('customer_id', '=', body.id).executeTakeFirstOrThrow();
    expect(wallet).toMatchObject({ provider_id: acme.id, currency: 'USD', balance_cents: '0' });
    const audit = await t.db.selectFrom('audit_log').selectAll().where('subject_id', '=', body.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_kind: 'provider_api', action: 'customer.created', customer_id: body.id });
    const key = await t.db.selectFrom('provider_api_keys').select('id').where('provider_id', '=', acme.id).executeTakeFirstOrThrow();
    expect(audit[0]!.actor_id).toBe(key.id);
    expect(published).toContainEqual({ type: 'customer.updated', providerId: acme.id, customerId: body.id, data: { external_id: 'crm-1001', status: 'active' } });
  });

  it('refuses a duplicate external_id with 409, but another provider may use it', async () => {
    const body = { external_id: 'dup-1', name: 'First', timezone: 'America/Chicago' };
    expect((await call(acme, 'POST', '/customers', body)).status).toBe(201);
    const again = await call(acme, 'POST', '/customers', { ...body, name: 'Second' });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatchObject({ code: 'conflict', fields: { external_id: expect.any(String) } });
    expect((await call(other, 'POST', '/customers', body)).status).toBe(201);
  });

  it.each([
    [{ name: 'No id', timezone: 'America/Chicago' }, 'external_id'],
    [{ external_id: 'x-1', name: 'Bad zone', timezone: 'Mars/Olympus' }, 'timezone'],
    [{ external_id: 'x-2', name: '', timezone: 'UTC' }, 'name'],
    [{ external_id: 'has space', name: 'Spaces', timezone: 'UTC' }, 'external_id'],
    [{ external_id: 'x-3', name: 'Status', timezone: 'UTC', status: 'deleted' }, 'status'],
    [{ external_id: 'x-4', name: 'Email', timezone: 'UTC', billing_email: 'not-an-email' }, 'billing_email'],
    [{ external_id: 'x-5', name: 'Cents', timezone: 'UTC', low_balance_threshold_cents: 12.5 }, 'low_balance_threshold_cents'],
    [{ external_id: 'x-6', name: 'Cents', timezone: 'UTC', low_balance_threshold_cents: -1 }, 'low_balance_threshold_cents'],
    [{ external_id: 'x-7', name: 'Extra', timezone: 'UTC', provider_id: 'prv_other' }, '_'],
  ])('refuses a bad body with 400 naming the field (%j)', async (body, field) => {
    const res = await call(acme, 'POST', '/customers', body);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_request');
    expect(Object.keys(error.fields)).toContain(field);
  });

  it('reads a customer by external id, and hides another provider’s (404)', async () => {
    const res = await call(acme, 'GET', '/customers/crm-1001');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ external_id: 'crm-1001', billing_email: 'ap@roofpros.test', phone: '+1 303 555 0100' });
    expect((await call(other, 'GET', '/customers/crm-1001')).status).toBe(404);
    expect((await call(acme, 'GET', '/customers/nobody')).status).toBe(404);
  });

  it('shows who set up a portal-created customer (D3: created_by, source)', async () => {
    await t.addCustomer(acme, 'anchor-1');
    const token = await t.mintToken(acme, { sub: 'dana', customerIds: ['anchor-1'], extraClaims: { email: 'dana@roofpros.test', name: 'Dana' } });
    const created = await (await t.request('/api/v1/customers', { method: 'POST', token, body: JSON.stringify({ name: 'Dana’s second shop' }) })).json();
    const res = await call(acme, 'GET', `/customers/${created.external_id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: created.id,
      source: 'portal',
      created_by: { issuer: acme.issuer, subject: 'dana', email: 'dana@roofpros.test', name: 'Dana' },
    });
  });

  it('updates status, timezone and contact details, auditing what changed', async () => {
    published.length = 0;
    const res = await call(acme, 'PATCH', '/customers/crm-1001', { status: 'paused', timezone: 'America/New_York', billing_email: null });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'paused', timezone: 'America/New_York', billing_email: null, name: 'Roof Pros LLC' });
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('subject_id', '=', body.id).where('action', '=', 'customer.updated').executeTakeFirstOrThrow();
    expect(audit.details).toEqual({
      changes: {
        status: { from: 'active', to: 'paused' },
        timezone: { from: 'America/Denver', to: 'America/New_York' },
        billing_email: { from: 'ap@roofpros.test', to: null },
      },
    });
    expect(published).toEqual([{ type: 'customer.updated', providerId: acme.id, customerId: body.id, data: { external_id: 'crm-1001', status: 'paused' } }]);

    expect((await call(acme, 'PATCH', '/customers/crm-1001', { status: 'archived' })).status).toBe(200);
    expect((await (await call(acme, 'GET', '/customers/crm-1001')).json()).status).toBe('archived');
  });

  it('refuses an empty or bad patch (400) and another provider’s customer (404)', async () => {
    const empty = await call(acme, 'PATCH', '/customers/crm-1001', {});
    expect(empty.status).toBe(400);
    const bad = await call(acme, 'PATCH', '/customers/crm-1001', { timezone: 'Nowhere/Else', status: 'gone' });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(['status', 'timezone']);
    expect((await call(acme, 'PATCH', '/customers/crm-1001', { external_id: 'renamed' })).status).toBe(400);
    expect((await call(other, 'PATCH', '/customers/crm-1001', { name: 'Hijacked' })).status).toBe(404);
    expect((await (await call(acme, 'GET', '/customers/crm-1001')).json()).name).toBe('Roof Pros LLC');
  });

  it('lists only the key’s provider’s customers in keyset pages, optionally by status', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await call(acme, 'GET', `/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const body: { items: { id: string; external_id: string }[]; next_cursor: string | null } = await res.json();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((c) => c.external_id));
      cursor = body.next_cursor;
    } while (cursor);
    const expected = await t.db.selectFrom('customers').select('external_id').where('provider_id', '=', acme.id).orderBy('id').execute();
    expect(seen).toEqual(expected.map((c) => c.external_id));
    expect(seen).not.toContain(undefined);

    const archived = await (await call(acme, 'GET', '/customers?status=archived')).json();
    expect(archived.items.map((c: { external_id: string }) => c.external_id)).toEqual(['crm-1001']);
    const others = await (await call(other, 'GET', '/customers')).json();
    expect(others.items.map((c: { external_id: string }) => c.external_id)).toEqual(['dup-1']);

    expect((await call(acme, 'GET', '/customers?limit=0')).status).toBe(400);
    expect((await call(acme, 'GET', '/customers?status=deleted')).status).toBe(400);
    expect((await call(acme, 'GET', '/customers?cursor=garbage')).status).toBe(400);
  });
});
