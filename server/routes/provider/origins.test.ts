import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targets } from '../../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';

describe.each(targets)('provider API origins and hostnames on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let other: TestProvider;

  const call = (provider: TestProvider, method: string, path: string, body?: unknown) =>
    t.request(`/provider/v1${path}`, { method, token: provider.apiKey, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    other = await t.addProvider('Other Leads');
    await t.addCustomer(acme, 'acme-1');
  });
  afterAll(() => t.close());

  it('replaces the allowed origins; the buyer API then admits that Origin and refuses the old one (403)', async () => {
    const token = await t.mintToken(acme, { customerIds: ['acme-1'] });
    const session = (origin: string) => t.request('/api/v1/session', { token, headers: { Origin: origin } });
    expect((await session(acme.origin)).status).toBe(200);
    expect((await session('https://shop.acme.test')).status).toBe(403);

    const res = await call(acme, 'PUT', '/origins', { origins: ['https://shop.acme.test', 'https://www.acme.test:8443'] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ origins: ['https://shop.acme.test', 'https://www.acme.test:8443'] });
    expect(await (await call(acme, 'GET', '/origins')).json()).toEqual({ origins: ['https://shop.acme.test', 'https://www.acme.test:8443'] });

    expect((await session('https://shop.acme.test')).status).toBe(200);
    const refused = await session(acme.origin);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('origin_not_allowed');
    expect((await session('https://evil.test')).status).toBe(403);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('provider_id', '=', acme.id).executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'origins.replaced', details: { origins: ['https://shop.acme.test', 'https://www.acme.test:8443'] } });
  });

  it('leaves another provider’s origins alone', async () => {
    expect(await (await call(other, 'GET', '/origins')).json()).toEqual({ origins: [other.origin] });
  });

  it.each([
    'https://shop.acme.test/',
    'https://shop.acme.test/path',
    'https://Shop.acme.test',
    'http://shop.acme.test',
    'http://localhost:5173',
    'shop.acme.test',
    'ftp://shop.acme.test',
    '*',
  ])('refuses origin %s in production with 400 naming it', async (origin) => {
    const res = await call(acme, 'PUT', '/origins', { origins: ['https://ok.acme.test', origin] });
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields)).toEqual(['origins.1']);
  });

  it('refuses a repeated origin', async () => {
    const res = await call(acme, 'PUT', '/origins', { origins: ['https://a.acme.test', 'https://a.acme.test'] });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toHaveProperty(['origins.1']);
  });

  it('replaces /app hostnames, refusing one that another provider uses (409)', async () => {
    const res = await call(acme, 'PUT', '/hostnames', { hostnames: ['portal.acme.test', 'buyers.acme.test'] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hostnames: ['buyers.acme.test', 'portal.acme.test'] });
    expect(await (await call(acme, 'GET', '/hostnames')).json()).toEqual({ hostnames: ['buyers.acme.test', 'portal.acme.test'] });

    const taken = await call(other, 'PUT', '/hostnames', { hostnames: ['portal.other.test', 'portal.acme.test'] });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error).toMatchObject({ code: 'conflict', fields: { 'hostnames.1': expect.any(String) } });
    expect(await (await call(other, 'GET', '/hostnames')).json()).toEqual({ hostnames: [] });

    // Replacing with a smaller list frees a hostname for others.
    expect((await call(acme, 'PUT', '/hostnames', { hostnames: ['buyers.acme.test'] })).status).toBe(200);
    expect((await call(other, 'PUT', '/hostnames', { hostnames: ['portal.acme.test'] })).status).toBe(200);
  });

  it.each(['https://portal.acme.test', 'Portal.acme.test', 'portal.acme.test:8443', 'portal acme', '-bad.acme.test'])('refuses hostname %s with 400', async (hostname) => {
    const res = await call(acme, 'PUT', '/hostnames', { hostnames: [hostname] });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toHaveProperty(['hostnames.0']);
  });

  it('refuses a body without the list', async () => {
    expect((await call(acme, 'PUT', '/origins', {})).status).toBe(400);
    expect((await call(acme, 'PUT', '/hostnames', { hostnames: 'portal.acme.test' })).status).toBe(400);
  });
});

describe.each(targets)('provider API origins in demo mode on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  beforeAll(async () => {
    t = await createTestContext(target, { mode: 'demo' });
    acme = await t.addProvider('Acme Leads');
  });
  afterAll(() => t.close());

  it('accepts http://localhost and http://127.0.0.1 origins, but no other http origin', async () => {
    const put = (origins: string[]) => t.request('/provider/v1/origins', { method: 'PUT', token: acme.apiKey, body: JSON.stringify({ origins }) });
    expect((await put(['http://localhost:5173', 'http://127.0.0.1:8787', 'https://shop.acme.test'])).status).toBe(200);
    expect((await put(['http://shop.acme.test'])).status).toBe(400);
  });
});
