import { sql, type Insertable, type Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { ApiError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { reserveCaps } from '../caps.js';
import { addDailySums } from '../daily-sums.js';
import { postToLedger } from '../ledger.js';
import { localDate } from '../local-time.js';
import { zoneAt } from '../periods.js';
import type { Ranked } from './ranking.js';

export interface AuctionLead {
  id: string;
  providerId: string;
  leadTypeId: string;
  state: string | null;
  countyFips: string | null;
  /** The lead's row, written by the first transaction that commits for it (a purchase, or the unsold record). */
  row: Insertable<Database['leads']>;
  /** Whether a committed transaction has written `row` yet. */
  stored: boolean;
}

export type PurchaseResult =
  | { ok: true; purchaseId: string; balanceAfterCents: bigint; availableAfterCents: bigint }
  | { ok: false; reason: 'wallet' | 'capped' | 'duplicate' };

/** Thrown inside the transaction to roll back a purchase its caps refused. */
class CapsRefused extends Error {}

/** Thrown inside the transaction when another request stored this external id first. */
export class DuplicateLead extends Error {}

/**
 * Writes the lead inside the caller's transaction, so a lead costs no commit of its own. The unique
 * (provider, external id) makes a concurrent repeat wait for this transaction and then find the lead taken.
 */
export async function storeLead(trx: Transaction<Database>, lead: AuctionLead): Promise<void> {
  if (lead.stored) return;
  const inserted = await trx.insertInto('leads').values(lead.row).onConflict((oc) => oc.columns(['provider_id', 'external_id']).doNothing()).returning('id').executeTakeFirst();
  if (!inserted) throw new DuplicateLead();
}

/**
 * One winner's purchase in one transaction (SPEC "Lead flow" 3): the purchase, the ledger debit under the wallet's
 * row lock, cap usage, the lead's sale count, the daily sums, the outbox row and the lead's auction result. Too
 * little money or a reached cap rolls all of it back and says why, so the auction moves to the next bidder.
 */
export async function buyForBid(db: Db, lead: AuctionLead, winner: Ranked, topAmountsCents: bigint[], at: Date): Promise<PurchaseResult> {
  const tenant = { providerId: lead.providerId, customerId: winner.customerId };
  const purchaseId = newId('pur');
  try {
    const result = await db.transaction().execute(async (trx) => {
      await storeLead(trx, lead);
      const winnerJson = JSON.stringify([{ purchase_id: purchaseId, price_cents: winner.priceCents.toString() }]);
      // The purchase, the lead's sale count, the outbox row and the auction result: one statement, one round trip.
      // The sale that fills the lead also ends its auction (status `assigned`: repeats stop answering 409).
      await trx
        .with('purchase', (q) =>
          q.insertInto('purchases').values({
            id: purchaseId,
            provider_id: lead.providerId,
            customer_id: winner.customerId,
            lead_id: lead.id,
            lead_type_id: lead.leadTypeId,
            source: 'bid',
            bid_id: winner.bid.id,
            price_cents: winner.priceCents,
            bid_amount_cents: winner.bid.amountCents,
            state: lead.state,
            county_fips: lead.countyFips,
            purchased_at: at,
          }),
        )
        .with('sale', (q) =>
          q
            .updateTable('leads')
            .set({ sold_count: sql`sold_count + 1`, status: sql`CASE WHEN sold_count + 1 >= max_sales THEN 'assigned' ELSE status END` })
            .where('id', '=', lead.id),
        )
        .with('outbox', (q) =>
          q.insertInto('notification_outbox').values({
            provider_id: lead.providerId,
            customer_id: winner.customerId,
            kind: 'lead.purchased',
            subject_ref: purchaseId,
            payload: JSON.stringify({ purchase_id: purchaseId, lead_id: lead.id, bid_id: winner.bid.id, price_cents: winner.priceCents.toString() }),
            dedupe_key: `lead.purchased:${purchaseId}`,
            created_at: at,
          }),
        )
        .insertInto('auction_results')
        .values({ lead_id: lead.id, winners: winnerJson, top_amounts_cents: topAmountsCents.map(String), created_at: at })
        .onConflict((oc) => oc.column('lead_id').doUpdateSet({ winners: sql`auction_results.winners || excluded.winners` }))
        .execute();
      // The customer's own rows last (wallet, cap usage, daily sums, in that order everywhere): other purchases of
      // this customer queue on them, so they stay locked only for these statements and the commit.
      const posted = await postToLedger(trx, tenant, { kind: 'lead_assigned', amountCents: -winner.priceCents, description: `Lead ${lead.id}`, purchaseId, at });
      const caps = await reserveCaps(trx, tenant, { bidId: winner.bid.id, priceCents: winner.priceCents, at, zone: winner.zone });
      if (!caps.ok) throw new CapsRefused();
      await addDailySums(trx, winner.customerId, localDate(at, zoneAt(winner.zone, at)).toString(), { purchasedCents: winner.priceCents, purchasedCount: 1 });
      return { ok: true as const, purchaseId, balanceAfterCents: posted.balanceAfterCents, availableAfterCents: posted.balanceAfterCents - posted.heldAfterCents };
    });
    lead.stored = true;
    return result;
  } catch (error) {
    if (error instanceof CapsRefused) return { ok: false, reason: 'capped' };
    if (error instanceof DuplicateLead) return { ok: false, reason: 'duplicate' };
    if (error instanceof ApiError && error.code === 'insufficient_funds') return { ok: false, reason: 'wallet' };
    throw error;
  }
}
