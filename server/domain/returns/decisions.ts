import type { Selectable, Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { ApiError, notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { EventBus } from '../../lib/events.js';
import { readBadge } from '../badge.js';
import { customerTimezone } from '../caps.js';
import { addDailySums } from '../daily-sums.js';
import { postToLedger } from '../ledger.js';
import { localDate } from '../local-time.js';
import { toJsonCents } from '../money.js';
import { zoneAt } from '../periods.js';

export type Decision = 'approved' | 'denied';
export type DecisionActor = { kind: 'provider_api'; apiKeyId: string } | { kind: 'system' };
export type ReturnRow = Selectable<Database['returns']>;

export interface ReturnDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
}

/** What a decision changed, for the events published after commit. */
export interface Decided {
  row: ReturnRow;
  /** False when the same decision was already made (a retried call): nothing changed, nothing to publish. */
  changed: boolean;
  leadId: string;
  timezone: string;
  wallet: { balanceCents: bigint; availableCents: bigint } | null;
}

/**
 * Approves or denies a pending return inside the caller's transaction (SPEC "Returns"). Approval refunds the
 * purchase price through the ledger (row `lead_returned` linked to the purchase and the return, wallet locked, once
 * per return by its idempotency key), marks the purchase returned and adds the refund to the customer's daily sums
 * on the purchase's local day, so the return rate and tier follow (D17). Both decisions write a `return.decided`
 * outbox row (D21) and an audit row. Repeating the same decision is a no-op; the other one is a 409.
 */
export async function decideInTransaction(trx: Transaction<Database>, providerId: string, returnId: string, decision: Decision, note: string | null, actor: DecisionActor, now: Date): Promise<Decided> {
  const current = await trx.selectFrom('returns').selectAll().where('id', '=', returnId).where('provider_id', '=', providerId).forUpdate().executeTakeFirst();
  if (!current) throw notFound('Return');
  const purchase = await trx.selectFrom('purchases').select(['id', 'lead_id', 'price_cents', 'purchased_at']).where('id', '=', current.purchase_id).executeTakeFirstOrThrow();
  const tenant = { providerId, customerId: current.customer_id };
  const zone = await customerTimezone(trx, tenant);
  const unchanged = { row: current, changed: false, leadId: purchase.lead_id, timezone: zoneAt(zone, now), wallet: null };
  if (current.status === decision) return unchanged;
  if (current.status !== 'pending') throw new ApiError('conflict', `This return was already ${current.status}`);

  const row = await trx
    .updateTable('returns')
    .set({ status: decision, decided_at: now, decision_note: note })
    .where('id', '=', returnId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const priceCents = BigInt(purchase.price_cents);
  const actorLabel = actor.kind === 'system' ? 'system' : `provider_api:${actor.apiKeyId}`;

  let wallet: Decided['wallet'] = null;
  if (decision === 'approved') {
    await trx.updateTable('purchases').set({ status: 'returned' }).where('id', '=', purchase.id).execute();
    const posted = await postToLedger(trx, tenant, {
      kind: 'lead_returned',
      amountCents: priceCents,
      description: `Lead returned: ${purchase.lead_id}`,
      purchaseId: purchase.id,
      returnId,
      idempotencyKey: `return:${returnId}`,
      actor: actorLabel,
      at: now,
    });
    wallet = { balanceCents: posted.balanceAfterCents, availableCents: posted.balanceAfterCents - posted.heldAfterCents };
    // The refund counts on the day the purchase was counted on, in the zone in effect then (D17, D30).
    await addDailySums(trx, current.customer_id, localDate(purchase.purchased_at, zoneAt(zone, purchase.purchased_at)).toString(), { returnedCents: priceCents });
  }
  await trx
    .insertInto('notification_outbox')
    .values({
      provider_id: providerId,
      customer_id: current.customer_id,
      kind: 'return.decided',
      subject_ref: returnId,
      payload: JSON.stringify({ return_id: returnId, purchase_id: purchase.id, lead_id: purchase.lead_id, status: decision, refund_cents: decision === 'approved' ? priceCents.toString() : '0', note }),
      dedupe_key: `return.decided:${returnId}`,
      created_at: now,
    })
    .execute();
  await trx
    .insertInto('audit_log')
    .values({
      provider_id: providerId,
      customer_id: current.customer_id,
      actor_kind: actor.kind,
      actor_id: actor.kind === 'provider_api' ? actor.apiKeyId : null,
      action: `return.${decision}`,
      subject_type: 'return',
      subject_id: returnId,
      details: JSON.stringify({ purchase_id: purchase.id, refund_cents: decision === 'approved' ? priceCents.toString() : '0', note }),
    })
    .execute();
  return { row, changed: true, leadId: purchase.lead_id, timezone: zoneAt(zone, now), wallet };
}

/** After commit (D22): the decision, and for an approval the refunded wallet and the badge's new rate. */
export async function publishDecision(deps: ReturnDeps, providerId: string, decided: Decided): Promise<void> {
  if (!decided.changed) return;
  const customerId = decided.row.customer_id;
  deps.events.publish({ type: 'return.decided', providerId, customerId, data: { return_id: decided.row.id, lead_id: decided.leadId, status: decided.row.status } });
  if (!decided.wallet) return;
  deps.events.publish({
    type: 'wallet.updated',
    providerId,
    customerId,
    data: { balance_cents: toJsonCents(decided.wallet.balanceCents), available_cents: toJsonCents(decided.wallet.availableCents) },
  });
  const badge = await readBadge(deps.db, { providerId, customerId, timezone: decided.timezone }, deps.clock);
  deps.events.publish({ type: 'badge.updated', providerId, customerId, data: { return_rate_bps: badge.rateBps, tier_id: badge.currentTier?.id ?? null } });
}

/** The provider's decision on one of its returns; another provider's return is "not found". */
export async function decideReturn(deps: ReturnDeps, providerId: string, returnId: string, decision: Decision, note: string | null, actor: DecisionActor): Promise<ReturnRow> {
  const decided = await deps.db.transaction().execute((trx) => decideInTransaction(trx, providerId, returnId, decision, note, actor, deps.clock.now()));
  await publishDecision(deps, providerId, decided);
  return decided.row;
}
