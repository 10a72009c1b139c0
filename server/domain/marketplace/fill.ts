import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import { ApiError } from '../../errors.js';
import { afterDebit } from '../billing/auto-recharge.js';
import type { BillingDeps } from '../billing/rules.js';
import { NO_FILTERS, type BidFilters } from '../bid-types.js';
import { filtersMatch } from '../auction/filters.js';
import { closeListing, publishSold, toListing } from './listings.js';
import { publishReleased, releaseOpenBuyOrders } from './holds.js';
import { priceAt } from './pricing.js';
import { publishSale, sell, type SaleResult } from './sale.js';

/**
 * D19 order matching: at price(t), listing buy orders with X >= price(t) and matching standing orders with
 * max >= price(t) compete; the highest max wins, ties earliest; the fill is at price(t). Each fill is one
 * transaction under the listing's row lock, taken with SKIP LOCKED so API processes never fill one listing twice
 * at once; a standing order's count rises by a conditional update, so concurrent fills of one order on different
 * listings never overfill it.
 */

/** price(t) in SQL over a listing alias, for finding listings an order can fill at `now` in one query. */
const priceSql = (alias: string, now: Date): RawBuilder<string> =>
  sql<string>`greatest(${sql.ref(`${alias}.floor_cents`)}, ${sql.ref(`${alias}.first_price_cents`)} - ${sql.ref(`${alias}.step_cents`)} *
    floor(greatest(0, extract(epoch from (${now}::timestamptz - ${sql.ref(`${alias}.listed_at`)}))) / ${sql.ref(`${alias}.interval_seconds`)})::bigint)`;

type Candidate =
  | { kind: 'buy_order'; id: string; customerId: string; maxCents: bigint; createdAt: Date }
  | { kind: 'standing_order'; id: string; customerId: string; maxCents: bigint; createdAt: Date };

const byPriority = (a: Candidate, b: Candidate) =>
  a.maxCents !== b.maxCents ? (a.maxCents > b.maxCents ? -1 : 1) : a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Refusals that end one order's chance at this listing but not the listing's other orders. */
const REFUSALS = new Set(['insufficient_funds', 'cap_reached', 'already_purchased', 'sold_out']);

export type FillDeps = BillingDeps;

