import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../lib/ids.js';
import { targets } from '../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../test/harness.js';
import { AUDIENCE, TOKEN_TYPE } from './jwt.js';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Token verification through the real app (DESIGN "Auth protocol"): every refusal is a 401 on GET /api/v1/session. */
describe.each(targets)('portal token verification on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let other: TestProvider;
  let jwks: Server;

  const session = (token: string, customer?: string) => t.request('/api/v1/session', { token, customer });
  const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);

  async function expectRefused(token: string, code = 'unauthorized') {
    const res = await session(token);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe(code);
  }

  /** Registers an asymmetric issuer for `provider`, the way provider settings would (one issuer row + one key row). */
  async function registerIssuer(provider: TestProvider, issuer: string, key: { alg: 'ES256' | 'RS256' | 'EdDSA'; kid?: string; publicJwk?: JWK; jwksUrl?: string }) {
    await t.db.insertInto('provider_issuers').values({ issuer, provider_id: provider.id, kind: 'provider' }).execute();
    await t.db
      .insertInto('signing_keys')
      .values({ id: newId('sk'), issuer, alg: key.alg, kid: key.kid ?? null, public_jwk: key.publicJwk ? JSON.stringify(key.publicJwk) : null, jwks_url: key.jwksUrl ?? null })
      .execute();
  }

  function signed(privateKey: CryptoKey | Uint8Array, alg: string, issuer: string, kid?: string) {
    const iat = nowSeconds();
    return new SignJWT({ customer_ids: ['acme-1'], scope: 'portal' })
      .setProtectedHeader({ alg, typ: TOKEN_TYPE, ...(kid ? { kid } : {}) })
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setSubject('asym-user')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(privateKey);
  }

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    other = await t.addProvider('Other Leads');
    await t.addCustomer(acme, 'acme-1');
    await t.addCustomer(other, 'other-1');
  });
  afterAll(async () => {
    await new Promise((resolve) => (jwks ? jwks.close(resolve) : resolve(undefined)));
    await t.close();
  });

  it('accepts the harness HS256 token', async () => {
    const res = await session(await t.mintToken(acme, { customerIds: ['acme-1'] }));
    expect(res.status).toBe(200);
    expect((await res.json()).active_customer.external_id).toBe('acme-1');
  });

  it('accepts the bearer scheme in any case (RFC 9110)', async () => {
    const token = await t.mintToken(acme, { customerIds: ['acme-1'] });
    const res = await t.request('/api/v1/session', { headers: { Authorization: `bearer ${token}` } });
    expect(res.status).toBe(200);
  });

  it('refuses a request without an Authorization header', async () => {
    const res = await t.request('/api/v1/session');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('refuses a non-bearer Authorization header', async () => {
    const token = await t.mintToken(acme, { customerIds: ['acme-1'] });
    const res = await t.request('/api/v1/session', { headers: { Authorization: `Basic ${token}` } });
    expect(res.status).toBe(401);
  });

  it('refuses a malformed token', async () => {
    await expectRefused('not-a-jwt');
    await expectRefused('aaa.bbb.ccc');
  });

  it('refuses an expired token with token_expired (injected clock, no sleeping)', async () => {
    const token = await t.mintToken(acme, { customerIds: ['acme-1'], lifetimeSeconds: 600 });
    expect((await session(token)).status).toBe(200);
    const start = t.clock.now();
    try {
      t.clock.advance(611_000); // past exp plus the 5 s tolerance
      await expectRefused(token, 'token_expired');
    } finally {
      t.clock.set(start);
    }
  });

  it('refuses a lifetime over one hour and accepts exactly one hour', async () => {
    await expectRefused(await t.mintToken(acme, { customerIds: ['acme-1'], lifetimeSeconds: 3601 }));
    await expectRefused(await t.mintToken(acme, { customerIds: ['acme-1'], lifetimeSeconds: 24 * 3600 }));
    expect((await session(await t.mintToken(acme, { customerIds: ['acme-1'], lifetimeSeconds: 3600 }))).status).toBe(200);
  });

  it('refuses a token issued more than an hour ago even if exp is later (maxTokenAge): the widget refetches', async () => {
    const issuedAt = new Date(t.clock.now().getTime() - 2 * 3600_000);
    await expectRefused(await t.mintToken(acme, { customerIds: ['acme-1'], issuedAt, lifetimeSeconds: 3 * 3600 }), 'token_expired');
  });

  it('refuses a token issued in the future (beyond the clock tolerance)', async () => {
    const issuedAt = new Date(t.clock.now().getTime() + 60_000);
    await expectRefused(await t.mintToken(acme, { customerIds: ['acme-1'], issuedAt }));
    // Within the 5 s tolerance a slightly fast provider clock is accepted.
    const slightlyAhead = new Date(t.clock.now().getTime() + 3_000);
    expect((await session(await t.mintToken(acme, { customerIds: ['acme-1'], issuedAt: slightlyAhead }))).status).toBe(200);
  });

  it('refuses alg "none"', async () => {
    const iat = nowSeconds();
    const payload = { iss: acme.issuer, aud: AUDIENCE, sub: 'user-1', iat, exp: iat + 600, customer_ids: ['acme-1'], scope: 'portal' };
    await expectRefused(`${b64url({ alg: 'none', typ: TOKEN_TYPE })}.${b64url(payload)}.`);
    // Even with the real signature appended, a header claiming "none" must not pass.
    const real = (await t.mintToken(acme, { customerIds: ['acme-1'] })).split('.')[2];
    await expectRefused(`${b64url({ alg: 'none', typ: TOKEN_TYPE })}.${b64url(payload)}.${real}`);
  });

  it('refuses a wrong audience', async () => {
    await expectRefused(await t.mintToken(acme, { customerIds: ['acme-1'], audience: 'another-app' }));
  });

  it('refuses a wrong typ header (RFC 8725 explicit typing)', async () => {
    await expectRefused(await t.mintToken(acme, { customerIds: ['acme-1'], typ: 'JWT' }));
    await expectRefused(await t.mintToken(acme, { customerIds: ['acme-1'], typ: 'at+jwt' }));
  });

  it('refuses an unknown issuer', async () => {
    await expectRefused(await t.mintToken(acme, { customerIds: ['acme-1'], issuer: 'https://nobody.issuer.test' }));
  });

  it("refuses a token forged with another provider's secret under this provider's issuer", async () => {
    await expectRefused(await t.mintToken(acme, { customerIds: ['acme-1'], secret: other.secret }));
  });

  it("gives 404 when provider B's valid token names provider A's customer", async () => {
    const token = await t.mintToken(other, { sub: 'b-user', customerIds: ['acme-1'] });
    const res = await session(token, 'acme-1');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
    const own = await t.mintToken(other, { sub: 'b-user', customerIds: ['other-1'] });
    expect((await session(own, 'acme-1')).status).toBe(404);
    expect((await session(own, 'other-1')).status).toBe(200);
  });

  it('refuses a token without sub', async () => {
    const iat = nowSeconds();
    const token = await new SignJWT({ customer_ids: ['acme-1'], scope: 'portal' })
      .setProtectedHeader({ alg: 'HS256', typ: TOKEN_TYPE })
      .setIssuer(acme.issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(new TextEncoder().encode(acme.secret));
    await expectRefused(token);
  });

  it('refuses a token without iat or exp', async () => {
    const sign = (build: (jwt: SignJWT) => SignJWT) =>
      build(new SignJWT({ customer_ids: ['acme-1'] }).setProtectedHeader({ alg: 'HS256', typ: TOKEN_TYPE }).setIssuer(acme.issuer).setAudience(AUDIENCE).setSubject('u'))
        .sign(new TextEncoder().encode(acme.secret));
    await expectRefused(await sign((jwt) => jwt.setExpirationTime(nowSeconds() + 600)));
    await expectRefused(await sign((jwt) => jwt.setIssuedAt(nowSeconds())));
  });

  it('refuses customer_ids that is not an array of strings', async () => {
    await expectRefused(await t.mintToken(acme, { extraClaims: { customer_ids: 'acme-1' } }));
    await expectRefused(await t.mintToken(acme, { extraClaims: { customer_ids: [42] } }));
    await expectRefused(await t.mintToken(acme, { customerIds: [] }));
  });

  it('refuses an unknown role or scope claim', async () => {
    await expectRefused(await t.mintToken(acme, { customerIds: ['acme-1'], extraClaims: { roles: { 'acme-1': 'owner' } } }));
    await expectRefused(await t.mintToken(acme, { customerIds: ['acme-1'], extraClaims: { scope: 'portal:write' } }));
  });

  it('accepts ES256 through a registered public JWK, and refuses a token signed by another key', async () => {
    const issuer = 'https://es256.acme.test';
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    await registerIssuer(acme, issuer, { alg: 'ES256', kid: 'es-1', publicJwk: await exportJWK(publicKey) });
    const res = await session(await signed(privateKey, 'ES256', issuer, 'es-1'));
    expect(res.status).toBe(200);
    expect((await res.json()).active_customer.external_id).toBe('acme-1');

    const stranger = await generateKeyPair('ES256');
    await expectRefused(await signed(stranger.privateKey, 'ES256', issuer, 'es-1'));
  });

  it('accepts RS256 through a registered public JWK and refuses an HS256 token keyed with its public key', async () => {
    const issuer = 'https://rs256.acme.test';
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    await registerIssuer(acme, issuer, { alg: 'RS256', publicJwk: await exportJWK(publicKey) });
    expect((await session(await signed(privateKey, 'RS256', issuer))).status).toBe(200);
    // Algorithm confusion: an HS256 token "signed" with the public key as the HMAC secret finds no HS256 key.
    const publicJwk = await exportJWK(publicKey);
    await expectRefused(await signed(new TextEncoder().encode(JSON.stringify(publicJwk)), 'HS256', issuer));
    await expectRefused(await signed(Buffer.from(publicJwk.n!, 'base64url'), 'HS256', issuer));
  });

  it('accepts EdDSA (Ed25519) through a registered public JWK', async () => {
    const issuer = 'https://eddsa.acme.test';
    const { privateKey, publicKey } = await generateKeyPair('EdDSA');
    await registerIssuer(acme, issuer, { alg: 'EdDSA', publicJwk: await exportJWK(publicKey) });
    expect((await session(await signed(privateKey, 'EdDSA', issuer))).status).toBe(200);
    await expectRefused(await signed((await generateKeyPair('EdDSA')).privateKey, 'EdDSA', issuer));
  });

  it('accepts a token verified through a JWKS URL (createRemoteJWKSet) served locally', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'rot-1', alg: 'RS256', use: 'sig' };
    let fetches = 0;
    jwks = createServer((req, res) => {
      fetches++;
      if (req.url !== '/.well-known/jwks.json') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    const issuer = 'https://jwks.acme.test';
    await registerIssuer(acme, issuer, { alg: 'RS256', jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json` });

    const res = await session(await signed(privateKey, 'RS256', issuer, 'rot-1'));
    expect(res.status).toBe(200);
    expect((await res.json()).active_customer.external_id).toBe('acme-1');
    expect(fetches).toBe(1);

    // A key the JWKS does not publish is refused.
    const stranger = await generateKeyPair('RS256');
    await expectRefused(await signed(stranger.privateKey, 'RS256', issuer, 'rot-1'));
  });
});
