import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Tenant } from './ledger.js';

/** The dashboard's getting-started checklist (SPEC "Dashboard"): four steps ticked from real data. */
export type StepKey = 'payment_method' | 'bid' | 'notifications' | 'limits';

export interface GettingStarted {
  steps: { key: StepKey; done: boolean }[];
  complete: boolean;
  dismissed: boolean;
  /** Shown until every step is done or the user dismisses it. */
  visible: boolean;
}

/** Remembered per user and customer (D27 `user_prefs`). */
const DISMISSED_KEY = 'dashboard.getting_started.dismissed';

export async function readGettingStarted(db: Db, tenant: Tenant, userId: string): Promise<GettingStarted> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom('payment_methods').select(sql.lit(1).as('x')).where('customer_id', '=', tenant.customerId).where('detached_at', 'is', null)).as('payment_method'),
      eb.exists(eb.selectFrom('bids').select(sql.lit(1).as('x')).where('customer_id', '=', tenant.customerId).where('deleted_at', 'is', null)).as('bid'),
      eb.exists(eb.selectFrom('notification_recipients').select(sql.lit(1).as('x')).where('customer_id', '=', tenant.customerId).where('enabled', '=', true)).as('notifications'),
      eb.exists(eb.selectFrom('caps').select(sql.lit(1).as('x')).where('customer_id', '=', tenant.customerId)).as('limits'),
      eb.exists(
        eb.selectFrom('user_prefs').select(sql.lit(1).as('x')).where('user_id', '=', userId).where('customer_id', '=', tenant.customerId).where('key', '=', DISMISSED_KEY).where(sql<boolean>`value = 'true'::jsonb`),
      ).as('dismissed'),
    ])
    .executeTakeFirstOrThrow();
  const steps = (['payment_method', 'bid', 'notifications', 'limits'] as const).map((key) => ({ key, done: Boolean(row[key]) }));
  const complete = steps.every((s) => s.done);
  const dismissed = Boolean(row.dismissed);
  return { steps, complete, dismissed, visible: !complete && !dismissed };
}

export async function setGettingStartedDismissed(db: Db, tenant: Tenant, userId: string, dismissed: boolean): Promise<void> {
  await db
    .insertInto('user_prefs')
    .values({ user_id: userId, customer_id: tenant.customerId, key: DISMISSED_KEY, value: JSON.stringify(dismissed) })
    .onConflict((oc) => oc.columns(['user_id', 'customer_id', 'key']).doUpdateSet({ value: JSON.stringify(dismissed), updated_at: new Date() }))
    .execute();
}
