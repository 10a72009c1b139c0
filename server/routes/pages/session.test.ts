import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { kdf } from '../../auth/passwords.js';
import { SESSION_TTL_MS } from '../../auth/sessions.js';
import { LOCK_AFTER_FAILURES, LOCK_MS } from '../../domain/accounts/sign-in.js';
import { sha256Hex } from '../../lib/tokens.js';
import { addPortalUser, appRequest, sessionCookie, signInAs, tokenFor } from '../../test/accounts-fixtures.js';
import { targets } from '../../test/databases.js';
import { createTestContext, TEST_NOW, type TestContext, type TestProvider } from '../../test/harness.js';

const ACME = 'portal.acme.test';
const OTHER = 'portal.other.test';
const PASSWORD = 'correct horse battery';

/** The error body without its per-request id: what must not differ between an unknown email and a wrong password. */
const comparable = async (res: Response) => {
  const { error } = await res.json();
  return { status: res.status, code: error.code, message: error.message, fields: error.fields };
};

describe.each(targets)('/app sign-in and sessions on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let other: TestProvider;

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    other = await t.addProvider('Other Leads');
    await t.db.insertInto('provider_hostnames').values([{ hostname: ACME, provider_id: acme.id }, { hostname: OTHER, provider_id: other.id }]).execute();
    await t.addCustomer(acme, 'roof-pros');
    await t.addCustomer(acme, 'sunny-solar');
    await addPortalUser(t, acme, { email: 'dana@example.com', password: PASSWORD, name: 'Dana', memberships: [['roof-pros', 'admin'], ['sunny-solar', 'viewer']] });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    t.clock.set(TEST_NOW);
  });
  afterAll(() => t.close());

  it('signs in with email (any case) and password; the cookie is HttpOnly, Secure, SameSite=Lax, Path=/app; /app/token mints for that user', async () => {
    const res = await appRequest(t, '/app/session', { method: 'POST', host: ACME, body: { email: ' Dana@Example.com ', password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect((await res.json()).user).toMatchObject({ name: 'Dana', email: 'dana@example.com', email_verified: true });
    const cookie = sessionCookie(res)!;
    expect(cookie.value).toMatch(/^[\w-]{43}$/);
    const flags = cookie.attributes.split('; ');
    expect(flags).toEqual(expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/app']));
    expect(flags.find((f) => f.startsWith('Expires='))).toBeTruthy();

    // Only the hash is stored.
    const stored = await t.db.selectFrom('sessions').select(['id_sha256', 'expires_at']).execute();
    expect(stored.map((s) => s.id_sha256)).toContain(sha256Hex(cookie.value));
    expect(stored.map((s) => s.id_sha256)).not.toContain(cookie.value);

    const token = await tokenFor(t, ACME, cookie.value);
    const session = await (await t.request('/api/v1/session', { token })).json();
    expect(session.user.email).toBe('dana@example.com');
    expect(session.customers.map((c: { external_id: string; role: string }) => [c.external_id, c.role])).toEqual([['roof-pros', 'admin'], ['sunny-solar', 'viewer']]);
  });

  it('gives the same reply for an unknown email and a wrong password, and runs the password hash for both', async () => {
    const derive = vi.spyOn(kdf, 'derive');
    const unknown = await appRequest(t, '/app/session', { method: 'POST', host: ACME, body: { email: 'nobody@example.com', password: PASSWORD } });
    expect(derive).toHaveBeenCalledTimes(1);
    const wrong = await appRequest(t, '/app/session', { method: 'POST', host: ACME, body: { email: 'dana@example.com', password: 'not the password' } });
    expect(derive).toHaveBeenCalledTimes(2);
    const [a, b] = [await comparable(unknown), await comparable(wrong)];
    expect(a).toEqual(b);
    expect(a).toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(sessionCookie(unknown)).toBeNull();
    expect(sessionCookie(wrong)).toBeNull();
  });

  it('issues a new session id on every sign-in and ends the one the browser brought (no fixation)', async () => {
    const planted = 'attacker-chosen-session-id-aaaaaaaaaaaaaaaaaaa';
    const res = await appRequest(t, '/app/session', { method: 'POST', host: ACME, cookie: planted, body: { email: 'dana@example.com', password: PASSWORD } });
    const first = sessionCookie(res)!.value;
    expect(first).not.toBe(planted);
    expect((await appRequest(t, '/app/token', { host: ACME, cookie: planted })).status).toBe(401);

    const again = await appRequest(t, '/app/session', { method: 'POST', host: ACME, cookie: first, body: { email: 'dana@example.com', password: PASSWORD } });
    const second = sessionCookie(again)!.value;
    expect(second).not.toBe(first);
    expect((await appRequest(t, '/app/token', { host: ACME, cookie: first })).status).toBe(401);
    expect((await appRequest(t, '/app/token', { host: ACME, cookie: second })).status).toBe(200);
  });

  it('signs out: the session row is gone, the cookie is cleared, and /app/token refuses it', async () => {
    const cookie = await signInAs(t, ACME, 'dana@example.com', PASSWORD);
    const res = await appRequest(t, '/app/session', { method: 'DELETE', host: ACME, cookie });
    expect(res.status).toBe(204);
    const cleared = sessionCookie(res)!;
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toMatch(/Max-Age=0/);
    expect(await t.db.selectFrom('sessions').select('id_sha256').where('id_sha256', '=', sha256Hex(cookie)).executeTakeFirst()).toBeUndefined();
    const token = await appRequest(t, '/app/token', { host: ACME, cookie });
    expect(token.status).toBe(401);
    expect((await token.json()).error.code).toBe('unauthorized');
  });

  it('ends a session at its expiry', async () => {
    const cookie = await signInAs(t, ACME, 'dana@example.com', PASSWORD);
    t.clock.advance(SESSION_TTL_MS - 1000);
    expect((await appRequest(t, '/app/token', { host: ACME, cookie })).status).toBe(200);
    t.clock.advance(2000);
    expect((await appRequest(t, '/app/token', { host: ACME, cookie })).status).toBe(401);
  });

  it('refuses cookie requests from another site, and ones without the CSRF header (CSRF)', async () => {
    const signIn = { email: 'dana@example.com', password: PASSWORD };
    const refused: Record<string, string>[] = [
      { 'X-LP-CSRF': '' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
      { 'Sec-Fetch-Site': '', Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': '' },
    ];
    for (const headers of refused) {
      const res = await appRequest(t, '/app/session', { method: 'POST', host: ACME, body: signIn, headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error.code).toBe('forbidden');
      expect(sessionCookie(res)).toBeNull();
    }
    const cookie = await signInAs(t, ACME, 'dana@example.com', PASSWORD);
    const signOut = await appRequest(t, '/app/session', { method: 'DELETE', host: ACME, cookie, headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(signOut.status).toBe(403);
    expect((await appRequest(t, '/app/token', { host: ACME, cookie })).status).toBe(200);
    // A browser without fetch metadata: its Origin must be this host.
    const noMetadata = await appRequest(t, '/app/session', { method: 'POST', host: ACME, body: signIn, headers: { 'Sec-Fetch-Site': '', Origin: `https://${ACME}` } });
    expect(noMetadata.status).toBe(200);
  });

  it('keeps providers apart: no sign-in at another provider’s host, and a session works only at its own (D7)', async () => {
    const elsewhere = await appRequest(t, '/app/session', { method: 'POST', host: OTHER, body: { email: 'dana@example.com', password: PASSWORD } });
    expect(await comparable(elsewhere)).toMatchObject({ status: 401, code: 'invalid_credentials' });
    const cookie = await signInAs(t, ACME, 'dana@example.com', PASSWORD);
    expect((await appRequest(t, '/app/token', { host: OTHER, cookie })).status).toBe(401);
  });

  it('refuses a malformed sign-in with 400 naming the fields', async () => {
    const res = await appRequest(t, '/app/session', { method: 'POST', host: ACME, body: { email: 'not-an-email' } });
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields).sort()).toEqual(['email', 'password']);
  });
});

describe.each(targets)('/app sign-in limits on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    await t.db.insertInto('provider_hostnames').values({ hostname: ACME, provider_id: acme.id }).execute();
    await addPortalUser(t, acme, { email: 'dana@example.com', password: PASSWORD });
  });
  afterAll(() => t.close());

  const attempt = (email: string, password: string) => appRequest(t, '/app/session', { method: 'POST', host: ACME, body: { email, password } });

  it('locks an email after repeated failures (known or not, alike) with 429 and Retry-After, even for the right password, until the lock ends', async () => {
    for (const email of ['dana@example.com', 'ghost@example.com']) {
      for (let i = 1; i < LOCK_AFTER_FAILURES; i++) expect((await attempt(email, `wrong-${i}`)).status).toBe(401);
      const locking = await attempt(email, 'wrong-last');
      expect(locking.status).toBe(429);
      expect((await locking.json()).error.code).toBe('account_locked');
      expect(Number(locking.headers.get('Retry-After'))).toBe(LOCK_MS / 1000);
    }
    const derive = vi.spyOn(kdf, 'derive');
    const right = await attempt('dana@example.com', PASSWORD);
    expect(right.status).toBe(429);
    expect(derive).not.toHaveBeenCalled(); // a locked email gets no password checks at all
    derive.mockRestore();
    t.clock.advance(LOCK_MS - 60_000);
    expect(Number((await attempt('dana@example.com', PASSWORD)).headers.get('Retry-After'))).toBe(60);
    t.clock.advance(60_000);
    expect((await attempt('dana@example.com', PASSWORD)).status).toBe(200);
    // A success clears the count: four more failures do not lock again.
    for (let i = 1; i < LOCK_AFTER_FAILURES; i++) expect((await attempt('dana@example.com', 'wrong')).status).toBe(401);
  });

  it('limits sign-in attempts per client address with 429 rate_limited and Retry-After', async () => {
    let res: Response | undefined;
    for (let i = 0; i < 25 && res?.status !== 429; i++) res = await appRequest(t, '/app/session', { method: 'POST', host: ACME, body: { email: 'x' } });
    expect(res!.status).toBe(429);
    expect((await res!.json()).error.code).toBe('rate_limited');
    expect(Number(res!.headers.get('Retry-After'))).toBeGreaterThan(0);
  });
});
