import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targets } from '../../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';

describe.each(targets)('GET /api/v1/session on %s', (target) => {
  let t: TestContext;
  let provider: TestProvider;

  beforeAll(async () => {
    t = await createTestContext(target);
    provider = await t.addProvider('Acme Leads');
    await t.addCustomer(provider, 'acme-1', { balanceCents: 5_000n });
    await t.addCustomer(provider, 'acme-2', { status: 'paused' });
  });
  afterAll(() => t.close());

  it('returns the user, the token’s customers and the first one as active (D4)', async () => {
    const token = await t.mintToken(provider, { sub: 'u-1', customerIds: ['acme-1', 'acme-2'], extraClaims: { name: 'Dana', email: 'dana@x.test' } });
    const res = await t.request('/api/v1/session', { token });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toMatchObject({ name: 'Dana', email: 'dana@x.test' });
    expect(body.customers.map((c: { external_id: string }) => c.external_id)).toEqual(['acme-1', 'acme-2']);
    expect(body.active_customer).toMatchObject({ external_id: 'acme-1', role: 'admin', status: 'active' });
    expect(body.provider).toMatchObject({ name: 'Acme Leads', self_service_customers: true });
  });

  it('switches the active customer with X-Customer-Id', async () => {
    const token = await t.mintToken(provider, { sub: 'u-1', customerIds: ['acme-1', 'acme-2'] });
    const body = await (await t.request('/api/v1/session', { token, customer: 'acme-2' })).json();
    expect(body.active_customer).toMatchObject({ external_id: 'acme-2', status: 'paused' });
  });
});
