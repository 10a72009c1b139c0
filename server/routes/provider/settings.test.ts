import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToLedger } from '../../domain/ledger.js';
import type { PortalEvent } from '../../lib/events.js';
import { targets } from '../../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';

const tier = (name: string, lower: number, upper: number | null, effect = { kind: 'none', bps: 0 }) => ({
  name,
  headline: `${name} headline`,
  brief: `${name} brief`,
  description: `${name} description`,
  color: '#336699',
  icon: 'star',
  lower_bps: lower,
  upper_bps: upper,
  effect,
});

describe.each(targets)('provider API settings on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let other: TestProvider;
  const published: PortalEvent[] = [];

  const call = (provider: TestProvider, method: string, body?: unknown) =>
    t.request('/provider/v1/settings', { method, token: provider.apiKey, body: body === undefined ? undefined : JSON.stringify(body) });

  async function expect400(body: unknown, field: string) {
    const res = await call(acme, 'PUT', body);
    expect(res.status, JSON.stringify(body)).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_request');
    expect(Object.keys(error.fields), JSON.stringify(error.fields)).toContain(field);
  }

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    other = await t.addProvider('Other Leads');
    t.deps.events.subscribe((event) => published.push(event));
  });
  afterAll(() => t.close());

  it('reads the provider’s settings', async () => {
    const res = await call(acme, 'GET');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      name: 'Acme Leads',
      support_email: 'help@acmeleads.test',
      locale: 'en-US',
      currency: 'USD',
      branding: { logo_url: null, appearance: {} },
      settings: { self_service_customers: true },
      return_tiers: [],
    });
  });

  it('changes branding, rules and tiers; the buyer badge shows the new tiers', async () => {
    published.length = 0;
    const res = await call(acme, 'PUT', {
      name: 'Acme Leads Inc',
      support_email: 'care@acme.test',
      locale: 'en-GB',
      branding: { logo_url: 'https://cdn.acme.test/logo.svg', appearance: { colorPrimary: '#0B5CAD', borderRadius: '0.5rem', fontFamily: "Inter, 'Helvetica Neue', sans-serif" } },
      settings: { returns_enabled: true, return_window_days: 10, return_reasons: ['Duplicate', 'Wrong number'], return_tiers_enabled: true, max_return_rate_bps: 2500, deposit_fee_bps: 290, min_deposit_cents: 5_000, max_deposit_cents: 500_000 },
      return_tiers: [tier('Gold', 0, 500), tier('Silver', 500, 1500, { kind: 'penalty', bps: 500 }), tier('Bronze', 1500, null, { kind: 'match_return_rate', bps: 0 })],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      name: 'Acme Leads Inc',
      support_email: 'care@acme.test',
      locale: 'en-GB',
      branding: { logo_url: 'https://cdn.acme.test/logo.svg', appearance: { colorPrimary: '#0B5CAD', borderRadius: '0.5rem' } },
      // Keys not sent keep their value.
      settings: { self_service_customers: true, returns_enabled: true, return_window_days: 10, max_return_rate_bps: 2500, deposit_fee_bps: 290 },
    });
    expect(body.return_tiers.map((x: { name: string; lower_bps: number; upper_bps: number | null }) => [x.name, x.lower_bps, x.upper_bps])).toEqual([
      ['Gold', 0, 500],
      ['Silver', 500, 1500],
      ['Bronze', 1500, null],
    ]);
    expect(published).toContainEqual({ type: 'badge.updated', providerId: acme.id, data: {} });
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_kind']).where('provider_id', '=', acme.id).where('subject_type', '=', 'provider').execute();
    expect(audit).toEqual([{ action: 'provider.settings_updated', actor_kind: 'provider_api' }]);

    await t.addCustomer(acme, 'buyer-1');
    const token = await t.mintToken(acme, { customerIds: ['buyer-1'] });
    const badge = await (await t.request('/api/v1/badge', { token })).json();
    expect(badge.tiers_enabled).toBe(true);
    expect(badge.current_tier).toMatchObject({ name: 'Gold', effect: { kind: 'none', bps: 0 } });
    expect(badge.tiers.map((x: { id: string }) => x.id)).toEqual(body.return_tiers.map((x: { id: string }) => x.id));
  });

  it('keeps each tier’s id by position when tiers are replaced, and drops the extra ones', async () => {
    const before = (await (await call(acme, 'GET')).json()).return_tiers;
    const res = await call(acme, 'PUT', { return_tiers: [tier('Good', 0, 1000), tier('Watch', 1000, null, { kind: 'discount', bps: 0 })] });
    expect(res.status).toBe(200);
    const after = (await res.json()).return_tiers;
    expect(after.map((x: { id: string; name: string }) => [x.id, x.name])).toEqual([
      [before[0].id, 'Good'],
      [before[1].id, 'Watch'],
    ]);
    expect((await call(acme, 'PUT', { return_tiers: [] })).status).toBe(200);
    expect((await (await call(acme, 'GET')).json()).return_tiers).toEqual([]);
  });

  it('leaves another provider’s settings alone', async () => {
    expect((await (await call(other, 'GET')).json()).name).toBe('Other Leads');
  });

  it.each([
    [{}, '_'],
    [{ name: '' }, 'name'],
    [{ locale: 'not a locale' }, 'locale'],
    [{ currency: 'usd' }, 'currency'],
    [{ currency: 'XYZ' }, 'currency'],
    [{ support_email: 'nope' }, 'support_email'],
    [{ branding: { appearance: { colorPrimary: 'red' } } }, 'branding.appearance.colorPrimary'],
    [{ branding: { appearance: { colorText: '#fff' } } }, 'branding.appearance.colorText'],
    [{ branding: { appearance: { borderRadius: '8' } } }, 'branding.appearance.borderRadius'],
    [{ branding: { appearance: { borderRadius: 'calc(1px)' } } }, 'branding.appearance.borderRadius'],
    [{ branding: { appearance: { fontFamily: 'x; } body { color: red' } } }, 'branding.appearance.fontFamily'],
    [{ branding: { appearance: { colour: '#000000' } } }, 'branding.appearance'],
    [{ branding: { logo_url: 'http://cdn.acme.test/logo.svg' } }, 'branding.logo_url'],
    [{ branding: { logo_url: 'javascript:alert(1)' } }, 'branding.logo_url'],
    [{ settings: { deposit_fee_bps: 10_001 } }, 'settings.deposit_fee_bps'],
    [{ settings: { max_return_rate_bps: -1 } }, 'settings.max_return_rate_bps'],
    [{ settings: { min_deposit_cents: 10.5 } }, 'settings.min_deposit_cents'],
    [{ settings: { min_lifetime_deposit_cents: -100 } }, 'settings.min_lifetime_deposit_cents'],
    [{ settings: { return_window_days: 0 } }, 'settings.return_window_days'],
    [{ settings: { returns_enabled: 'yes' } }, 'settings.returns_enabled'],
    [{ settings: { return_reasons: ['Duplicate', 'duplicate'] } }, 'settings.return_reasons.1'],
    [{ settings: { return_policy_url: 'ftp://acme.test/policy' } }, 'settings.return_policy_url'],
    [{ settings: { min_deposit_cents: 10_000, max_deposit_cents: 5_000 } }, 'settings.max_deposit_cents'],
    [{ settings: { fee_percent: 3 } }, 'settings'],
    [{ return_tiers: [tier('A', 100, null)] }, 'return_tiers.0.lower_bps'],
    [{ return_tiers: [tier('A', 0, 500), tier('B', 600, null)] }, 'return_tiers.1.lower_bps'],
    [{ return_tiers: [tier('A', 0, 500), tier('B', 400, null)] }, 'return_tiers.1.lower_bps'],
    [{ return_tiers: [tier('A', 0, 500), tier('B', 500, 900)] }, 'return_tiers.1.upper_bps'],
    [{ return_tiers: [tier('A', 0, null), tier('B', 500, null)] }, 'return_tiers.0.upper_bps'],
    [{ return_tiers: [tier('A', 0, 0), tier('B', 0, null)] }, 'return_tiers.0.upper_bps'],
    [{ return_tiers: [tier('A', 0, null, { kind: 'bonus', bps: 1 })] }, 'return_tiers.0.effect.kind'],
    [{ return_tiers: [tier('A', 0, null, { kind: 'penalty', bps: 20_000 })] }, 'return_tiers.0.effect.bps'],
    [{ return_tiers: [{ ...tier('A', 0, null), color: 'blue' }] }, 'return_tiers.0.color'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    await expect400(body, field);
  });

  it('allows a root-relative logo path (the demo provider’s kind)', async () => {
    expect((await call(acme, 'PUT', { branding: { logo_url: '/demo/acme-logo.svg' } })).status).toBe(200);
  });

  it('changes the currency (and the wallets) only while no customer has ledger rows, else 409', async () => {
    const res = await call(acme, 'PUT', { currency: 'EUR' });
    expect(res.status).toBe(200);
    expect((await res.json()).currency).toBe('EUR');
    const wallet = await t.db.selectFrom('wallets').innerJoin('customers', 'customers.id', 'wallets.customer_id').select('currency').where('customers.external_id', '=', 'buyer-1').executeTakeFirstOrThrow();
    expect(wallet.currency).toBe('EUR');

    const customer = await t.db.selectFrom('customers').select('id').where('external_id', '=', 'buyer-1').executeTakeFirstOrThrow();
    await t.db.transaction().execute((trx) => postToLedger(trx, { providerId: acme.id, customerId: customer.id }, { kind: 'funds_added_by_provider', amountCents: 1_000n, description: 'Wire' }));
    const refused = await call(acme, 'PUT', { currency: 'USD', name: 'Renamed too' });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatchObject({ code: 'conflict', fields: { currency: expect.any(String) } });
    // Nothing of a refused change is applied.
    expect(await (await call(acme, 'GET')).json()).toMatchObject({ currency: 'EUR', name: 'Acme Leads Inc' });
    // Sending the current currency is not a change.
    expect((await call(acme, 'PUT', { currency: 'EUR' })).status).toBe(200);
  });
});

describe.each(targets)('provider API settings in demo mode on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  beforeAll(async () => {
    t = await createTestContext(target, { mode: 'demo' });
    acme = await t.addProvider('Acme Leads');
  });
  afterAll(() => t.close());

  it('accepts http URLs on this machine only', async () => {
    const put = (logo: string) => t.request('/provider/v1/settings', { method: 'PUT', token: acme.apiKey, body: JSON.stringify({ branding: { logo_url: logo } }) });
    expect((await put('http://localhost:8787/logo.svg')).status).toBe(200);
    expect((await put('http://cdn.acme.test/logo.svg')).status).toBe(400);
  });
});
