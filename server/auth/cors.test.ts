import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../lib/ids.js';
import { portalIssuer } from '../domain/providers.js';
import { targets } from '../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../test/harness.js';
import { mintPortalToken } from './portal-tokens.js';

const listOf = (value: string | null) => (value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);

/** D9: preflight from the union of origins, then a per-provider Origin check after the token. */
describe.each(targets)('CORS and origins on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let other: TestProvider;

  const preflight = (path: string, origin: string) =>
    t.request(path, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization,x-customer-id' },
    });

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    other = await t.addProvider('Other Leads');
    await t.addCustomer(acme, 'acme-1');
  });
  afterAll(() => t.close());

  it('answers a preflight from an allowed origin with the D9 headers and no credentials', async () => {
    const res = await preflight('/api/v1/wallet', acme.origin);
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(acme.origin);
    expect(listOf(res.headers.get('Access-Control-Allow-Headers'))).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-customer-id', 'idempotency-key', 'last-event-id']),
    );
    expect(listOf(res.headers.get('Access-Control-Allow-Methods'))).toEqual(expect.arrayContaining(['get', 'post']));
    expect(res.headers.get('Access-Control-Max-Age')).toBe('600');
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBeNull();
    expect(listOf(res.headers.get('Vary'))).toContain('origin');
  });

  it('allows the union of providers’ origins before any token is seen', async () => {
    const res = await preflight('/api/v1/session', other.origin);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(other.origin);
  });

  it('gives an unknown origin no allow-origin', async () => {
    const res = await preflight('/api/v1/wallet', 'https://evil.example');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBeNull();
  });

  it('does not apply CORS to /app (session cookie and /app/token live there)', async () => {
    const res = await preflight('/app/token', acme.origin);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('serves an authenticated request from the token provider’s own origin', async () => {
    const token = await t.mintToken(acme, { customerIds: ['acme-1'] });
    const res = await t.request('/api/v1/wallet', { token, headers: { Origin: acme.origin } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(acme.origin);
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBeNull();
  });

  it('refuses an Origin of another provider with 403 origin_not_allowed, readable by the widget', async () => {
    const token = await t.mintToken(acme, { customerIds: ['acme-1'] });
    const res = await t.request('/api/v1/wallet', { token, headers: { Origin: other.origin } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('origin_not_allowed');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(other.origin);
  });

  it('refuses an unknown Origin after the token (and gives it no CORS headers)', async () => {
    const token = await t.mintToken(acme, { customerIds: ['acme-1'] });
    const res = await t.request('/api/v1/wallet', { token, headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('origin_not_allowed');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('lets the widget read a 401 (token_expired) from an allowed origin (D23)', async () => {
    const token = await t.mintToken(acme, { customerIds: ['acme-1'], issuedAt: new Date(t.clock.now().getTime() - 3_600_000), lifetimeSeconds: 600 });
    const res = await t.request('/api/v1/wallet', { token, headers: { Origin: acme.origin } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('token_expired');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(acme.origin);
  });

  it('lets a request without Origin (server to server) pass', async () => {
    const token = await t.mintToken(acme, { customerIds: ['acme-1'] });
    const res = await t.request('/api/v1/wallet', { token });
    expect(res.status).toBe(200);
  });

  it('allows /app tokens from PUBLIC_URL, but not provider tokens', async () => {
    const userId = newId('usr');
    const customer = await t.db.selectFrom('customers').select('id').where('external_id', '=', 'acme-1').executeTakeFirstOrThrow();
    await t.db.insertInto('users').values({ id: userId, provider_id: acme.id, issuer: portalIssuer(acme.id), subject: userId }).execute();
    await t.db.insertInto('memberships').values({ user_id: userId, customer_id: customer.id, role: 'admin', source: 'portal' }).execute();
    const { token: appToken } = await mintPortalToken(t.db, t.config.secretKey, t.clock, acme.id, userId);
    expect((await t.request('/api/v1/wallet', { token: appToken, headers: { Origin: t.config.publicUrl } })).status).toBe(200);

    const providerToken = await t.mintToken(acme, { customerIds: ['acme-1'] });
    const res = await t.request('/api/v1/wallet', { token: providerToken, headers: { Origin: t.config.publicUrl } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('origin_not_allowed');
  });
});
