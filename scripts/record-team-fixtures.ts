// Team fixtures for `<lp-team>` (issue 8), recorded by `npm run fixtures` after the other modules. Crew Roofing
// (`crew`) has only /app users (every row editable): its admin signs in at /app and acts with the token /app/token
// mints, as the stand-alone portal does. Gutter Kings (`limited`), where the fixture user is a buyer, is refused.
import { Team, TeamInvite } from '../server/routes/api/team.js';
import { ErrorBody } from '../server/routes/api/schemas.js';
import { addPortalUser, signInAs, tokenFor } from '../server/test/accounts-fixtures.js';
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
}
