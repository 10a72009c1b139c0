import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, TOKEN_TYPE } from '../../auth/jwt.js';
import { portalIssuer } from '../../domain/providers.js';
import { targets } from '../../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';

describe.each(targets)('provider API signing keys on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let other: TestProvider;

  const call = (provider: TestProvider, method: string, path = '', body?: unknown) =>
    t.request(`/provider/v1/signing-keys${path}`, { method, token: provider.apiKey, body: body === undefined ? undefined : JSON.stringify(body) });

  /** A portal token as a provider's backend mints it (DESIGN "Auth protocol"). */
  async function token(issuer: string, alg: string, key: CryptoKey | Uint8Array, kid?: string) {
    const iat = Math.floor(t.clock.now().getTime() / 1000);
    return new SignJWT({ customer_ids: ['acme-1'], scope: 'portal' })
      .setProtectedHeader({ alg, typ: TOKEN_TYPE, ...(kid ? { kid } : {}) })
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setSubject('user-7')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(key);
  }
  const session = async (bearer: string) => (await t.request('/api/v1/session', { token: bearer })).status;

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    other = await t.addProvider('Other Leads');
    await t.addCustomer(acme, 'acme-1');
  });
  afterAll(() => t.close());

  it.each(['RS256', 'ES256', 'EdDSA'] as const)('accepts tokens signed by a registered %s public JWK, and refuses them once the key is deleted', async (alg) => {
    const issuer = `https://${alg.toLowerCase()}.acme.test`;
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: `${alg}-1` };
    const signed = await token(issuer, alg, privateKey, jwk.kid);
    expect(await session(signed)).toBe(401);

    const res = await call(acme, 'POST', '', { issuer, alg, public_jwk: jwk });
    expect(res.status).toBe(201);
    const key = await res.json();
    expect(key).toMatchObject({ issuer, alg, kid: `${alg}-1`, public_jwk: jwk, jwks_url: null, revoked_at: null });
    expect(await session(signed)).toBe(200);

    const deleted = await call(acme, 'DELETE', `/${key.id}`);
    expect(deleted.status).toBe(200);
    expect((await deleted.json()).revoked_at).toEqual(expect.any(String));
    expect(await session(signed)).toBe(401);
  });

  it('stores an HS256 secret encrypted and never returns it', async () => {
    const secret = 'a-shared-secret-of-at-least-32-bytes!';
    const issuer = 'https://hs.acme.test';
    const res = await call(acme, 'POST', '', { issuer, alg: 'HS256', secret, kid: 'hs-1' });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ issuer, alg: 'HS256', kid: 'hs-1', public_jwk: null, jwks_url: null });
    const row = await t.db.selectFrom('signing_keys').select('secret_enc').where('issuer', '=', issuer).executeTakeFirstOrThrow();
    expect(row.secret_enc).toMatch(/^v1\./);
    expect(row.secret_enc).not.toContain(secret);
    expect(await session(await token(issuer, 'HS256', new TextEncoder().encode(secret), 'hs-1'))).toBe(200);

    const list = await (await call(acme, 'GET')).text();
    expect(list).not.toContain(secret);
    expect(list).not.toContain('secret_enc');
  });

  it('registers a JWKS URL (https only in production)', async () => {
    const res = await call(acme, 'POST', '', { issuer: 'https://jwks.acme.test', alg: 'ES256', jwks_url: 'https://jwks.acme.test/.well-known/jwks.json' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ jwks_url: 'https://jwks.acme.test/.well-known/jwks.json', public_jwk: null });
    const http = await call(acme, 'POST', '', { issuer: 'https://jwks.acme.test', alg: 'ES256', jwks_url: 'http://localhost:9999/jwks.json' });
    expect(http.status).toBe(400);
    expect((await http.json()).error.fields).toHaveProperty('jwks_url');
  });

  it('lists only the provider’s own keys (not its portal key, not another provider’s)', async () => {
    const items: { issuer: string }[] = (await (await call(acme, 'GET')).json()).items;
    const issuers = new Set(items.map((k) => k.issuer));
    expect(issuers).toContain('https://hs.acme.test');
    expect(issuers).toContain(acme.issuer);
    expect(issuers).not.toContain(portalIssuer(acme.id));
    expect(issuers).not.toContain(other.issuer);
  });

  it('refuses an issuer another provider owns (409) and the portal namespace (400)', async () => {
    const secret = 'x'.repeat(32);
    const taken = await call(other, 'POST', '', { issuer: acme.issuer, alg: 'HS256', secret });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error).toMatchObject({ code: 'conflict', fields: { issuer: expect.any(String) } });
    for (const issuer of [portalIssuer(acme.id), portalIssuer(other.id), 'urn:lead-portal:app:anything']) {
      const res = await call(other, 'POST', '', { issuer, alg: 'HS256', secret });
      expect(res.status, issuer).toBe(400);
      expect((await res.json()).error.fields).toHaveProperty('issuer');
    }
  });

  it('does not revoke another provider’s key (404)', async () => {
    const theirs = await t.db.selectFrom('signing_keys').select('id').where('issuer', '=', other.issuer).executeTakeFirstOrThrow();
    expect((await call(acme, 'DELETE', `/${theirs.id}`)).status).toBe(404);
    const portalKey = await t.db.selectFrom('signing_keys').select('id').where('issuer', '=', portalIssuer(acme.id)).executeTakeFirstOrThrow();
    expect((await call(acme, 'DELETE', `/${portalKey.id}`)).status).toBe(404);
    expect((await call(acme, 'DELETE', '/sk_nothing')).status).toBe(404);
  });

  it.each([
    [{ issuer: 'https://a.test', alg: 'HS256', secret: 'too short' }, 'secret'],
    [{ issuer: 'https://a.test', alg: 'HS512', secret: 'x'.repeat(40) }, 'alg'],
    [{ alg: 'HS256', secret: 'x'.repeat(40) }, 'issuer'],
    [{ issuer: 'https://a.test', alg: 'RS256' }, 'public_jwk'],
    [{ issuer: 'https://a.test', alg: 'RS256', public_jwk: { kty: 'RSA' }, jwks_url: 'https://a.test/jwks' }, 'public_jwk'],
    [{ issuer: 'https://a.test', alg: 'RS256', jwks_url: 'not a url' }, 'jwks_url'],
    [{ issuer: 'https://a.test', alg: 'HS256', secret: 'x'.repeat(40), public_jwk: { kty: 'oct' } }, '_'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const res = await call(acme, 'POST', '', body);
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields)).toContain(field);
  });

  it('refuses a private JWK, a JWK of the wrong type and one that is not a key', async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const ec = await generateKeyPair('ES256', { extractable: true });
    const cases = [
      { alg: 'RS256', public_jwk: await exportJWK(rsa.privateKey) },
      { alg: 'RS256', public_jwk: await exportJWK(ec.publicKey) },
      { alg: 'ES256', public_jwk: { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' } },
    ];
    for (const body of cases) {
      const res = await call(acme, 'POST', '', { issuer: 'https://bad.acme.test', ...body });
      expect(res.status).toBe(400);
      expect((await res.json()).error.fields).toHaveProperty('public_jwk');
    }
    expect(await t.db.selectFrom('provider_issuers').select('issuer').where('issuer', '=', 'https://bad.acme.test').execute()).toEqual([]);
  });
});