/** Fills one listing from its orders until it sells out or no eligible order is left; returns the sales. */
export async function fillListing(deps: FillDeps, listingId: string): Promise<number> {
  const tried = new Set<string>();
  let sales = 0;
  for (;;) {
    // Set inside the transaction: the order this attempt is for, so a refusal can be pinned on it.
    const pick: { candidate: Candidate | null } = { candidate: null };
    let outcome: { sold: SaleResult; providerId: string } | 'done' | 'retry';
    try {
      outcome = await deps.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('marketplace_listings').selectAll().where('id', '=', listingId).where('status', '=', 'open').forUpdate().skipLocked().executeTakeFirst();
        const now = deps.clock.now();
        if (!row || new Date(row.expires_at) <= now) return 'done' as const;
        const listing = toListing(row);
        const price = priceAt(listing, now);
        const lead = await trx.selectFrom('leads').select(['zip', 'fields']).where('id', '=', listing.leadId).executeTakeFirstOrThrow();
        const [orders, standing] = await Promise.all([
          // A paused or archived customer's order waits (and is released when the listing ends).
          trx
            .selectFrom('buy_orders as b')
            .innerJoin('customers as c', 'c.id', 'b.customer_id')
            .select(['b.id', 'b.customer_id', 'b.max_price_cents', 'b.created_at'])
            .where('b.listing_id', '=', listing.id)
            .where('b.status', '=', 'open')
            .where('b.max_price_cents', '>=', price.toString())
            .where('c.status', '=', 'active')
            .execute(),
          trx
            .selectFrom('standing_orders as s')
            .innerJoin('customers as c', 'c.id', 's.customer_id')
            .select(['s.id', 's.customer_id', 's.max_price_cents', 's.created_at', 's.filters'])
            .where('s.provider_id', '=', listing.providerId)
            .where('s.lead_type_id', '=', listing.leadTypeId)
            .where('s.status', '=', 'open')
            .where('s.max_price_cents', '>=', price.toString())
            .where((eb) => eb.or([eb('s.expires_at', 'is', null), eb('s.expires_at', '>', now)]))
            .where('c.status', '=', 'active')
            .where(({ not, exists, selectFrom }) => not(exists(selectFrom('purchases as p').select('p.id').where('p.lead_id', '=', listing.leadId).whereRef('p.customer_id', '=', 's.customer_id'))))
            .execute(),
        ]);
        const matchable = { zip: lead.zip, fields: lead.fields as Record<string, unknown> };
        const candidates: Candidate[] = [
          ...orders.map((o): Candidate => ({ kind: 'buy_order', id: o.id, customerId: o.customer_id, maxCents: BigInt(o.max_price_cents), createdAt: new Date(o.created_at) })),
          ...standing
            .filter((s) => filtersMatch({ ...NO_FILTERS, ...(s.filters as Partial<BidFilters>) }, matchable))
            .map((s): Candidate => ({ kind: 'standing_order', id: s.id, customerId: s.customer_id, maxCents: BigInt(s.max_price_cents), createdAt: new Date(s.created_at) })),
        ].filter((c) => !tried.has(c.id));
        candidates.sort(byPriority);
        const top = candidates[0];
        if (!top) return 'done' as const;
        pick.candidate = top;
        const tenant = { providerId: listing.providerId, customerId: top.customerId };
        if (top.kind === 'buy_order') {
          // The order's row before the wallet, as cancel takes them: one lock order, no deadlock.
          const open = await trx.selectFrom('buy_orders').select('id').where('id', '=', top.id).where('status', '=', 'open').forUpdate().executeTakeFirst();
          if (!open) return 'retry' as const;
          const sold = await sell(trx, { listing, tenant, priceCents: price, source: 'buy_order', buyOrder: { id: top.id, maxPriceCents: top.maxCents }, at: now });
          return { sold, providerId: listing.providerId };
        }
        const counted = await trx
          .updateTable('standing_orders')
          .set({ filled: sql`filled + 1`, status: sql`CASE WHEN filled + 1 >= quantity THEN 'filled' ELSE status END` })
          .where('id', '=', top.id)
          .where('status', '=', 'open')
          .where('filled', '<', sql<number>`quantity`)
          .returning('id')
          .executeTakeFirst();
        if (!counted) return 'retry' as const;
        const sold = await sell(trx, { listing, tenant, priceCents: price, source: 'standing_order', standingOrderId: top.id, at: now });
        return { sold, providerId: listing.providerId };
      });
    } catch (error) {
      const failed = pick.candidate;
      if (!(error instanceof ApiError && REFUSALS.has(error.code)) || failed === null) throw error;
      tried.add(failed.id);
      // A listing order that cannot fill (e.g. a cap) gives its hold back now rather than waiting for the listing to end.
      if (failed.kind === 'buy_order') await releaseOrder(deps, failed.id);
      continue;
    }
    if (outcome === 'done') return sales;
    const filled = pick.candidate!;
    if (outcome === 'retry') {
      tried.add(filled.id);
      continue;
    }
    sales++;
    const { sold } = outcome;
    const tenant = { providerId: outcome.providerId, customerId: filled.customerId };
    publishSale(deps.events, tenant, sold, filled.kind === 'buy_order' ? { buy_order_id: filled.id } : { standing_order_id: filled.id });
    if (filled.kind === 'buy_order') deps.events.publish({ type: 'buy_order.updated', ...tenant, data: { buy_order_id: filled.id, status: 'filled' } });
    await afterDebit(deps, tenant);
    if (sold.listing.status !== 'open') return sales;
  }
}

