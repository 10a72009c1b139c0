import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey } from '../../domain/providers.js';
import { newId } from '../../lib/ids.js';
import { targets } from '../../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';

/** Every registered provider endpoint, with concrete ids for its path parameters. */
function providerRoutes(t: TestContext): [string, string][] {
  const keys = t.app.routes.filter((r) => r.path.startsWith('/provider/v1/') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)].sort().map((key) => {
    const [method, path] = key.split(' ') as [string, string];
    return [method, path.replace(/:\w+/g, 'some-id')];
  });
}

describe.each(targets)('provider API keys on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let revoked: string;

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    const key = newApiKey();
    await t.db.insertInto('provider_api_keys').values({ id: newId('key'), provider_id: acme.id, prefix: key.prefix, key_sha256: key.sha256, revoked_at: new Date() }).execute();
    revoked = key.key;
  });
  afterAll(() => t.close());

  it('finds the provider routes to check', () => {
    expect(providerRoutes(t).length).toBeGreaterThanOrEqual(15);
  });

  it('accepts the provider’s key', async () => {
    const res = await t.request('/provider/v1/settings', { token: acme.apiKey });
    expect(res.status).toBe(200);
    expect((await res.json()).name).toBe('Acme Leads');
  });

  const wrongSecret = () => acme.apiKey.replace(/_[^_]+$/, '_' + 'A'.repeat(43));
  const unknownPrefix = () => acme.apiKey.replace(/^lpk_[0-9a-f]{12}/, 'lpk_000000000000');
  const cases: [string, () => Record<string, string>][] = [
    ['no Authorization header', () => ({})],
    ['a Basic header', () => ({ Authorization: `Basic ${Buffer.from(`x:${acme.apiKey}`).toString('base64')}` })],
    ['a key that is not lpk_', () => ({ Authorization: 'Bearer sk_live_123' })],
    ['a wrong secret', () => ({ Authorization: `Bearer ${wrongSecret()}` })],
    ['an unknown prefix', () => ({ Authorization: `Bearer ${unknownPrefix()}` })],
    ['a revoked key', () => ({ Authorization: `Bearer ${revoked}` })],
    ['a buyer token', () => ({ Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x' })],
  ];

  it.each(cases)('answers 401 on every provider route for %s', async (_, headers) => {
    for (const [method, path] of providerRoutes(t)) {
      const res = await t.app.request(path, { method, headers: { ...headers(), 'Content-Type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });
});
