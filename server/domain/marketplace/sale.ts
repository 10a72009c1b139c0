import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ApiError } from '../../errors.js';
import type { EventBus } from '../../lib/events.js';
import { newId } from '../../lib/ids.js';
import { customerTimezone, reserveCaps } from '../caps.js';
import { addDailySums } from '../daily-sums.js';
import { postToLedger, type Tenant } from '../ledger.js';
import { localDate } from '../local-time.js';
import { toJsonCents } from '../money.js';
import { zoneAt, type ZoneSchedule } from '../periods.js';
import { publishReleased, releaseOpenBuyOrders, type ReleasedOrder } from './holds.js';
import { publishSold, toListing, type Listing } from './listings.js';

export interface Sale {
  /** The listing, locked by the caller (FOR UPDATE), open and not expired. */
  listing: Listing;
  tenant: Tenant;
  priceCents: bigint;
  source: 'marketplace' | 'buy_order' | 'standing_order';
  /** A listing buy order's fill: one `buy_order_filled` row takes the price and drops its hold (D11). */
  buyOrder?: { id: string; maxPriceCents: bigint };
  standingOrderId?: string;
  at: Date;
  /** Whether the buyer owns the lead already and its zone, when the caller read them with the listing. */
  bought?: boolean;
  zone?: ZoneSchedule;
}

export interface SaleResult {
  purchaseId: string;
  leadId: string;
  listingId: string;
  priceCents: bigint;
  balanceAfterCents: bigint;
  availableAfterCents: bigint;
  listing: Listing;
  /** Buy orders released because this sale sold the listing out. */
  released: ReleasedOrder[];
}

/**
 * One marketplace sale in the caller's transaction (SPEC "Lead flow" 3, D14): the listing's and the lead's sale
 * counts, the purchase, the `lead.purchased` outbox row, then the customer's own rows (wallet debit, customer caps,
 * daily sums) as the auction does. Refusals throw (insufficient_funds, cap_reached, already_purchased), so the
 * caller's transaction rolls all of it back. A sale that sells the listing out releases the other buy orders.
 */
