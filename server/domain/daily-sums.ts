import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/** Adds purchased / approved-return value to a customer-local day (D17), in the caller's money transaction. */
export async function addDailySums(trx: Transaction<Database>, customerId: string, day: string, delta: { purchasedCents?: bigint; purchasedCount?: number; returnedCents?: bigint }) {
  await trx
    .insertInto('customer_daily_sums')
    .values({ customer_id: customerId, day, purchased_cents: delta.purchasedCents ?? 0n, purchased_count: delta.purchasedCount ?? 0, returned_cents: delta.returnedCents ?? 0n })
    .onConflict((oc) =>
      oc.columns(['customer_id', 'day']).doUpdateSet((eb) => ({
        purchased_cents: eb('customer_daily_sums.purchased_cents', '+', eb.ref('excluded.purchased_cents')),
        purchased_count: eb('customer_daily_sums.purchased_count', '+', eb.ref('excluded.purchased_count')),
        returned_cents: eb('customer_daily_sums.returned_cents', '+', eb.ref('excluded.returned_cents')),
      })),
    )
    .execute();
}
