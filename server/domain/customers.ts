import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Role } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { newId } from '../lib/ids.js';

/**
 * D3: a customer set up from the portal. The creating user becomes its admin (`source=portal`), its wallet starts
 * at zero, its timezone is the active customer's (D30), and its external id defaults to its public id (D1).
 */
export async function createPortalCustomer(
  db: Db,
  scope: { providerId: string; userId: string; timezone: string },
  input: { name: string },
): Promise<{ id: string; external_id: string; name: string; status: 'active'; timezone: string; role: Role }> {
  const provider = await db.selectFrom('providers').select(['settings', 'currency']).where('id', '=', scope.providerId).executeTakeFirstOrThrow();
  if (provider.settings.self_service_customers === false) {
    throw new ApiError('self_service_disabled', 'Your provider does not allow setting up new customer accounts here');
  }
  // Two accounts with one name under one user is almost always a double submit or a mix-up: refuse it.
  const sameName = await db
    .selectFrom('memberships')
    .innerJoin('customers', 'customers.id', 'memberships.customer_id')
    .select('customers.name')
    .where('memberships.user_id', '=', scope.userId)
    .where('customers.provider_id', '=', scope.providerId)
    .where(sql<string>`lower(customers.name)`, '=', input.name.toLowerCase())
    .executeTakeFirst();
  if (sameName) {
    throw new ApiError('conflict', 'A customer with this name already exists', { name: `You already have a customer named “${sameName.name}”` });
  }
  const id = newId('cus');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('customers')
      .values({ id, provider_id: scope.providerId, external_id: id, name: input.name, timezone: scope.timezone, source: 'portal', created_by: scope.userId })
      .execute();
    await trx.insertInto('wallets').values({ customer_id: id, provider_id: scope.providerId, currency: provider.currency }).execute();
    await trx.insertInto('memberships').values({ user_id: scope.userId, customer_id: id, role: 'admin', source: 'portal' }).execute();
    await trx
      .insertInto('audit_log')
      .values({ provider_id: scope.providerId, customer_id: id, actor_kind: 'user', actor_id: scope.userId, action: 'customer.created', subject_type: 'customer', subject_id: id, details: JSON.stringify({ source: 'portal' }) })
      .execute();
  });
  return { id, external_id: id, name: input.name, status: 'active', timezone: scope.timezone, role: 'admin' };
}
