import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Role } from '../../db/schema.js';
import { ApiError, notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { newSecretToken, sha256Hex } from '../../lib/tokens.js';
import type { Tenant } from '../ledger.js';
import { portalIssuer } from '../providers.js';
import { emailTaken } from './register.js';

export const INVITE_TTL_MS = 7 * 86_400_000;

/** The customer's users with their roles, and its open invitations. Token-sourced rows are the provider's (D2): read-only here. */
export async function listTeam(db: Db, tenant: Tenant, clock: Clock) {
  const [members, invites] = await Promise.all([
    db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.name', 'u.email', 'm.role', 'm.source', 'm.created_at'])
      .where('m.customer_id', '=', tenant.customerId)
      .where('u.provider_id', '=', tenant.providerId)
      .orderBy('m.created_at')
      .orderBy('u.id')
      .execute(),
    db
      .selectFrom('invites')
      .select(['id', 'email', 'role', 'created_at', 'expires_at'])
      .where('customer_id', '=', tenant.customerId)
      .where('provider_id', '=', tenant.providerId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', clock.now())
      .orderBy('created_at')
      .execute(),
  ]);
  return {
    members: members.map((m) => ({ user_id: m.id, name: m.name, email: m.email, role: m.role, source: m.source, editable: m.source === 'portal', since: m.created_at.toISOString() })),
    invites: invites.map((i) => ({ id: i.id, email: i.email, role: i.role, created_at: i.created_at.toISOString(), expires_at: i.expires_at.toISOString() })),
  };
}

/** An invitation by email, stored as its token's SHA-256; a newer invite to the same email replaces the open one. */
export async function createInvite(db: Db, tenant: Tenant, clock: Clock, actorId: string, input: { email: string; role: Role }) {
  const member = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.id')
    .where('m.customer_id', '=', tenant.customerId)
    .where(sql<string>`lower(u.email)`, '=', input.email)
    .executeTakeFirst();
  if (member) throw new ApiError('conflict', 'This person is already on the team', { email: 'Already on the team: change their role instead' });
  const now = clock.now();
  const id = newId('inv');
  const { token, sha256 } = newSecretToken();
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('invites').set({ revoked_at: now }).where('customer_id', '=', tenant.customerId).where('email', '=', input.email).where('accepted_at', 'is', null).where('revoked_at', 'is', null).execute();
    await trx.insertInto('invites').values({ id, provider_id: tenant.providerId, customer_id: tenant.customerId, email: input.email, role: input.role, token_sha256: sha256, invited_by: actorId, created_at: now, expires_at: expiresAt }).execute();
    await audit(trx, tenant, actorId, 'member.invited', 'invite', id, { role: input.role });
  });
  return { token, invite: { id, email: input.email, role: input.role, created_at: now.toISOString(), expires_at: expiresAt.toISOString() } };
}

/** Withdraws an open invitation; withdrawing one already withdrawn or used changes nothing. */
export async function revokeInvite(db: Db, tenant: Tenant, clock: Clock, actorId: string, inviteId: string): Promise<void> {
  const invite = await db.selectFrom('invites').select(['revoked_at', 'accepted_at']).where('id', '=', inviteId).where('customer_id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId).executeTakeFirst();
  if (!invite) throw notFound('Invite');
  if (invite.revoked_at || invite.accepted_at) return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('invites').set({ revoked_at: clock.now() }).where('id', '=', inviteId).execute();
    await audit(trx, tenant, actorId, 'member.invite_revoked', 'invite', inviteId, {});
  });
}

/**
 * Changes a member's role (`role`) or removes them (`null`), under a lock on the customer's memberships so two
 * admins demoting each other at once cannot leave the customer without one. Token-sourced rows belong to the
 * provider's sign-in (D2). Removing someone already removed answers as done (DELETE is idempotent).
 */
