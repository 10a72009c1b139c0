import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import type { CustomerStatus, Database } from '../../db/schema.js';
import { ApiError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { NO_FILTERS, type BidFilters } from '../bid-types.js';
import { zipCentroid } from '../geo/zips.js';
import { afterDebit } from '../billing/auto-recharge.js';
import { postToLedger, type Tenant } from '../ledger.js';
import { toJsonCents } from '../money.js';
import { assertCanBuy, assertMarketplaceOn, lockOpenListing } from './buy-now.js';
import { fillListing, fillScope, type FillDeps } from './fill.js';

/** D19 (a): a buy order on one listing, holding X until it fills, is canceled, or the listing ends. */
export interface BuyOrder {
  id: string;
  listingId: string;
  maxPriceCents: bigint;
  status: 'open' | 'filled' | 'canceled' | 'released' | 'expired';
  createdAt: Date;
  closedAt: Date | null;
  purchase: { id: string; leadId: string; priceCents: bigint } | null;
}

type Reader = Db | Transaction<Database>;

function buyOrdersQuery(db: Reader, tenant: Tenant) {
  return db
    .selectFrom('buy_orders as o')
    .leftJoin('purchases as p', 'p.buy_order_id', 'o.id')
    .select(['o.id', 'o.listing_id', 'o.max_price_cents', 'o.status', 'o.created_at', 'o.closed_at', 'p.id as purchase_id', 'p.lead_id', 'p.price_cents'])
    .where('o.customer_id', '=', tenant.customerId)
    .where('o.provider_id', '=', tenant.providerId);
}

const toBuyOrder = (r: Awaited<ReturnType<ReturnType<typeof buyOrdersQuery>['executeTakeFirstOrThrow']>>): BuyOrder => ({
  id: r.id,
  listingId: r.listing_id,
  maxPriceCents: BigInt(r.max_price_cents),
  status: r.status,
  createdAt: new Date(r.created_at),
  closedAt: r.closed_at ? new Date(r.closed_at) : null,
  purchase: r.purchase_id ? { id: r.purchase_id, leadId: r.lead_id!, priceCents: BigInt(r.price_cents!) } : null,
});

export async function findBuyOrder(db: Reader, tenant: Tenant, id: string): Promise<BuyOrder> {
  const row = await buyOrdersQuery(db, tenant).where('o.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Buy order');
  return toBuyOrder(row);
}

export async function listBuyOrders(db: Db, tenant: Tenant, options: { status?: BuyOrder['status']; after: readonly [string, string] | null; limit: number }): Promise<BuyOrder[]> {
  let query = buyOrdersQuery(db, tenant);
  if (options.status) query = query.where('o.status', '=', options.status);
  if (options.after) {
    const [at, id] = options.after;
    query = query.where((eb) => eb(eb.refTuple('o.created_at', 'o.id'), '<', eb.tuple(new Date(at), id)));
  }
  return (await query.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(options.limit + 1).execute()).map(toBuyOrder);
}

const walletEvent = (deps: FillDeps, tenant: Tenant, posted: { balanceAfterCents: bigint; heldAfterCents: bigint }) =>
  deps.events.publish({ type: 'wallet.updated', ...tenant, data: { balance_cents: toJsonCents(posted.balanceAfterCents), available_cents: toJsonCents(posted.balanceAfterCents - posted.heldAfterCents) } });

/**
 * Places a buy order: "buy when the price reaches X". X is held from available funds (D11) in the same
 * transaction, under the listing's lock; an order at or above the current price fills at once, at price(t).
 * X below the floor would never fill: refused. One open order per customer and listing.
 */
export async function placeBuyOrder(
  deps: FillDeps,
  buyer: Tenant & { status: CustomerStatus },
  listingId: string,
  maxPriceCents: bigint,
  within: (trx: Transaction<Database>, order: BuyOrder) => Promise<void>,
): Promise<BuyOrder> {
  assertCanBuy(buyer.status);
  const at = deps.clock.now();
  const tenant = { providerId: buyer.providerId, customerId: buyer.customerId };
  const { order, posted } = await deps.db.transaction().execute(async (trx) => {
    const { listing, bought } = await lockOpenListing(trx, tenant, listingId, at);
    if (maxPriceCents < listing.floorCents) {
      throw new ApiError('invalid_request', 'Some fields are invalid', { max_price_cents: `The price never falls below ${toJsonCents(listing.floorCents)} cents` });
    }
    if (bought) throw new ApiError('already_purchased', 'You already bought this lead');
    const open = await trx.selectFrom('buy_orders').select('id').where('listing_id', '=', listingId).where('customer_id', '=', buyer.customerId).where('status', '=', 'open').executeTakeFirst();
    if (open) throw new ApiError('conflict', 'You already have an open buy order on this listing; cancel it to place another');
    const id = newId('bo');
    await trx.insertInto('buy_orders').values({ id, provider_id: buyer.providerId, customer_id: buyer.customerId, listing_id: listingId, max_price_cents: maxPriceCents, created_at: at }).execute();
    const posted = await postToLedger(trx, tenant, { kind: 'buy_order_placed', amountCents: 0n, holdDeltaCents: maxPriceCents, description: `Buy order on listing ${listingId}`, buyOrderId: id, at });
    const order = await findBuyOrder(trx, tenant, id);
    await within(trx, order);
    return { order, posted };
  });
  deps.events.publish({ type: 'buy_order.updated', ...tenant, data: { buy_order_id: order.id, status: order.status } });
  walletEvent(deps, tenant, posted);
  // D11: a hold lowers available funds, so it may start an auto-recharge like a debit.
  await afterDebit(deps, tenant);
  // D19: fills are checked when an order is created.
  await fillListing(deps, listingId);
  return findBuyOrder(deps.db, tenant, order.id);
}

/** Cancels an open buy order and releases its hold; canceling it again answers the same; a closed one is a 409. */
export async function cancelBuyOrder(deps: FillDeps, tenant: Tenant, id: string): Promise<BuyOrder> {
  const at = deps.clock.now();
  const result = await deps.db.transaction().execute(async (trx) => {
    const order = await trx.selectFrom('buy_orders').select(['status', 'max_price_cents']).where('id', '=', id).where('customer_id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId).forUpdate().executeTakeFirst();
    if (!order) throw notFound('Buy order');
    if (order.status === 'canceled') return null;
    if (order.status !== 'open') throw new ApiError('conflict', `This buy order is already ${order.status}`);
    await trx.updateTable('buy_orders').set({ status: 'canceled', closed_at: at }).where('id', '=', id).execute();
    return postToLedger(trx, tenant, { kind: 'buy_order_canceled', amountCents: 0n, holdDeltaCents: -BigInt(order.max_price_cents), description: 'Buy order canceled', buyOrderId: id, at });
  });
  if (result) {
    deps.events.publish({ type: 'buy_order.updated', ...tenant, data: { buy_order_id: id, status: 'canceled' } });
    walletEvent(deps, tenant, result);
  }
  return findBuyOrder(deps.db, tenant, id);
}

/** D19 (b): up to `quantity` leads of one type matching filters at <= max; holds nothing. */
export interface StandingOrder {
  id: string;
  leadTypeId: string;
  filters: BidFilters;
  maxPriceCents: bigint;
  quantity: number;
  filled: number;
  status: 'open' | 'filled' | 'canceled' | 'expired';
  expiresAt: Date | null;
  createdAt: Date;
}

export interface StandingOrderDraft {
  leadTypeId: string;
  filters: BidFilters;
  maxPriceCents: bigint;
  quantity: number;
  expiresAt: Date | null;
}

const toStandingOrder = (r: { id: string; lead_type_id: string; filters: unknown; max_price_cents: string; quantity: number; filled: number; status: StandingOrder['status']; expires_at: Date | null; created_at: Date }): StandingOrder => ({
  id: r.id,
  leadTypeId: r.lead_type_id,
  filters: { ...NO_FILTERS, ...(r.filters as Partial<BidFilters>) },
  maxPriceCents: BigInt(r.max_price_cents),
  quantity: r.quantity,
  filled: r.filled,
  status: r.status,
  expiresAt: r.expires_at ? new Date(r.expires_at) : null,
  createdAt: new Date(r.created_at),
});

const standingQuery = (db: Reader, tenant: Tenant) =>
  db.selectFrom('standing_orders').selectAll().where('customer_id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId);

/** The bids' filter checks (ZIPs known, rules on the lead type's deliverable fields), for standing orders. */
async function validateStandingOrder(db: Db, providerId: string, draft: StandingOrderDraft, at: Date): Promise<void> {
  const fields: Record<string, string> = {};
  const type = await db
    .selectFrom('lead_types')
    .innerJoin('lead_categories', 'lead_categories.id', 'lead_types.category_id')
    .select('lead_categories.fields')
    .where('lead_types.provider_id', '=', providerId)
    .where('lead_types.id', '=', draft.leadTypeId)
    .where('lead_types.active', '=', true)
    .executeTakeFirst();
  if (!type) fields.lead_type_id = 'No active lead type with this id';
  draft.filters.zips.forEach((zip, i) => {
    if (!zipCentroid(zip)) fields[`filters.zips.${i}`] = `Unknown ZIP ${zip}`;
  });
  if (draft.filters.radius && !zipCentroid(draft.filters.radius.zip)) fields['filters.radius.zip'] = `Unknown ZIP ${draft.filters.radius.zip}`;
  const deliverable = type?.fields.filter((f) => f.deliverable) ?? [];
  if (type) {
    draft.filters.rules.forEach((rule, i) => {
      const field = deliverable.find((f) => f.key === rule.field);
      // A rule on a field the buyer never sees would leak it (D20).
      if (!field) fields[`filters.rules.${i}.field`] = `This lead type has no field "${rule.field}"`;
      else if (rule.op === 'range' && field.type !== 'number') fields[`filters.rules.${i}.op`] = 'Range rules need a number field';
    });
  }
  if (draft.expiresAt && draft.expiresAt <= at) fields.expires_at = 'Must be in the future';
  if (Object.keys(fields).length) throw new ApiError('invalid_request', 'Some fields are invalid', fields);
}

/** Creates a standing order and fills it at once from the open listings it matches (D19). */
export async function createStandingOrder(deps: FillDeps, buyer: Tenant & { status: CustomerStatus }, draft: StandingOrderDraft, actorUserId: string): Promise<StandingOrder> {
  assertCanBuy(buyer.status);
  await assertMarketplaceOn(deps.db, buyer.providerId);
  const at = deps.clock.now();
  await validateStandingOrder(deps.db, buyer.providerId, draft, at);
  const tenant = { providerId: buyer.providerId, customerId: buyer.customerId };
  const id = newId('so');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('standing_orders')
      .values({ id, provider_id: buyer.providerId, customer_id: buyer.customerId, lead_type_id: draft.leadTypeId, filters: JSON.stringify(draft.filters), max_price_cents: draft.maxPriceCents, quantity: draft.quantity, expires_at: draft.expiresAt, created_at: at })
      .execute();
    await trx
      .insertInto('audit_log')
      .values({ provider_id: buyer.providerId, customer_id: buyer.customerId, actor_kind: 'user', actor_id: actorUserId, action: 'standing_order.created', subject_type: 'standing_order', subject_id: id, details: JSON.stringify({ max_price_cents: draft.maxPriceCents.toString(), quantity: draft.quantity }) })
      .execute();
  });
  await fillScope(deps, { providerId: buyer.providerId, leadTypeId: draft.leadTypeId });
  return findStandingOrder(deps.db, tenant, id);
}

export async function findStandingOrder(db: Reader, tenant: Tenant, id: string): Promise<StandingOrder> {
  const row = await standingQuery(db, tenant).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Standing order');
  return toStandingOrder(row);
}

/** What a standing order bought, oldest first. */
export async function standingOrderFills(db: Db, tenant: Tenant, id: string) {
  return db
    .selectFrom('purchases')
    .select(['id', 'lead_id', 'listing_id', 'price_cents', 'purchased_at'])
    .where('customer_id', '=', tenant.customerId)
    .where('standing_order_id', '=', id)
    .orderBy('purchased_at')
    .orderBy('id')
    .execute();
}

export async function listStandingOrders(db: Db, tenant: Tenant, options: { status?: StandingOrder['status']; after: readonly [string, string] | null; limit: number }): Promise<StandingOrder[]> {
  let query = standingQuery(db, tenant);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.after) {
    const [at, id] = options.after;
    query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(new Date(at), id)));
  }
  return (await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit + 1).execute()).map(toStandingOrder);
}

/** Cancels an open standing order (leads it bought stay bought); again: the same answer; a closed one is a 409. */
export async function cancelStandingOrder(deps: FillDeps, tenant: Tenant, id: string): Promise<StandingOrder> {
  const current = await findStandingOrder(deps.db, tenant, id);
  if (current.status === 'canceled') return current;
  const row = await deps.db.updateTable('standing_orders').set({ status: 'canceled' }).where('id', '=', id).where('customer_id', '=', tenant.customerId).where('status', '=', 'open').returningAll().executeTakeFirst();
  if (!row) throw new ApiError('conflict', `This standing order is already ${(await findStandingOrder(deps.db, tenant, id)).status}`);
  return toStandingOrder(row);
}