/** Releases one open listing buy order (its hold back to available funds). */
async function releaseOrder(deps: FillDeps, buyOrderId: string): Promise<void> {
  const released = await deps.db.transaction().execute(async (trx) => {
    const order = await trx.selectFrom('buy_orders').select(['listing_id', 'provider_id']).where('id', '=', buyOrderId).where('status', '=', 'open').forUpdate().executeTakeFirst();
    if (!order) return null;
    return { providerId: order.provider_id, orders: await releaseOpenBuyOrders(trx, { id: order.listing_id, providerId: order.provider_id }, 'released', deps.clock.now(), false, buyOrderId) };
  });
  if (released) publishReleased(deps.events, released.providerId, released.orders);
}

export interface FillScope {
  providerId?: string;
  leadTypeId?: string;
}

/** A page of open listings some open order could fill at `now`, oldest first (a cheap pre-filter; fillListing decides). */
async function fillableListings(db: Db, now: Date, scope: FillScope, after: { listedAt: Date; id: string } | null, limit: number) {
  let query = db
    .selectFrom('marketplace_listings as l')
    .select(['l.id', 'l.listed_at'])
    .where('l.status', '=', 'open')
    .where('l.expires_at', '>', now)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('buy_orders as b').select('b.id').whereRef('b.listing_id', '=', 'l.id').where('b.status', '=', 'open').where('b.max_price_cents', '>=', priceSql('l', now))),
        eb.exists(
          eb
            .selectFrom('standing_orders as s')
            .select('s.id')
            .whereRef('s.provider_id', '=', 'l.provider_id')
            .whereRef('s.lead_type_id', '=', 'l.lead_type_id')
            .where('s.status', '=', 'open')
            .where('s.max_price_cents', '>=', priceSql('l', now))
            .where((w) => w.or([w('s.expires_at', 'is', null), w('s.expires_at', '>', now)])),
        ),
      ]),
    );
  if (scope.providerId) query = query.where('l.provider_id', '=', scope.providerId);
  if (scope.leadTypeId) query = query.where('l.lead_type_id', '=', scope.leadTypeId);
  if (after) query = query.where((eb) => eb(eb.refTuple('l.listed_at', 'l.id'), '>', eb.tuple(after.listedAt, after.id)));
  return query.orderBy('l.listed_at').orderBy('l.id').limit(limit).execute();
}

/**
 * Fills every listing the scope's orders could take now; returns the number of sales. Pages through all of them:
 * listings an order's filters keep unmatched must not hide newer ones.
 */
export async function fillScope(deps: FillDeps, scope: FillScope, pageSize = 200): Promise<number> {
  let sales = 0;
  let after: { listedAt: Date; id: string } | null = null;
  for (;;) {
    const rows = await fillableListings(deps.db, deps.clock.now(), scope, after, pageSize);
    for (const row of rows) sales += await fillListing(deps, row.id);
    if (rows.length < pageSize) return sales;
    const last = rows[rows.length - 1]!;
    after = { listedAt: new Date(last.listed_at), id: last.id };
  }
}

/**
 * Ends what is due at `now`: open listings past expiry (their buy orders expire with them, holds released) and
 * standing orders past theirs. SKIP LOCKED: another process may be on the same rows.
 */
export async function expireDue(deps: FillDeps, limit = 100): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db.selectFrom('marketplace_listings').select('id').where('status', '=', 'open').where('expires_at', '<=', now).orderBy('expires_at').limit(limit).execute();
  let ended = 0;
  for (const { id } of due) {
    const closed = await deps.db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('marketplace_listings').select('id').where('id', '=', id).where('status', '=', 'open').forUpdate().skipLocked().executeTakeFirst();
      return locked ? closeListing(trx, id, 'expired', now) : null;
    });
    if (!closed) continue;
    ended++;
    publishSold(deps.events, closed.listing);
    publishReleased(deps.events, closed.listing.providerId, closed.released);
  }
  await deps.db.updateTable('standing_orders').set({ status: 'expired' }).where('status', '=', 'open').where('expires_at', '<=', now).execute();
  return ended;
}
