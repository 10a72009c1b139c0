import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INVITE_TTL_MS } from '../../domain/accounts/team.js';
import { addPortalUser, appRequest, mailTo, sessionCookie, signInAs, tokenFor } from '../../test/accounts-fixtures.js';
import { targets } from '../../test/databases.js';
import { createTestContext, TEST_NOW, type TestContext, type TestProvider } from '../../test/harness.js';
import { SmtpReceiver } from '../../test/notify-receivers.js';

const ACME = 'portal.acme.test';
const PASSWORD = 'team test password';

describe.each(targets)('team: invitations and roles on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let smtp: SmtpReceiver;
  let adminToken: string;
  let adminId: string;

  const api = (path: string, token: string, init: { method?: string; body?: unknown; customer?: string } = {}) =>
    t.request(path, { method: init.method ?? 'GET', token, customer: init.customer ?? 'crew', ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  const invite = async (email: string, role: string) => {
    const before = smtp.mails.length;
    const res = await api('/api/v1/team/invites', adminToken, { method: 'POST', body: { email, role } });
    expect(res.status).toBe(201);
    return { invite: await res.json(), ...(await mailTo(smtp, email.toLowerCase(), before)) };
  };
  const accept = (body: object, cookie?: string) => appRequest(t, '/app/invites/accept', { method: 'POST', host: ACME, body, cookie });

  beforeAll(async () => {
    smtp = await new SmtpReceiver().start();
    t = await createTestContext(target, { smtpUrl: smtp.url });
    acme = await t.addProvider('Acme Leads');
    await t.db.insertInto('provider_hostnames').values({ hostname: ACME, provider_id: acme.id }).execute();
    await t.addCustomer(acme, 'crew');
    await t.addCustomer(acme, 'elsewhere');
    adminId = await addPortalUser(t, acme, { email: 'boss@example.com', password: PASSWORD, name: 'Boss', memberships: [['crew', 'admin']] });
    adminToken = await tokenFor(t, ACME, await signInAs(t, ACME, 'boss@example.com', PASSWORD));
  });
  afterEach(() => t.clock.set(TEST_NOW));
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('invites a new person, who sets a name and password, is signed in with the invited role, and cannot use the link again', async () => {
    const { invite: created, token, mail } = await invite('Newbie@Example.com', 'buyer');
    expect(created).toMatchObject({ email: 'newbie@example.com', role: 'buyer' });
    expect(mail.headers.subject).toContain('Customer crew');
    const team = await (await api('/api/v1/team', adminToken)).json();
    expect(team.invites.map((i: { email: string }) => i.email)).toEqual(['newbie@example.com']);

    expect((await accept({ token })).status).toBe(400); // a new person must set a name and password
    const res = await accept({ token, name: 'Newbie', password: 'newbie password' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ role: 'buyer', customer: { name: 'Customer crew' } });
    const token2 = await tokenFor(t, ACME, sessionCookie(res)!.value);
    const session = await (await api('/api/v1/session', token2)).json();
    expect(session.customers.map((c: { external_id: string; role: string }) => [c.external_id, c.role])).toEqual([['crew', 'buyer']]);
    expect((await api('/api/v1/team', token2)).status).toBe(403); // team.manage is admin-only

    const again = await accept({ token, name: 'Someone', password: 'another password' });
    expect(again.status).toBe(410);
    expect((await again.json()).error.code).toBe('token_invalid');
    const after = await (await api('/api/v1/team', adminToken)).json();
    expect(after.invites).toEqual([]);
    expect(after.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([['boss@example.com', 'admin'], ['newbie@example.com', 'buyer']]);
  });

  it('lets an existing user accept only while signed in as the invited email; they then see both customers', async () => {
    await addPortalUser(t, acme, { email: 'pat@example.com', password: PASSWORD, memberships: [['elsewhere', 'admin']] });
    const { token } = await invite('pat@example.com', 'viewer');
    expect((await accept({ token })).status).toBe(401);
    const boss = await signInAs(t, ACME, 'boss@example.com', PASSWORD);
    expect((await accept({ token }, boss)).status).toBe(401); // signed in, but as someone else
    const pat = await signInAs(t, ACME, 'pat@example.com', PASSWORD);
    expect((await accept({ token }, pat)).status).toBe(200);
    const session = await (await api('/api/v1/session', await tokenFor(t, ACME, pat), { customer: 'elsewhere' })).json();
    expect(session.customers.map((c: { external_id: string; role: string }) => `${c.external_id}:${c.role}`).sort()).toEqual(['crew:viewer', 'elsewhere:admin']);
  });

  it('refuses an invitation after 7 days and one that was withdrawn', async () => {
    const late = await invite('late@example.com', 'viewer');
    t.clock.advance(INVITE_TTL_MS + 1000);
    expect((await accept({ token: late.token, name: 'Late', password: 'late password!' })).status).toBe(410);
    t.clock.set(TEST_NOW);
    const withdrawn = await invite('withdrawn@example.com', 'viewer');
    expect((await api(`/api/v1/team/invites/${withdrawn.invite.id}`, adminToken, { method: 'DELETE' })).status).toBe(204);
    expect((await accept({ token: withdrawn.token, name: 'W', password: 'withdrawn password' })).status).toBe(410);
  });

  it('enforces a role change and a removal at once on the member’s current token (D2), and never removes the last admin', async () => {
    const memberId = await addPortalUser(t, acme, { email: 'sam@example.com', password: PASSWORD, memberships: [['crew', 'buyer']] });
    const samToken = await tokenFor(t, ACME, await signInAs(t, ACME, 'sam@example.com', PASSWORD));
    const limits = { day: { count: 5, spend_cents: null }, week: { count: null, spend_cents: null }, month: { count: null, spend_cents: null } };
    expect((await api('/api/v1/limits', samToken, { method: 'PUT', body: limits })).status).toBe(200);

    const changed = await api(`/api/v1/team/members/${memberId}`, adminToken, { method: 'PATCH', body: { role: 'viewer' } });
    expect(changed.status).toBe(200);
    expect((await changed.json()).members.find((m: { user_id: string }) => m.user_id === memberId).role).toBe('viewer');
    expect((await api('/api/v1/limits', samToken, { method: 'PUT', body: limits })).status).toBe(403);

    expect((await api(`/api/v1/team/members/${memberId}`, adminToken, { method: 'DELETE' })).status).toBe(204);
    expect((await api('/api/v1/wallet', samToken)).status).toBe(404);

    for (const [method, body] of [['PATCH', { role: 'buyer' }], ['DELETE', undefined]] as const) {
      const res = await api(`/api/v1/team/members/${adminId}`, adminToken, { method, body });
      expect(res.status, method).toBe(409);
      expect((await res.json()).error.code).toBe('last_admin');
    }
    const audit = await t.db.selectFrom('audit_log').select('action').where('subject_id', '=', memberId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['member.role_changed', 'member.removed']);
  });

  it('lets a signed-in user set up another customer with POST /api/v1/customers; the next token lists both', async () => {
    const cookie = await signInAs(t, ACME, 'boss@example.com', PASSWORD);
    const created = await api('/api/v1/customers', await tokenFor(t, ACME, cookie), { method: 'POST', body: { name: 'Second Business' } });
    expect(created.status).toBe(201);
    const session = await (await api('/api/v1/session', await tokenFor(t, ACME, cookie))).json();
    expect(session.customers.map((c: { name: string; role: string }) => `${c.name}:${c.role}`)).toEqual(['Customer crew:admin', 'Second Business:admin']);
  });

  it('leaves access from the provider’s own sign-in read-only here', async () => {
    const providerToken = await t.mintToken(acme, { sub: 'sso-user', customerIds: ['crew'], roles: { crew: 'buyer' } });
    await api('/api/v1/session', providerToken);
    const team = await (await api('/api/v1/team', adminToken)).json();
    const sso = team.members.find((m: { source: string }) => m.source === 'token');
    expect(sso).toMatchObject({ role: 'buyer', editable: false });
    const res = await api(`/api/v1/team/members/${sso.user_id}`, adminToken, { method: 'PATCH', body: { role: 'viewer' } });
    expect(res.status).toBe(409);
  });
});
