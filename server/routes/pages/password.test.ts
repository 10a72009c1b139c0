import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { kdf } from '../../auth/passwords.js';
import { MAIL_TOKEN_TTL_MS } from '../../domain/accounts/mail-tokens.js';
import { LOCK_AFTER_FAILURES } from '../../domain/accounts/sign-in.js';
import { sha256Hex } from '../../lib/tokens.js';
import { addPortalUser, appRequest, mailTo, sessionCookie, signInAs } from '../../test/accounts-fixtures.js';
import { targets } from '../../test/databases.js';
import { createTestContext, TEST_NOW, type TestContext, type TestProvider } from '../../test/harness.js';
import { SmtpReceiver } from '../../test/notify-receivers.js';

const ACME = 'portal.acme.test';
const OTHER = 'portal.other.test';
const OLD = 'the old password';
const NEW = 'a brand new password';

describe.each(targets)('/app password reset and changes on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let smtp: SmtpReceiver;
  let n = 0;
  /** A fresh account per test, so tests do not depend on each other’s password changes. */
  const freshUser = async () => {
    const email = `user${++n}@example.com`;
    const id = await addPortalUser(t, acme, { email, password: OLD });
    return { id, email };
  };
  const post = (path: string, body: unknown, init: { host?: string; cookie?: string; method?: string } = {}) => appRequest(t, path, { method: init.method ?? 'POST', host: init.host ?? ACME, body, cookie: init.cookie });
  const signInStatus = async (email: string, password: string) => (await post('/app/session', { email, password })).status;

  beforeAll(async () => {
    smtp = await new SmtpReceiver().start();
    t = await createTestContext(target, { smtpUrl: smtp.url });
    acme = await t.addProvider('Acme Leads');
    const other = await t.addProvider('Other Leads');
    await t.db.insertInto('provider_hostnames').values([{ hostname: ACME, provider_id: acme.id }, { hostname: OTHER, provider_id: other.id }]).execute();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    t.clock.set(TEST_NOW);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('answers a reset request the same for known and unknown emails, and mails only the account a hashed single-use link', async () => {
    const { email } = await freshUser();
    const known = await post('/app/password-reset', { email });
    const unknown = await post('/app/password-reset', { email: 'nobody@example.com' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.json()).toEqual(await unknown.json());
    const { token, link } = await mailTo(smtp, email);
    expect(link).toMatch(/^https:\/\/portal\.acme\.test\/app\/reset-password#token=/);
    expect(smtp.mails.some((m) => m.to.includes('nobody@example.com'))).toBe(false);
    const stored = await t.db.selectFrom('password_resets').select('token_sha256').where('purpose', '=', 'reset').execute();
    expect(stored.map((r) => r.token_sha256)).toContain(sha256Hex(token));
    expect(stored.map((r) => r.token_sha256)).not.toContain(token);
  });

  it('resets the password with the token once, ending every session; a reused token gets 410', async () => {
    const { email } = await freshUser();
    const session = await signInAs(t, ACME, email, OLD);
    const mailsBefore = smtp.mails.length;
    await post('/app/password-reset', { email });
    const { token } = await mailTo(smtp, email, mailsBefore);

    const confirm = await post('/app/password-reset/confirm', { token, password: NEW });
    expect(confirm.status).toBe(200);
    expect((await appRequest(t, '/app/token', { host: ACME, cookie: session })).status).toBe(401);
    expect(await signInStatus(email, OLD)).toBe(401);
    expect(await signInStatus(email, NEW)).toBe(200);

    const reuse = await post('/app/password-reset/confirm', { token, password: 'yet another password' });
    expect(reuse.status).toBe(410);
    expect((await reuse.json()).error.code).toBe('token_invalid');
    expect(await signInStatus(email, NEW)).toBe(200);
  });

  it('refuses a reset token after 30 minutes, one replaced by a newer mail, and one used at another provider’s host', async () => {
    const { email } = await freshUser();
    let before = smtp.mails.length;
    await post('/app/password-reset', { email });
    const first = (await mailTo(smtp, email, before)).token;
    before = smtp.mails.length;
    await post('/app/password-reset', { email });
    const second = (await mailTo(smtp, email, before)).token;
    expect((await post('/app/password-reset/confirm', { token: first, password: NEW })).status).toBe(410);
    expect((await post('/app/password-reset/confirm', { token: second, password: NEW }, { host: OTHER })).status).toBe(410);

    t.clock.advance(MAIL_TOKEN_TTL_MS.reset + 1000);
    expect(MAIL_TOKEN_TTL_MS.reset).toBe(30 * 60_000);
    const expired = await post('/app/password-reset/confirm', { token: second, password: NEW });
    expect(expired.status).toBe(410);
    t.clock.set(TEST_NOW);
    expect(await signInStatus(email, OLD)).toBe(200);
  });

  it('lifts a sign-in lockout when the password is reset', async () => {
    const { email } = await freshUser();
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) await post('/app/session', { email, password: 'wrong guess' });
    expect(await signInStatus(email, OLD)).toBe(429);
    const before = smtp.mails.length;
    await post('/app/password-reset', { email });
    await post('/app/password-reset/confirm', { token: (await mailTo(smtp, email, before)).token, password: NEW });
    expect(await signInStatus(email, NEW)).toBe(200);
  });

  it('changes the password of a signed-in user who gives the current one; other sessions end, this browser stays signed in', async () => {
    const { email } = await freshUser();
    const otherDevice = await signInAs(t, ACME, email, OLD);
    const thisDevice = await signInAs(t, ACME, email, OLD);
    const wrong = await post('/app/password', { current_password: 'not it at all', new_password: NEW }, { method: 'PUT', cookie: thisDevice });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.fields).toHaveProperty('current_password');
    expect((await post('/app/password', { current_password: OLD, new_password: NEW }, { method: 'PUT' })).status).toBe(401);

    const res = await post('/app/password', { current_password: OLD, new_password: NEW }, { method: 'PUT', cookie: thisDevice });
    expect(res.status).toBe(204);
    const fresh = sessionCookie(res)!.value;
    expect(fresh).not.toBe(thisDevice);
    for (const cookie of [otherDevice, thisDevice]) expect((await appRequest(t, '/app/token', { host: ACME, cookie })).status).toBe(401);
    expect((await appRequest(t, '/app/token', { host: ACME, cookie: fresh })).status).toBe(200);
    expect(await signInStatus(email, NEW)).toBe(200);
  });

  it('changes the email only once the new address confirms it; a taken address gets 409', async () => {
    const { id, email } = await freshUser();
    const taken = await freshUser();
    const cookie = await signInAs(t, ACME, email, OLD);
    const clash = await post('/app/email', { current_password: OLD, new_email: taken.email }, { method: 'PUT', cookie });
    expect(clash.status).toBe(409);
    expect((await clash.json()).error.code).toBe('email_taken');

    const derive = vi.spyOn(kdf, 'derive');
    const res = await post('/app/email', { current_password: OLD, new_email: 'New.Address@example.com' }, { method: 'PUT', cookie });
    expect(res.status).toBe(202);
    expect(derive).toHaveBeenCalled(); // the current password was checked
    expect((await t.db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirstOrThrow()).email).toBe(email);

    const { token } = await mailTo(smtp, 'new.address@example.com');
    expect((await post('/app/verify-email', { token })).status).toBe(200);
    expect((await t.db.selectFrom('users').select(['email', 'email_verified_at']).where('id', '=', id).executeTakeFirstOrThrow()).email).toBe('new.address@example.com');
    expect(await signInStatus('new.address@example.com', OLD)).toBe(200);
    expect(await signInStatus(email, OLD)).toBe(401);
  });
});
