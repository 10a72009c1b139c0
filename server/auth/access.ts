import type { Db } from '../db/database.js';
import type { CustomerStatus, Role } from '../db/schema.js';
import { newId } from '../lib/ids.js';
import type { VerifiedToken } from './jwt.js';
import { effectiveRole } from './roles.js';

export interface CustomerAccess {
  id: string;
  externalId: string;
  name: string;
  status: CustomerStatus;
  timezone: string;
  role: Role;
}

export interface Access {
  userId: string;
  customers: CustomerAccess[];
}

const RECONCILED_MAX = 10_000;

/**
 * Who the token's user is and which customers they may act for (D2, D3, D5).
 * Provider tokens are the authority for `source=token` rows (written once per token); `/app` tokens are checked
 * against the current rows on every request, so a removed user loses access at once.
 */
export class AccessResolver {
  /** Token hashes already reconciled; bounded so a flood of distinct tokens cannot grow it without limit. */
  private readonly reconciled = new Map<string, string>();

  constructor(private readonly db: Db) {}

  async resolve(token: VerifiedToken): Promise<Access | null> {
    const userId = token.issuerKind === 'portal' ? await findPortalUser(this.db, token) : await this.reconcile(token);
    return userId ? listAccess(this.db, token, userId) : null;
  }

  private async reconcile(token: VerifiedToken): Promise<string> {
    const known = this.reconciled.get(token.sha256);
    if (known) return known;
    const userId = await reconcileProviderToken(this.db, token);
    if (this.reconciled.size >= RECONCILED_MAX) this.reconciled.delete(this.reconciled.keys().next().value!);
    this.reconciled.set(token.sha256, userId);
    return userId;
  }
}

async function listAccess(db: Db, token: VerifiedToken, userId: string): Promise<Access> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('customers as c', 'c.id', 'm.customer_id')
    .select(['c.id', 'c.external_id', 'c.name', 'c.status', 'c.timezone', 'm.role'])
    .where('m.user_id', '=', userId)
    .where('c.provider_id', '=', token.providerId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();

  const claimed = new Set(token.claims.customer_ids);
  const customers = rows
    .filter((r) => token.issuerKind !== 'portal' || claimed.has(r.external_id))
    .map((r) => ({
      id: r.id,
      externalId: r.external_id,
      name: r.name,
      status: r.status,
      timezone: r.timezone,
      role: effectiveRole(r.role, token.claims.scope),
    }));
  return { userId, customers };
}

/** D4: the header's customer, else the first of the token's customer ids that the user may act for. */
export function pickActiveCustomer(access: Access, token: VerifiedToken, requested: string | undefined): CustomerAccess | undefined {
  if (requested) return access.customers.find((c) => c.externalId === requested);
  for (const externalId of token.claims.customer_ids) {
    const match = access.customers.find((c) => c.externalId === externalId);
    if (match) return match;
  }
  return access.customers[0];
}

async function findPortalUser(db: Db, token: VerifiedToken): Promise<string | null> {
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('provider_id', '=', token.providerId)
    .where('id', '=', token.claims.sub)
    .executeTakeFirst();
  return user?.id ?? null;
}

function reconcileProviderToken(db: Db, token: VerifiedToken): Promise<string> {
  const { claims } = token;
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto('users')
      .values({ id: newId('usr'), provider_id: token.providerId, issuer: token.issuer, subject: claims.sub, email: claims.email ?? null, name: claims.name ?? null })
      .onConflict((oc) =>
        oc.columns(['provider_id', 'issuer', 'subject']).doUpdateSet((eb) => ({
          email: eb.fn.coalesce('excluded.email', 'users.email'),
          name: eb.fn.coalesce('excluded.name', 'users.name'),
        })),
      )
      .returning('id')
      .executeTakeFirstOrThrow();

    const customers = await trx
      .selectFrom('customers')
      .select(['id', 'external_id'])
      .where('provider_id', '=', token.providerId)
      .where('external_id', 'in', claims.customer_ids)
      .execute();
    if (customers.length) {
      await trx
        .insertInto('memberships')
        .values(customers.map((c) => ({ user_id: user.id, customer_id: c.id, role: claims.roles?.[c.external_id] ?? 'admin', source: 'token' as const })))
        .onConflict((oc) => oc.columns(['user_id', 'customer_id']).doUpdateSet((eb) => ({ role: eb.ref('excluded.role'), source: 'token', updated_at: new Date() })))
        .execute();
    }
    let stale = trx.deleteFrom('memberships').where('user_id', '=', user.id).where('source', '=', 'token');
    if (customers.length) stale = stale.where('customer_id', 'not in', customers.map((c) => c.id));
    await stale.execute();
    return user.id;
  });
}
