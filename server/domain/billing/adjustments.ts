import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { postToLedger, type Tenant } from '../ledger.js';
import { toJsonCents } from '../money.js';
import { afterDebit } from './auto-recharge.js';
import type { BillingDeps } from './rules.js';
import type { WalletTransaction } from './transactions.js';

export interface Adjustment {
  /** Positive credits the wallet, negative debits it. */
  amountCents: bigint;
  reason: string;
  idempotencyKey: string;
  apiKeyId: string;
}

/**
 * A provider's manual credit or debit (money taken offline, corrections), with its reason as the ledger row's
 * description. The ledger key makes a retry post nothing twice; a debit that would leave available funds below
 * zero is refused with 409 (D11). A credit counts as a deposit toward the bidding unlock. `within` runs in the
 * same transaction (the route stores its idempotent reply there). A debit may start an auto-recharge (D11).
 */
export async function adjustWallet(
  deps: BillingDeps,
  tenant: Tenant,
  adjustment: Adjustment,
  within?: (trx: Transaction<Database>, entry: WalletTransaction) => Promise<void>,
): Promise<WalletTransaction> {
  const at = deps.clock.now();
  const credit = adjustment.amountCents > 0n;
  const entry = await deps.db.transaction().execute(async (trx) => {
    const posted = await postToLedger(trx, tenant, {
      kind: credit ? 'funds_added_by_provider' : 'funds_subtracted_by_provider',
      amountCents: adjustment.amountCents,
      description: adjustment.reason,
      idempotencyKey: `adjustment:${adjustment.idempotencyKey}`,
      actor: `provider_api:${adjustment.apiKeyId}`,
      at,
    });
    if (!posted.replayed) {
      if (credit) await trx.updateTable('customers').set({ lifetime_deposits_cents: sql`lifetime_deposits_cents + ${adjustment.amountCents}` }).where('id', '=', tenant.customerId).execute();
      await trx
        .insertInto('audit_log')
        .values({
          provider_id: tenant.providerId,
          customer_id: tenant.customerId,
          actor_kind: 'provider_api',
          actor_id: adjustment.apiKeyId,
          action: credit ? 'wallet.credited' : 'wallet.debited',
          subject_type: 'ledger_entry',
          subject_id: posted.id,
          details: JSON.stringify({ amount_cents: adjustment.amountCents.toString(), reason: adjustment.reason }),
        })
        .execute();
    }
    const row = await trx.selectFrom('ledger_entries').select(['id', 'kind', 'amount_cents', 'description', 'created_at']).where('public_id', '=', posted.id).executeTakeFirstOrThrow();
    const result: WalletTransaction = {
      seq: row.id,
      id: posted.id,
      type: row.kind === 'funds_added_by_provider' ? 'funds_added_by_provider' : 'funds_subtracted_by_provider',
      amountCents: BigInt(row.amount_cents),
      holdDeltaCents: 0n,
      balanceAfterCents: posted.balanceAfterCents,
      heldAfterCents: posted.heldAfterCents,
      description: row.description,
      createdAt: row.created_at,
      leadId: null,
      purchaseId: null,
      buyOrderId: null,
      paymentId: null,
      returnId: null,
      receiptUrl: null,
    };
    await within?.(trx, result);
    return result;
  });
  deps.events.publish({
    type: 'wallet.updated',
    ...tenant,
    data: { balance_cents: toJsonCents(entry.balanceAfterCents), available_cents: toJsonCents(entry.balanceAfterCents - entry.heldAfterCents) },
  });
  if (!credit) await afterDebit(deps, tenant);
  return entry;
}
