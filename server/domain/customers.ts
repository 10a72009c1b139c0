import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Role } from '../db/schema.js';
import { ApiError, notFound } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { EventBus } from '../lib/events.js';
import { newId } from '../lib/ids.js';
import type { Tenant } from './ledger.js';
import { canonicalTimezone } from './local-time.js';
import { nextLocalMidnight, PERIODS, periodStart, zoneAt, type ZoneSchedule } from './periods.js';

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

/**
 * D30: an admin changes the customer's zone; it takes effect at the next local midnight of the zone in effect.
 * Changing it again before then retargets (or, back to the old zone, cancels) the pending change. Right after a
 * switch a westward change keeps the open period's key for up to a day (periods.ts); a further change then is
 * refused, since one remembered switch could not keep those keys.
 */
export async function changeTimezone(
  deps: { db: Db; clock: Clock; events: EventBus },
  tenant: Tenant,
  actorUserId: string,
  requested: string,
): Promise<void> {
  const timezone = canonicalTimezone(requested);
  if (!timezone) throw new ApiError('invalid_request', 'Some fields are invalid', { timezone: 'Choose an IANA timezone such as America/Chicago' });
  const now = deps.clock.now();
  const result = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('customers')
      .select(['timezone', 'timezone_previous', 'timezone_changed_at'])
      .where('id', '=', tenant.customerId)
      .where('provider_id', '=', tenant.providerId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Customer');
    const schedule: ZoneSchedule = {
      timezone: row.timezone,
      previous: row.timezone_previous && row.timezone_changed_at ? { timezone: row.timezone_previous, until: new Date(row.timezone_changed_at) } : null,
    };
    const current = zoneAt(schedule, now);
    const pending = schedule.previous !== null && now < schedule.previous.until;
    if (timezone === (pending ? row.timezone : current)) return null;
    if (!pending && PERIODS.some((p) => !periodStart(p, now, schedule).equals(periodStart(p, now, current)))) {
      throw new ApiError('conflict', 'Your last timezone change is still taking effect; try again tomorrow', { timezone: 'Your last change is still taking effect; try again tomorrow' });
    }
    const next =
      timezone === current
        ? { timezone, timezone_previous: null, timezone_changed_at: null }
        : { timezone, timezone_previous: current, timezone_changed_at: pending ? schedule.previous!.until : nextLocalMidnight(now, current) };
    await trx.updateTable('customers').set({ ...next, updated_at: now }).where('id', '=', tenant.customerId).execute();
    await trx
      .insertInto('audit_log')
      .values({
        provider_id: tenant.providerId,
        customer_id: tenant.customerId,
        actor_kind: 'user',
        actor_id: actorUserId,
        action: 'customer.timezone_changed',
        subject_type: 'customer',
        subject_id: tenant.customerId,
        details: JSON.stringify({ from: current, to: timezone, effective_at: next.timezone_changed_at?.toISOString() ?? null }),
      })
      .execute();
    return next;
  });
  if (result) {
    const effectiveAt = result.timezone_changed_at?.toISOString() ?? null;
    const data = { timezone: result.timezone, effective_at: effectiveAt };
    deps.events.publish({ type: 'customer.updated', providerId: tenant.providerId, customerId: tenant.customerId, data });
    deps.events.publish({ type: 'limits.updated', providerId: tenant.providerId, customerId: tenant.customerId, data: { subject: 'timezone', ...data } });
  }
}
