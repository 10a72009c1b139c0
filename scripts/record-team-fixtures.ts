// Team fixtures for `<lp-team>` (issue 8), recorded by `npm run fixtures` after the other modules. Crew Roofing
// (`crew`) has only /app users (every row editable): its admin signs in at /app and acts with the token /app/token
// mints, as the stand-alone portal does. Gutter Kings (`limited`), where the fixture user is a buyer, is refused.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueMailToken } from '../server/domain/accounts/mail-tokens.js';
import { createInvite } from '../server/domain/accounts/team.js';
import { Team, TeamInvite } from '../server/routes/api/team.js';
import { ErrorBody } from '../server/routes/api/schemas.js';
import { addPortalUser, appRequest, signInAs, tokenFor } from '../server/test/accounts-fixtures.js';
import type { TestContext, TestProvider } from '../server/test/harness.js';
import { save } from './record-billing-fixtures.js';

const HOST = 'portal.acme.test';
const PASSWORD = 'fixture team password';

/**
 * `crew/team.json`: Ava (admin), Bob (buyer), Bea (billing) and an open invitation to Cory; replies for that
 * invitation, Bob made a viewer, Ava refused as the last admin (409), Bea removed and Cory's invitation withdrawn
 * (204s). `limited/team.json`: the 403 a buyer gets.
 */
export async function recordTeam(t: TestContext, out: string, acme: TestProvider, tokens: Map<string, string>) {
  const r = { t, out };
  await t.db.insertInto('provider_hostnames').values({ hostname: HOST, provider_id: acme.id }).execute();
  const { id } = await t.addCustomer(acme, 'crew', { timezone: 'America/Chicago' });
  await t.db.updateTable('customers').set({ name: 'Crew Roofing' }).where('id', '=', id).execute();
  const user = (name: string, role: 'admin' | 'buyer' | 'billing') =>
    addPortalUser(t, acme, { email: `${name.split(' ')[0]!.toLowerCase()}@crewroofing.example`, password: PASSWORD, name, memberships: [['crew', role]] });
  const ava = await user('Ava Admin', 'admin');
  const bob = await user('Bob Buyer', 'buyer');
  const bea = await user('Bea Billing', 'billing');
  const admin = await tokenFor(t, HOST, await signInAs(t, HOST, 'ava@crewroofing.example', PASSWORD));

  const invite = (await save(r, admin, 'crew', 'POST', 'team/invites', 'team/invites.post.json', { status: 201, schema: TeamInvite }, { email: 'cory@crewroofing.example', role: 'viewer' })) as { id: string };
  await save(r, admin, 'crew', 'GET', 'team', 'team.json', { status: 200, schema: Team });
  await save(r, admin, 'crew', 'PATCH', `team/members/${bob}`, `team/members/${bob}.patch.json`, { status: 200, schema: Team }, { role: 'viewer' });
  await save(r, admin, 'crew', 'PATCH', `team/members/${ava}`, `team/members/${ava}.patch.json`, { status: 409, schema: ErrorBody }, { role: 'viewer' });
  await save(r, admin, 'crew', 'DELETE', `team/members/${bea}`, `team/members/${bea}.delete.json`, { status: 204, schema: null });
  await save(r, admin, 'crew', 'DELETE', `team/invites/${invite.id}`, `team/invites/${invite.id}.delete.json`, { status: 204, schema: null });
  await save(r, tokens.get('limited')!, 'limited', 'GET', 'team', 'team.json', { status: 403, schema: ErrorBody });
  await recordAccountPages(t, out, { providerId: acme.id, customerId: id }, ava);
}

/**
 * `<lp-app-account>`'s replies (not /api/v1, so not the transport's layout): `app-account/<name>.json` holds
 * `{ status, body }` of one request to an /app account endpoint, sent as the page sends it (body null for a 204).
 */
async function recordAccountPages(t: TestContext, out: string, tenant: { providerId: string; customerId: string }, adminId: string) {
  mkdirSync(join(out, 'app-account'), { recursive: true });
  const send = async (name: string, path: string, status: number, body: unknown, method = 'POST', cookie?: string) => {
    const res = await appRequest(t, `/app${path}`, { method, host: HOST, body, cookie });
    const text = await res.text();
    const reply = { status: res.status, body: text ? JSON.parse(text) : null };
    if (res.status !== status) throw new Error(`${method} /app${path} (${name}) answered ${res.status}: ${text}`);
    writeFileSync(join(out, 'app-account', `${name}.json`), `${JSON.stringify(reply, null, 2)}\n`);
  };
  const business = { name: 'Park Roofing', billing_email: 'billing@parkroofing.example', phone: '+1 512 555 0142', address: { line1: '100 Congress Ave', city: 'Austin' }, country: 'US', region: 'TX', postal_code: '78701' };
  await send('session', '/session', 200, { email: 'ava@crewroofing.example', password: PASSWORD });
  await send('session-refused', '/session', 401, { email: 'ava@crewroofing.example', password: 'not the password' });
  await send('register-invalid', '/register', 400, { user: { name: 'Riley Park', email: 'riley@parkroofing.example', password: 'short' }, business: { ...business, postal_code: '1234' } });
  await send('register-taken', '/register', 409, { user: { name: 'Riley Park', email: 'ava@crewroofing.example', password: 'riley-park-2026' }, business });
  await send('register', '/register', 201, { user: { name: 'Riley Park', email: 'riley@parkroofing.example', password: 'riley-park-2026' }, business });
  await send('password-reset', '/password-reset', 202, { email: 'ava@crewroofing.example' });
  await send('password-reset-used', '/password-reset/confirm', 410, { token: 'used-or-unknown', password: 'a-new-password-1' });
  await send('password-reset-confirm', '/password-reset/confirm', 200, { token: await issueMailToken(t.db, t.clock, adminId, 'reset'), password: 'a-new-password-1' });
  const { token } = await createInvite(t.db, tenant, t.clock, adminId, { email: 'dee@crewroofing.example', role: 'buyer' });
  await send('invites-accept-new-user', '/invites/accept', 400, { token });
  await send('invites-accept', '/invites/accept', 200, { token, name: 'Dee Buyer', password: 'dee-password-1' });
  await send('verify-email', '/verify-email', 200, { token: await issueMailToken(t.db, t.clock, adminId, 'verify_email', 'ava@crewroofing.example') });
  // Signed in (after the reset above): the password and email pages.
  const cookie = await signInAs(t, HOST, 'ava@crewroofing.example', 'a-new-password-1');
  await send('password-change-wrong', '/password', 400, { current_password: 'not the password', new_password: 'another-password-2' }, 'PUT', cookie);
  await send('email-change', '/email', 202, { current_password: 'a-new-password-1', new_email: 'ava.new@crewroofing.example' }, 'PUT', cookie);
  await send('password-change', '/password', 204, { current_password: 'a-new-password-1', new_password: 'another-password-2' }, 'PUT', cookie);
}
