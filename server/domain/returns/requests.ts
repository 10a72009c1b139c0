import type { Db } from '../../db/database.js';
import { ApiError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { decideInTransaction, publishDecision, type Decided, type ReturnDeps, type ReturnRow } from './decisions.js';
import { readReturnPolicy, refusalError, returnEligibility, type ReturnCustomer } from './policy.js';

export interface ReturnActor extends ReturnCustomer {
  userId: string;
}

export interface ReturnRequest {
  reasonCode: string;
  note: string;
}

/** A repeat of the same request gets the first return back; a different one for the same lead is a 409 (one per purchase). */
function replayOrConflict(existing: ReturnRow, input: ReturnRequest): ReturnRow {
  if (existing.reason_code === input.reasonCode && existing.note === input.note) return existing;
  throw new ApiError('conflict', `A return was already requested for this lead (${existing.status})`);
}

const returnOf = (db: Db, purchaseId: string) => db.selectFrom('returns').selectAll().where('purchase_id', '=', purchaseId).executeTakeFirst();

/**
 * A buyer asks to return one of the customer's purchased leads (SPEC "Returns"): returns must be on, within the
 * provider's window, with one of its reasons, once per purchase, and under its optional return-rate cap. The
 * customer row is locked while the cap is checked and the request written, so concurrent requests cannot pass the
 * cap together. With the provider's auto-approve on, the refund happens in the same transaction.
 */
export async function requestReturn(deps: ReturnDeps, actor: ReturnActor, leadId: string, input: ReturnRequest): Promise<ReturnRow> {
  const { db, clock } = deps;
  const purchase = await db
    .selectFrom('purchases')
    .select(['id', 'price_cents', 'purchased_at'])
    .where('lead_id', '=', leadId)
    .where('customer_id', '=', actor.customerId)
    .where('provider_id', '=', actor.providerId)
    .executeTakeFirst();
  if (!purchase) throw notFound('Lead');
  const existing = await returnOf(db, purchase.id);
  if (existing) return replayOrConflict(existing, input);

  const policy = await readReturnPolicy(db, actor.providerId);
  const candidate = { priceCents: BigInt(purchase.price_cents), purchasedAt: purchase.purchased_at, hasReturn: false };
  const before = await returnEligibility(db, actor, candidate, policy, clock);
  if (!before.allowed) throw refusalError(before);
  if (!policy.reasons.includes(input.reasonCode)) throw new ApiError('invalid_request', 'Some fields are invalid', { reason_code: 'Pick one of the listed reasons' });

  const written = await db.transaction().execute(async (trx) => {
    await trx.selectFrom('customers').select('id').where('id', '=', actor.customerId).forUpdate().executeTakeFirstOrThrow();
    const eligibility = await returnEligibility(trx, actor, candidate, policy, clock);
    if (!eligibility.allowed) throw refusalError(eligibility);
    const now = clock.now();
    const row = await trx
      .insertInto('returns')
      .values({ id: newId('ret'), provider_id: actor.providerId, customer_id: actor.customerId, purchase_id: purchase.id, reason_code: input.reasonCode, note: input.note, created_at: now })
      .onConflict((oc) => oc.column('purchase_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) return null; // a concurrent request for this purchase committed first
    await trx
      .insertInto('audit_log')
      .values({
        provider_id: actor.providerId,
        customer_id: actor.customerId,
        actor_kind: 'user',
        actor_id: actor.userId,
        action: 'return.requested',
        subject_type: 'return',
        subject_id: row.id,
        details: JSON.stringify({ purchase_id: purchase.id, reason_code: input.reasonCode }),
      })
      .execute();
    const decided: Decided | null = policy.autoApprove ? await decideInTransaction(trx, actor.providerId, row.id, 'approved', 'Approved automatically', { kind: 'system' }, now) : null;
    return { row: decided?.row ?? row, decided };
  });
  if (!written) return replayOrConflict((await returnOf(db, purchase.id))!, input);
  if (written.decided) await publishDecision(deps, actor.providerId, written.decided);
  return written.row;
}
