import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setProviderSettings } from '../../test/fixtures.js';
import { addPortalUser, appRequest, mailTo, sessionCookie, tokenFor } from '../../test/accounts-fixtures.js';
import { targets } from '../../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';
import { SmtpReceiver } from '../../test/notify-receivers.js';

const ACME = 'portal.acme.test';
const CLOSED = 'portal.closed.test';
const TERMS = 'https://acme.example/terms';
const PRIVACY = 'https://acme.example/privacy';

const registration = (overrides: { user?: object; business?: object; accepted_consents?: string[] } = {}) => ({
  user: { name: 'Rae Builder', email: 'rae@builders.example', password: 'a long enough password', ...overrides.user },
  business: {
    name: 'Rae Builders',
    billing_email: 'billing@builders.example',
    phone: '+1 (303) 555-0142',
    address: { line1: '1 Main St', city: 'Denver' },
    country: 'US',
    region: 'CO',
    postal_code: '80202',
    ...overrides.business,
  },
  accepted_consents: overrides.accepted_consents ?? [TERMS, PRIVACY],
});

describe.each(targets)('/app registration on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  let smtp: SmtpReceiver;

  beforeAll(async () => {
    smtp = await new SmtpReceiver().start();
    t = await createTestContext(target, { smtpUrl: smtp.url });
    acme = await t.addProvider('Acme Leads');
    const closed = await t.addProvider('Closed Leads');
    await t.db.insertInto('provider_hostnames').values([{ hostname: ACME, provider_id: acme.id }, { hostname: CLOSED, provider_id: closed.id }]).execute();
    await setProviderSettings(t.db, acme.id, { consent_links: [{ label: 'the terms', url: TERMS }, { label: 'the privacy policy', url: PRIVACY }] });
    await setProviderSettings(t.db, closed.id, { self_registration: false });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const post = (path: string, body: unknown, host = ACME, cookie?: string) => appRequest(t, path, { method: 'POST', host, body, cookie });
  const counts = async () => ({
    users: (await t.db.selectFrom('users').select('id').execute()).length,
    customers: (await t.db.selectFrom('customers').select('id').execute()).length,
  });

  it('creates the user, the customer (zone from its state) and an admin membership, signs in, and mails a single-use verification link', async () => {
    const res = await post('/app/register', registration());
    expect(res.status).toBe(201);
    const reply = await res.json();
    expect(reply.user).toMatchObject({ name: 'Rae Builder', email: 'rae@builders.example', email_verified: false });
    expect(reply.customer).toMatchObject({ name: 'Rae Builders', timezone: 'America/Denver', role: 'admin', status: 'active' });

    const customer = await t.db.selectFrom('customers').selectAll().where('id', '=', reply.customer.id).executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ provider_id: acme.id, source: 'portal', created_by: reply.user.id, country: 'US', region: 'CO', postal_code: '80202', billing_email: 'billing@builders.example', address: { line1: '1 Main St', city: 'Denver' } });
    const wallet = await t.db.selectFrom('wallets').select('balance_cents').where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
    expect(Number(wallet.balance_cents)).toBe(0);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('customer_id', '=', customer.id).execute();
    expect(audit).toEqual([{ action: 'user.registered', details: expect.objectContaining({ consents: [TERMS, PRIVACY] }) }]);

    const session = await (await t.request('/api/v1/session', { token: await tokenFor(t, ACME, sessionCookie(res)!.value) })).json();
    expect(session.customers).toEqual([expect.objectContaining({ id: customer.id, role: 'admin' })]);

    const { mail, token, link } = await mailTo(smtp, 'rae@builders.example');
    expect(mail.headers.subject).toContain('Acme Leads');
    expect(link.startsWith('https://portal.acme.test/app/verify-email#token='), 'the provider’s registered host').toBe(true);
    const stored = await t.db.selectFrom('password_resets').select('token_sha256').execute();
    expect(stored.map((r) => r.token_sha256)).not.toContain(token);

    const verified = await post('/app/verify-email', { token });
    expect(verified.status).toBe(200);
    expect((await t.db.selectFrom('users').select('email_verified_at').where('id', '=', reply.user.id).executeTakeFirstOrThrow()).email_verified_at).not.toBeNull();
    const again = await post('/app/verify-email', { token });
    expect(again.status).toBe(410);
    expect((await again.json()).error.code).toBe('token_invalid');
  });

  it('takes the zone from a Canadian province and an Australian state', async () => {
    const ca = await post('/app/register', registration({ user: { email: 'ca@example.com' }, business: { country: 'CA', region: 'bc', postal_code: 'v6b 1a1' } }));
    expect((await ca.json()).customer.timezone).toBe('America/Vancouver');
    const au = await post('/app/register', registration({ user: { email: 'au@example.com' }, business: { country: 'AU', region: 'WA', postal_code: '6000' } }));
    expect((await au.json()).customer.timezone).toBe('Australia/Perth');
  });

  it('refuses invalid parts with 400 naming user.* and business.* fields, and unticked consents, writing nothing', async () => {
    const before = await counts();
    const cases: [object, string[]][] = [
      [registration({ user: { password: 'short' } }), ['user.password']],
      [registration({ user: { email: 'nope' }, business: { phone: 'call me' } }), ['business.phone', 'user.email']],
      [registration({ business: { country: 'CA', region: 'TX' } }), ['business.region']],
      [registration({ business: { country: 'AU', region: 'NSW', postal_code: '20000' } }), ['business.postal_code']],
      [registration({ business: { postal_code: '78701' } }), ['business.postal_code']], // a Texas ZIP in Colorado
      [registration({ business: { country: 'UK' } }), ['business.country']],
      [registration({ accepted_consents: [TERMS] }), ['accepted_consents']],
    ];
    for (const [input, fields] of cases) {
      const reply = await post('/app/register', input);
      expect(reply.status, JSON.stringify(fields)).toBe(400);
      expect(Object.keys((await reply.json()).error.fields).sort(), JSON.stringify(input)).toEqual(fields);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses an email that already has an account here (any case) with 409 email_taken', async () => {
    await addPortalUser(t, acme, { email: 'taken@example.com', password: 'whatever password' });
    const before = await counts();
    const res = await post('/app/register', registration({ user: { email: 'Taken@Example.com' } }));
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: 'email_taken', fields: { 'user.email': expect.any(String) } });
    expect(await counts()).toEqual(before);
  });

  it('answers 403 registration_disabled where the provider turned self-registration off', async () => {
    const res = await post('/app/register', registration({ accepted_consents: [] }), CLOSED);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('registration_disabled');
  });
});
