import type { Transaction } from 'kysely';
import type { Database, LedgerKind } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { newId } from '../lib/ids.js';

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

/**
 * Appends one ledger row and moves the wallet with it, inside the caller's transaction and under the wallet's row
 * lock, so the row's cause (purchase, payment, …) commits or rolls back with it. A repeated idempotency key
 * returns the first posting instead of moving money twice. Refuses anything that would leave available < 0.
 */
export async function postToLedger(trx: Transaction<Database>, tenant: Tenant, posting: LedgerPosting): Promise<PostedEntry> {
  const wallet = await trx
    .selectFrom('wallets')
    .select(['balance_cents', 'held_cents'])
    .where('customer_id', '=', tenant.customerId)
    .where('provider_id', '=', tenant.providerId)
    .forUpdate()
    .executeTakeFirst();
  if (!wallet) throw new ApiError('not_found', 'Wallet not found');

  if (posting.idempotencyKey) {
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

  const balanceAfter = BigInt(wallet.balance_cents) + posting.amountCents;
  const heldAfter = BigInt(wallet.held_cents) + (posting.holdDeltaCents ?? 0n);
  if (heldAfter < 0n || balanceAfter - heldAfter < 0n) throw new ApiError('insufficient_funds', 'Not enough available funds');

  const id = newId('txn');
  const at = posting.at ?? new Date();
  await trx
    .insertInto('ledger_entries')
    .values({
      public_id: id,
      provider_id: tenant.providerId,
      customer_id: tenant.customerId,
      kind: posting.kind,
      amount_cents: posting.amountCents,
      hold_delta_cents: posting.holdDeltaCents ?? 0n,
      balance_after_cents: balanceAfter,
      held_after_cents: heldAfter,
      description: posting.description,
      idempotency_key: posting.idempotencyKey ?? null,
      actor: posting.actor ?? null,
      purchase_id: posting.purchaseId ?? null,
      buy_order_id: posting.buyOrderId ?? null,
      payment_id: posting.paymentId ?? null,
      return_id: posting.returnId ?? null,
      created_at: at,
    })
    .execute();
  await trx
    .updateTable('wallets')
    .set({ balance_cents: balanceAfter, held_cents: heldAfter, updated_at: at })
    .where('customer_id', '=', tenant.customerId)
    .execute();
  return { id, balanceAfterCents: balanceAfter, heldAfterCents: heldAfter, replayed: false };
}