export async function sell(trx: Transaction<Database>, sale: Sale): Promise<SaleResult> {
  const { listing, tenant, priceCents, at } = sale;
  const bought = sale.bought ?? (await trx.selectFrom('purchases').select('id').where('lead_id', '=', listing.leadId).where('customer_id', '=', tenant.customerId).executeTakeFirst()) !== undefined;
  if (bought) throw new ApiError('already_purchased', 'You already bought this lead');

  const purchaseId = newId('pur');
  const rows = await trx
    .with('sale', (q) =>
      q
        .updateTable('marketplace_listings')
        .set({ sold_count: sql`sold_count + 1`, status: sql`CASE WHEN sold_count + 1 >= max_sales THEN 'sold' ELSE status END` })
        .where('id', '=', listing.id)
        .where('status', '=', 'open')
        .where('sold_count', '<', sql<number>`max_sales`)
        .returningAll(),
    )
    .with('lead', (q) =>
      q
        .updateTable('leads')
        .set({ sold_count: sql`sold_count + 1`, status: sql`CASE WHEN sold_count + 1 >= max_sales THEN 'assigned' ELSE status END` })
        .where('id', '=', listing.leadId)
        .where('id', 'in', (eb) => eb.selectFrom('sale').select('lead_id'))
        .returning(['state', 'county_fips', 'lead_type_id']),
    )
    .with('purchase', (q) =>
      q
        .insertInto('purchases')
        .columns(['id', 'provider_id', 'customer_id', 'lead_id', 'lead_type_id', 'source', 'listing_id', 'buy_order_id', 'standing_order_id', 'price_cents', 'state', 'county_fips', 'purchased_at'])
        .expression((eb) =>
          eb
            .selectFrom('lead')
            .select([
              eb.val(purchaseId).as('id'),
              eb.val(tenant.providerId).as('provider_id'),
              eb.val(tenant.customerId).as('customer_id'),
              eb.val(listing.leadId).as('lead_id'),
              'lead.lead_type_id',
              eb.val(sale.source).as('source'),
              eb.val(listing.id).as('listing_id'),
              eb.val(sale.buyOrder?.id ?? null).as('buy_order_id'),
              eb.val(sale.standingOrderId ?? null).as('standing_order_id'),
              sql`${priceCents}::bigint`.as('price_cents'),
              'lead.state',
              'lead.county_fips',
              sql`${at}::timestamptz`.as('purchased_at'),
            ]),
        ),
    )
    .with('outbox', (q) =>
      q
        .insertInto('notification_outbox')
        .columns(['provider_id', 'customer_id', 'kind', 'subject_ref', 'payload', 'dedupe_key', 'created_at'])
        .expression((eb) =>
          eb
            .selectFrom('sale')
            .select([
              eb.val(tenant.providerId).as('provider_id'),
              eb.val(tenant.customerId).as('customer_id'),
              sql`'lead.purchased'`.as('kind'),
              eb.val(purchaseId).as('subject_ref'),
              sql`${JSON.stringify({ purchase_id: purchaseId, lead_id: listing.leadId, listing_id: listing.id, price_cents: priceCents.toString() })}::jsonb`.as('payload'),
              eb.val(`lead.purchased:${purchaseId}`).as('dedupe_key'),
              sql`${at}::timestamptz`.as('created_at'),
            ]),
        ),
    )
    .selectFrom('sale')
    .selectAll()
    .execute();
  const sold = rows[0];
  // The caller holds the listing's lock and checked it is open: a miss here is a bug, not a race.
  if (!sold) throw new ApiError('sold_out', 'This listing has sold out');
  const after = toListing(sold);

  const posted = await postToLedger(trx, tenant, sale.buyOrder
    ? { kind: 'buy_order_filled', amountCents: -priceCents, holdDeltaCents: -sale.buyOrder.maxPriceCents, description: `Lead ${listing.leadId} (buy order)`, purchaseId, buyOrderId: sale.buyOrder.id, at }
    : { kind: 'lead_assigned', amountCents: -priceCents, description: `Lead ${listing.leadId} (marketplace)`, purchaseId, at });
  const zone = sale.zone ?? (await customerTimezone(trx, tenant));
  const caps = await reserveCaps(trx, tenant, { bidId: null, priceCents, at, zone });
  if (!caps.ok) throw new ApiError('cap_reached', 'This purchase would pass one of your caps', Object.fromEntries(caps.capped.map((c) => [`${c.period}.${c.metric}`, 'Reached'])));
  await addDailySums(trx, tenant.customerId, localDate(at, zoneAt(zone, at)).toString(), { purchasedCents: priceCents, purchasedCount: 1 });
  if (sale.buyOrder) await trx.updateTable('buy_orders').set({ status: 'filled', closed_at: at }).where('id', '=', sale.buyOrder.id).execute();
  const released = after.status === 'sold' ? await releaseOpenBuyOrders(trx, after, 'released', at, true) : [];
  return { purchaseId, leadId: listing.leadId, listingId: listing.id, priceCents, balanceAfterCents: posted.balanceAfterCents, availableAfterCents: posted.balanceAfterCents - posted.heldAfterCents, listing: after, released };
}

/** After commit: the buyer's purchase and wallet, the listing's new state for everyone, released orders' owners. */
export function publishSale(events: EventBus, tenant: Tenant, result: SaleResult, extra: Record<string, unknown> = {}): void {
  const { providerId, customerId } = tenant;
  events.publish({ type: 'lead.purchased', providerId, customerId, data: { purchase_id: result.purchaseId, lead_id: result.leadId, listing_id: result.listingId, price_cents: toJsonCents(result.priceCents), ...extra } });
  events.publish({ type: 'wallet.updated', providerId, customerId, data: { balance_cents: toJsonCents(result.balanceAfterCents), available_cents: toJsonCents(result.availableAfterCents) } });
  publishSold(events, result.listing);
  publishReleased(events, providerId, result.released);
}
