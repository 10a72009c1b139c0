import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EventBus } from '../../lib/events.js';
import { postToLedger } from '../ledger.js';
import { toJsonCents } from '../money.js';

export interface ReleasedOrder {
  customerId: string;
  buyOrderId: string;
  status: 'released' | 'expired' | 'canceled';
  balanceAfterCents: bigint;
  availableAfterCents: bigint;
}

/** After commit: each owner's order and wallet (its hold is back in available funds). */
export function publishReleased(events: EventBus, providerId: string, released: ReleasedOrder[]): void {
  for (const r of released) {
    events.publish({ type: 'buy_order.updated', providerId, customerId: r.customerId, data: { buy_order_id: r.buyOrderId, status: r.status } });
    events.publish({ type: 'wallet.updated', providerId, customerId: r.customerId, data: { balance_cents: toJsonCents(r.balanceAfterCents), available_cents: toJsonCents(r.availableAfterCents) } });
  }
}

/**
 * Ends every open buy order on a listing that will not fill (D11: one `buy_order_released` row each, hold −X):
 * `released` when the listing sold to others or was withdrawn (the sold case also writes a `buy_order.outbid`
 * outbox row), `expired` when the listing expired. In the caller's transaction, customers in id order.
 * `onlyOrderId` releases just that order (one that cannot fill, e.g. its customer's cap is reached).
 */
export async function releaseOpenBuyOrders(
  trx: Transaction<Database>,
  listing: { id: string; providerId: string },
  status: 'released' | 'expired',
  at: Date,
  outbid = false,
  onlyOrderId?: string,
): Promise<ReleasedOrder[]> {
  let query = trx.updateTable('buy_orders').set({ status, closed_at: at }).where('listing_id', '=', listing.id).where('status', '=', 'open');
  if (onlyOrderId) query = query.where('id', '=', onlyOrderId);
  const orders = await query.returning(['id', 'customer_id', 'max_price_cents']).execute();
  orders.sort((a, b) => (a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0));
  const released: ReleasedOrder[] = [];
  for (const order of orders) {
    const tenant = { providerId: listing.providerId, customerId: order.customer_id };
    const posted = await postToLedger(trx, tenant, {
      kind: 'buy_order_released',
      amountCents: 0n,
      holdDeltaCents: -BigInt(order.max_price_cents),
      description: status === 'expired' ? 'Buy order expired with its listing' : outbid ? 'Buy order outbid' : 'Buy order released: listing withdrawn',
      buyOrderId: order.id,
      at,
    });
    released.push({ customerId: order.customer_id, buyOrderId: order.id, status, balanceAfterCents: posted.balanceAfterCents, availableAfterCents: posted.balanceAfterCents - posted.heldAfterCents });
    if (outbid) {
      await trx
        .insertInto('notification_outbox')
        .values({
          provider_id: listing.providerId,
          customer_id: order.customer_id,
          kind: 'buy_order.outbid',
          subject_ref: order.id,
          payload: JSON.stringify({ buy_order_id: order.id, listing_id: listing.id, max_price_cents: toJsonCents(order.max_price_cents) }),
          dedupe_key: `buy_order.outbid:${order.id}`,
          created_at: at,
        })
        .execute();
    }
  }
  return released;
}
