import { sql, type Transaction } from 'kysely';
import type { Database, LedgerKind } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { newId } from '../lib/ids.js';
import { alertOnLowBalance, lowBalanceThresholdSql } from './low-balance.js';

export interface Tenant {
  providerId: string;
  customerId: string;
}

export interface LedgerPosting {
  kind: LedgerKind;
  /** Balance change in cents (negative for debits). */
  amountCents: bigint;
  /** Held-funds change in cents (D11: buy-order holds). */
  holdDeltaCents?: bigint;
  description: string;
  idempotencyKey?: string;
  actor?: string;
  purchaseId?: string;
  buyOrderId?: string;
  paymentId?: string;
  returnId?: string;
  at?: Date;
}

export interface PostedEntry {
  id: string;
  balanceAfterCents: bigint;
  heldAfterCents: bigint;
  replayed: boolean;
}

const wallet = (trx: Transaction<Database>, tenant: Tenant) =>
  trx.selectFrom('wallets').select('customer_id').where('customer_id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId);

/**
 * Appends one ledger row and moves the wallet with it, inside the caller's transaction and under the wallet's row
 * lock, so the row's cause (purchase, payment, …) commits or rolls back with it. A repeated idempotency key
 * returns the first posting instead of moving money twice. Refuses anything that would leave available < 0.
 * A posting that takes available below the customer's low-balance threshold also writes its outbox row (D21).
 *
 * The wallet row is locked by the posting's own statement, as late as the caller places the call: purchases post
 * last so concurrent purchases of one customer wait on that lock only for the rest of their transaction.
 */
export async function postToLedger(trx: Transaction<Database>, tenant: Tenant, posting: LedgerPosting): Promise<PostedEntry> {
  if (posting.idempotencyKey) {
    // Lock first, so a second posting with the same key waits for the first and then finds it.
    await wallet(trx, tenant).forUpdate().executeTakeFirst();
    const earlier = await trx
      .selectFrom('ledger_entries')
      .select(['public_id', 'balance_after_cents', 'held_after_cents'])
      .where('customer_id', '=', tenant.customerId)
      .where('idempotency_key', '=', posting.idempotencyKey)
      .executeTakeFirst();
    if (earlier) {
      return { id: earlier.public_id, balanceAfterCents: BigInt(earlier.balance_after_cents), heldAfterCents: BigInt(earlier.held_after_cents), replayed: true };
    }
  }

  const id = newId('txn');
  const at = posting.at ?? new Date();
  const amount = posting.amountCents;
  const hold = posting.holdDeltaCents ?? 0n;
  // Only a posting that lowers available can cross the low-balance threshold: only it reads the threshold, in the
  // same statement (the auction's hot path gains no round trip; a crossing adds one insert).
  const lowers = amount - hold < 0n;
  // The WHERE keeps held >= 0 and available >= 0; Postgres re-checks it on the row version it locks.
  const { rows } = await sql<{ balance_after_cents: string; held_after_cents: string; low_balance_threshold_cents: string | null }>`
    WITH moved AS (
      UPDATE wallets SET balance_cents = balance_cents + ${amount}::bigint, held_cents = held_cents + ${hold}::bigint, updated_at = ${at}::timestamptz
      WHERE customer_id = ${tenant.customerId} AND provider_id = ${tenant.providerId}
        AND held_cents + ${hold}::bigint >= 0 AND balance_cents + ${amount}::bigint - (held_cents + ${hold}::bigint) >= 0
      RETURNING balance_cents, held_cents)
    INSERT INTO ledger_entries (public_id, provider_id, customer_id, kind, amount_cents, hold_delta_cents, balance_after_cents, held_after_cents,
      description, idempotency_key, actor, purchase_id, buy_order_id, payment_id, return_id, created_at)
    SELECT ${id}, ${tenant.providerId}, ${tenant.customerId}, ${posting.kind}, ${amount}::bigint, ${hold}::bigint, balance_cents, held_cents,
      ${posting.description}, ${posting.idempotencyKey ?? null}, ${posting.actor ?? null}, ${posting.purchaseId ?? null}, ${posting.buyOrderId ?? null},
      ${posting.paymentId ?? null}, ${posting.returnId ?? null}, ${at}::timestamptz
    FROM moved
    RETURNING balance_after_cents::text, held_after_cents::text,
      ${lowers ? lowBalanceThresholdSql(tenant.customerId) : sql`NULL::text`} AS low_balance_threshold_cents`.execute(trx);
  const row = rows[0];
  if (!row) {
    if (await wallet(trx, tenant).executeTakeFirst()) throw new ApiError('insufficient_funds', 'Not enough available funds');
    throw new ApiError('not_found', 'Wallet not found');
  }
  const balanceAfterCents = BigInt(row.balance_after_cents);
  const heldAfterCents = BigInt(row.held_after_cents);
  if (row.low_balance_threshold_cents !== null) {
    const availableAfterCents = balanceAfterCents - heldAfterCents;
    await alertOnLowBalance(trx, tenant, { id, availableBeforeCents: availableAfterCents - (amount - hold), availableAfterCents, thresholdCents: BigInt(row.low_balance_threshold_cents), at });
  }
  return { id, balanceAfterCents, heldAfterCents, replayed: false };
}
