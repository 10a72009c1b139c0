import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.js';
import { changeMember, createInvite, listTeam, revokeInvite } from '../../domain/accounts/team.js';
import type { AppEnv } from '../../http/env.js';
import { AccountMailer } from '../../notify/account-mail.js';
import { newRouter } from '../router.js';
import { bearerSecurity, ErrorBody, errorResponses, json, Role } from './schemas.js';

const tags = ['Team'];
const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

export const TeamInvite = z.object({ id: z.string(), email: z.string(), role: Role, created_at: z.string(), expires_at: z.string() }).openapi('TeamInvite');
export const Team = z
  .object({
    members: z.array(
      z.object({
        user_id: z.string(),
        name: z.string().nullable(),
        email: z.string().nullable(),
        role: Role,
        source: z.enum(['portal', 'token']),
        editable: z.boolean().openapi({ description: 'false for access given by the provider’s own sign-in (change it there)' }),
        since: z.string(),
      }),
    ),
    invites: z.array(TeamInvite).openapi({ description: 'Open invitations' }),
  })
  .openapi('Team');
const NewInvite = z.strictObject({ email: z.string().trim().toLowerCase().max(254).email('Enter an email address'), role: Role }).openapi('NewTeamInvite');
const RoleChange = z.strictObject({ role: Role }).openapi('TeamRoleChange');
const IdParam = z.object({ id: z.string().min(1).max(100) });
const UserParam = z.object({ userId: z.string().min(1).max(100) });
const conflict = { 409: json(ErrorBody, 'Access from the provider’s sign-in (read-only here), the last admin, or already on the team') };

const getTeam = createRoute({ method: 'get', path: '/team', tags, security: bearerSecurity, summary: 'The customer’s users with their roles, and open invitations (admins)', responses: { 200: json(Team, 'The team'), ...errorResponses } });
const postInvite = createRoute({
  method: 'post', path: '/team/invites', tags, security: bearerSecurity, summary: 'Invite someone by email with a role; the link in the mail works once, for 7 days',
  request: jsonBody(NewInvite), responses: { 201: json(TeamInvite, 'The invitation'), ...errorResponses, ...conflict },
});
const deleteInvite = createRoute({
  method: 'delete', path: '/team/invites/{id}', tags, security: bearerSecurity, summary: 'Withdraw an invitation',
  request: { params: IdParam }, responses: { 204: { description: 'Withdrawn' }, ...errorResponses },
});
const patchMember = createRoute({
  method: 'patch', path: '/team/members/{userId}', tags, security: bearerSecurity, summary: 'Change a user’s role (never leaving the customer without an admin)',
  request: { params: UserParam, ...jsonBody(RoleChange) }, responses: { 200: json(Team, 'The team after the change'), ...errorResponses, ...conflict },
});
const deleteMember = createRoute({
  method: 'delete', path: '/team/members/{userId}', tags, security: bearerSecurity, summary: 'Remove a user from the customer (never the last admin); their access ends at once (D2)',
  request: { params: UserParam }, responses: { 204: { description: 'Removed' }, ...errorResponses, ...conflict },
});

/** Invitation links open /app on the provider's own portal host when it has one, else PUBLIC_URL. */
async function portalUrl({ db, config }: Deps, providerId: string): Promise<string> {
  if (config.mode === 'demo') return config.publicUrl;
  const host = await db.selectFrom('provider_hostnames').select('hostname').where('provider_id', '=', providerId).orderBy('hostname').executeTakeFirst();
  return host ? `https://${host.hostname}` : config.publicUrl;
}

/** Customer admins manage who may act for the customer (issue 8; `team.manage`). */
export const teamRoutes = (deps: Deps) => {
  const { db, clock } = deps;
  const mailer = new AccountMailer(deps);
  const scopeOf = (c: Context<AppEnv>) => {
    const scope = c.get('scope');
    return { tenant: { providerId: scope.providerId, customerId: scope.customer.id }, userId: scope.userId, customerName: scope.customer.name };
  };
  return newRouter()
    .openapi(getTeam, async (c) => c.json(await listTeam(db, scopeOf(c).tenant, clock), 200))
    .openapi(postInvite, async (c) => {
      const { tenant, userId, customerName } = scopeOf(c);
      const { token, invite } = await createInvite(db, tenant, clock, userId, c.req.valid('json'));
      const inviter = await db.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
      await mailer.send(tenant.providerId, invite.email, {
        kind: 'invite',
        customerName,
        inviterName: inviter.name ?? inviter.email ?? 'An admin',
        link: `${await portalUrl(deps, tenant.providerId)}/app/invites/accept#token=${token}`,
      });
      return c.json(invite, 201);
    })
    .openapi(deleteInvite, async (c) => {
      const { tenant, userId } = scopeOf(c);
      await revokeInvite(db, tenant, clock, userId, c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(patchMember, async (c) => {
      const { tenant, userId } = scopeOf(c);
      await changeMember(db, tenant, userId, c.req.valid('param').userId, c.req.valid('json').role);
      return c.json(await listTeam(db, tenant, clock), 200);
    })
    .openapi(deleteMember, async (c) => {
      const { tenant, userId } = scopeOf(c);
      await changeMember(db, tenant, userId, c.req.valid('param').userId, null);
      return c.body(null, 204);
    });
};