export async function changeMember(db: Db, tenant: Tenant, actorId: string, userId: string, role: Role | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('memberships').select(['user_id', 'role', 'source']).where('customer_id', '=', tenant.customerId).forUpdate().execute();
    const target = rows.find((r) => r.user_id === userId);
    if (!target) {
      const removed = role === null && (await trx.selectFrom('audit_log').select('id').where('customer_id', '=', tenant.customerId).where('action', '=', 'member.removed').where('subject_id', '=', userId).executeTakeFirst());
      if (removed) return;
      throw notFound('Team member');
    }
    if (target.source === 'token') throw new ApiError('conflict', 'This user’s access comes from your provider’s sign-in; change it there');
    if (target.role === 'admin' && role !== 'admin' && !rows.some((r) => r.role === 'admin' && r.user_id !== userId)) {
      throw new ApiError('last_admin', 'A customer needs at least one admin: make someone else admin first');
    }
    if (role === null) {
      await trx.deleteFrom('memberships').where('customer_id', '=', tenant.customerId).where('user_id', '=', userId).execute();
      await audit(trx, tenant, actorId, 'member.removed', 'user', userId, { role: target.role });
    } else if (role !== target.role) {
      await trx.updateTable('memberships').set({ role, updated_at: new Date() }).where('customer_id', '=', tenant.customerId).where('user_id', '=', userId).execute();
      await audit(trx, tenant, actorId, 'member.role_changed', 'user', userId, { from: target.role, to: role });
    }
  });
}

/** The open invite a token names, at this provider, or 410 (unknown, used, withdrawn, expired). */
export async function openInvite(db: Db, clock: Clock, providerId: string, token: string) {
  const invite = await db
    .selectFrom('invites as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .select(['i.id', 'i.customer_id', 'i.email', 'i.role', 'c.name as customer_name'])
    .where('i.token_sha256', '=', sha256Hex(token))
    .where('i.provider_id', '=', providerId)
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .where('i.expires_at', '>', clock.now())
    .executeTakeFirst();
  if (!invite) throw new ApiError('token_invalid', 'This invitation has expired, was withdrawn or was already used; ask for a new one');
  return invite;
}

/**
 * Joins a user to the invite's customer with its role and uses the invite up (once: a second accept finds it used).
 * A new account (`newUser`) is created in the same transaction, so a lost race leaves no account behind; the
 * invite mail reached its address, so it counts as verified.
 */
export async function acceptInvite(db: Db, clock: Clock, providerId: string, inviteId: string, user: { id: string } | { name: string; email: string; passwordHash: string }): Promise<string> {
  const now = clock.now();
  try {
    return await db.transaction().execute(async (trx) => {
      const invite = await trx.updateTable('invites').set({ accepted_at: now }).where('id', '=', inviteId).where('accepted_at', 'is', null).where('revoked_at', 'is', null).returning(['customer_id', 'role']).executeTakeFirst();
      if (!invite) throw new ApiError('token_invalid', 'This invitation was already used');
      let userId: string;
      if ('id' in user) userId = user.id;
      else {
        userId = newId('usr');
        await trx
          .insertInto('users')
          .values({ id: userId, provider_id: providerId, issuer: portalIssuer(providerId), subject: userId, email: user.email, name: user.name, password_hash: user.passwordHash, email_verified_at: now, created_at: now, updated_at: now })
          .execute();
      }
      await trx
        .insertInto('memberships')
        .values({ user_id: userId, customer_id: invite.customer_id, role: invite.role, source: 'portal' })
        .onConflict((oc) => oc.columns(['user_id', 'customer_id']).doUpdateSet({ role: invite.role, source: 'portal', updated_at: now }))
        .execute();
      await audit(trx, { providerId, customerId: invite.customer_id }, userId, 'member.joined', 'invite', inviteId, { role: invite.role });
      return userId;
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw emailTaken('email'); // the invited email registered meanwhile
    throw error;
  }
}

function audit(db: Db, tenant: Tenant, actorId: string, action: string, subjectType: string, subjectId: string, details: Record<string, unknown>) {
  return db.insertInto('audit_log').values({ provider_id: tenant.providerId, customer_id: tenant.customerId, actor_kind: 'user', actor_id: actorId, action, subject_type: subjectType, subject_id: subjectId, details: JSON.stringify(details) }).execute();
}
