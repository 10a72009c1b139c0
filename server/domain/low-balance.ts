import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Tenant } from './ledger.js';
import { toJsonCents } from './money.js';

/**
 * The customer's low-balance threshold (D21) as a scalar subquery the ledger posting returns with its row, so a
 * posting learns it without a round trip of its own: `customers.low_balance_threshold_cents`, or when that is null
 * twice the highest active bid (null without one: no alert).
 */
export const lowBalanceThresholdSql = (customerId: string): RawBuilder<string | null> => sql<string | null>`(
  SELECT coalesce(c.low_balance_threshold_cents,
    2 * (SELECT max(b.amount_cents) FROM bids b WHERE b.customer_id = c.id AND b.status = 'active' AND b.deleted_at IS NULL))::text
  FROM customers c WHERE c.id = ${customerId})`;

/**
 * A posting that took available funds (D11: balance − held) from at or above the threshold to below it writes one
 * `wallet.low_balance` outbox row in the posting's transaction; the worker turns it into a delivery per recipient who
 * chose that notice. Only a crossing alerts: further debits while below do not, until some posting lifts available
 * back to the threshold or above.
 */
export async function alertOnLowBalance(
  trx: Transaction<Database>,
  tenant: Tenant,
  entry: { id: string; availableBeforeCents: bigint; availableAfterCents: bigint; thresholdCents: bigint; at: Date },
): Promise<boolean> {
  const { availableBeforeCents: before, availableAfterCents: after, thresholdCents: threshold } = entry;
  if (!(before >= threshold && after < threshold)) return false;
  await trx
    .insertInto('notification_outbox')
    .values({
      provider_id: tenant.providerId,
      customer_id: tenant.customerId,
      kind: 'wallet.low_balance',
      subject_ref: entry.id,
      payload: JSON.stringify({ available_cents: toJsonCents(after), threshold_cents: toJsonCents(threshold) }),
      dedupe_key: `wallet.low_balance:${entry.id}`,
      created_at: entry.at,
    })
    .execute();
  return true;
}
