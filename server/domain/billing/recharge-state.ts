import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Tenant } from '../ledger.js';
import { toJsonCents } from '../money.js';
import { AUTO_RECHARGE_MAX_FAILURES } from './rules.js';

/**
 * What an auto-recharge's end does to the settings row, in the payment's own transaction: the pending charge no
 * longer blocks the next one; a success resets the failure count, a failure counts and, at the limit, turns
 * auto-recharge off. Each writes its outbox row (D21), once per payment (dedupe key).
 */
export async function rechargeSucceeded(trx: Transaction<Database>, tenant: Tenant, payment: { id: string; amountCents: bigint }, at: Date): Promise<void> {
  await trx
    .updateTable('auto_recharge')
    .set({ consecutive_failures: 0, pending_payment_id: sql`CASE WHEN pending_payment_id = ${payment.id} THEN NULL ELSE pending_payment_id END`, updated_at: at })
    .where('customer_id', '=', tenant.customerId)
    .execute();
  await outbox(trx, tenant, 'auto_recharge.succeeded', payment.id, { payment_id: payment.id, amount_cents: toJsonCents(payment.amountCents) }, at);
}

export async function rechargeFailed(trx: Transaction<Database>, tenant: Tenant, payment: { id: string; amountCents: bigint }, message: string, at: Date): Promise<void> {
  const row = await trx
    .updateTable('auto_recharge')
    .set({
      consecutive_failures: sql`consecutive_failures + 1`,
      enabled: sql`enabled AND consecutive_failures + 1 < ${AUTO_RECHARGE_MAX_FAILURES}`,
      pending_payment_id: sql`CASE WHEN pending_payment_id = ${payment.id} THEN NULL ELSE pending_payment_id END`,
      updated_at: at,
    })
    .where('customer_id', '=', tenant.customerId)
    .returning(['consecutive_failures', 'enabled'])
    .executeTakeFirst();
  await outbox(trx, tenant, 'auto_recharge.failed', payment.id, {
    payment_id: payment.id,
    amount_cents: toJsonCents(payment.amountCents),
    message,
    consecutive_failures: row?.consecutive_failures ?? 1,
    disabled: row ? !row.enabled : false,
  }, at);
}

async function outbox(trx: Transaction<Database>, tenant: Tenant, kind: 'auto_recharge.succeeded' | 'auto_recharge.failed', paymentId: string, payload: Record<string, unknown>, at: Date) {
  await trx
    .insertInto('notification_outbox')
    .values({ provider_id: tenant.providerId, customer_id: tenant.customerId, kind, subject_ref: paymentId, payload: JSON.stringify(payload), dedupe_key: `${kind}:${paymentId}`, created_at: at })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}
