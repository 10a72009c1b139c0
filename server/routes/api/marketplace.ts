import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.js';
import { buyNow } from '../../domain/marketplace/buy-now.js';
import { buyerViews } from '../../domain/marketplace/listings.js';
import {
  cancelBuyOrder, cancelStandingOrder, createStandingOrder, findBuyOrder, findStandingOrder, listBuyOrders, listStandingOrders, placeBuyOrder,
  standingOrderFills, type BuyOrder, type StandingOrder,
} from '../../domain/marketplace/orders.js';
import type { SaleResult } from '../../domain/marketplace/sale.js';
import { toJsonCents } from '../../domain/money.js';
import { notFound } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { idempotent, sha256Of, type IdempotencyKey } from '../../lib/idempotency.js';
import { decodeTimeCursor, page } from '../../lib/pagination.js';
import { newRouter } from '../router.js';
import {
  BuyOrder as BuyOrderReply, BuyOrderList, BuyOrderQuery, IdempotencyHeader, IdParam, ListingQuery, MarketplaceListingList, MarketplaceListingReply, MarketplacePurchase,
  NewBuyOrder, NewStandingOrder, StandingOrder as StandingOrderReply, StandingOrderDetail, StandingOrderList, StandingOrderQuery,
} from './marketplace.schemas.js';
import { bearerSecurity, ErrorBody, errorResponses, json } from './schemas.js';

const tags = ['Marketplace'];

const list = createRoute({
  method: 'get', path: '/marketplace/listings', tags, security: bearerSecurity,
  summary: 'Open listings of the provider, newest first: location, lead type, age, prices and preview fields only (D20)',
  request: { query: ListingQuery },
  responses: { 200: json(MarketplaceListingList, 'A page of listings'), 400: errorResponses[400], 401: errorResponses[401] },
});
const read = createRoute({
  method: 'get', path: '/marketplace/listings/{id}', tags, security: bearerSecurity, summary: 'One listing (also once sold, expired or withdrawn)',
  request: { params: IdParam },
  responses: { 200: json(MarketplaceListingReply, 'The listing'), 401: errorResponses[401], 404: errorResponses[404] },
});
const buy = createRoute({
  method: 'post', path: '/marketplace/listings/{id}/buy', tags, security: bearerSecurity,
  summary: 'Buy now at the current price (needs an Idempotency-Key: a retry answers with the first result)',
  description: 'The price is computed on the server when the purchase commits. The lead then appears in GET /leads with source `marketplace`.',
  request: { params: IdParam, headers: IdempotencyHeader },
  responses: {
    201: json(MarketplacePurchase, 'The purchase and the wallet after it'),
    ...errorResponses,
    409: json(ErrorBody, 'sold_out, listing_expired, already_purchased, insufficient_funds, cap_reached, account_paused, account_archived, marketplace_disabled, or the Idempotency-Key was used for another request'),
  },
});

const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const orderErrors = { ...errorResponses, 409: json(ErrorBody, 'listing_expired, sold_out, already_purchased, insufficient_funds, account_paused, account_archived, marketplace_disabled, an open order already exists, or the order is closed') };

const placeBuyOrderRoute = createRoute({
  method: 'post', path: '/marketplace/listings/{id}/buy-orders', tags, security: bearerSecurity,
  summary: 'Buy when the price reaches X: X is held from available funds until the order fills, is canceled, or the listing ends (needs an Idempotency-Key)',
  description: 'The highest order fills as soon as price(t) <= X (ties: the earliest), at price(t); the rest of the hold is released. An order at or above the current price fills at once.',
  request: { params: IdParam, headers: IdempotencyHeader, ...jsonBody(NewBuyOrder) },
  responses: { 201: json(BuyOrderReply, 'The order (already `filled` when X covered the current price)'), ...orderErrors },
});
const listBuyOrdersRoute = createRoute({
  method: 'get', path: '/marketplace/buy-orders', tags, security: bearerSecurity, summary: 'The customer’s listing buy orders, newest first',
  request: { query: BuyOrderQuery },
  responses: { 200: json(BuyOrderList, 'A page of buy orders'), 400: errorResponses[400], 401: errorResponses[401] },
});
const cancelBuyOrderRoute = createRoute({
  method: 'post', path: '/marketplace/buy-orders/{id}/cancel', tags, security: bearerSecurity, summary: 'Cancel an open buy order: its hold is released (the same reply again for a repeated call)',
  request: { params: IdParam },
  responses: { 200: json(BuyOrderReply, 'The canceled order'), ...orderErrors },
});
const listStandingRoute = createRoute({
  method: 'get', path: '/marketplace/standing-orders', tags, security: bearerSecurity, summary: 'The customer’s standing orders, newest first',
  request: { query: StandingOrderQuery },
  responses: { 200: json(StandingOrderList, 'A page of standing orders'), 400: errorResponses[400], 401: errorResponses[401] },
});
const createStandingRoute = createRoute({
  method: 'post', path: '/marketplace/standing-orders', tags, security: bearerSecurity,
  summary: 'Up to N leads of a type matching filters at <= max price, bought automatically as listings reach it (holds nothing; checked against available funds at each fill)',
  request: jsonBody(NewStandingOrder),
  responses: { 201: json(StandingOrderReply, 'The order, after filling from the listings open now'), ...orderErrors },
});
const readStandingRoute = createRoute({
  method: 'get', path: '/marketplace/standing-orders/{id}', tags, security: bearerSecurity, summary: 'A standing order with the leads it bought',
  request: { params: IdParam },
  responses: { 200: json(StandingOrderDetail, 'The order and its fills'), 401: errorResponses[401], 404: errorResponses[404] },
});
const cancelStandingRoute = createRoute({
  method: 'post', path: '/marketplace/standing-orders/{id}/cancel', tags, security: bearerSecurity, summary: 'Cancel a standing order (leads it bought stay bought)',
  request: { params: IdParam },
  responses: { 200: json(StandingOrderReply, 'The canceled order'), ...orderErrors },
});

type Purchase = z.infer<typeof MarketplacePurchase>;
type BuyOrderJson = z.infer<typeof BuyOrderReply>;

const buyOrderJson = (o: BuyOrder): BuyOrderJson => ({
  id: o.id,
  listing_id: o.listingId,
  max_price_cents: toJsonCents(o.maxPriceCents),
  status: o.status,
  created_at: o.createdAt.toISOString(),
  closed_at: o.closedAt?.toISOString() ?? null,
  purchase: o.purchase ? { id: o.purchase.id, lead_id: o.purchase.leadId, price_cents: toJsonCents(o.purchase.priceCents) } : null,
});

const standingJson = (o: StandingOrder) => ({
  id: o.id,
  lead_type_id: o.leadTypeId,
  filters: o.filters,
  max_price_cents: toJsonCents(o.maxPriceCents),
  quantity: o.quantity,
  filled: o.filled,
  status: o.status,
  expires_at: o.expiresAt?.toISOString() ?? null,
  created_at: o.createdAt.toISOString(),
});

const purchaseJson = (sale: SaleResult): Purchase => ({
  purchase_id: sale.purchaseId,
  lead_id: sale.leadId,
  listing_id: sale.listingId,
  price_cents: toJsonCents(sale.priceCents),
  balance_cents: toJsonCents(sale.balanceAfterCents),
  available_cents: toJsonCents(sale.availableAfterCents),
});

/** The buyer: provider and customer from the verified token, never from the request (DESIGN). */
export const buyerOf = (c: Context<AppEnv>) => {
  const { providerId, customer } = c.get('scope');
  return { providerId, customerId: customer.id, status: customer.status };
};

export const marketplaceRoutes = (deps: Deps) => {
  const { db, clock } = deps;
  return newRouter()
    .openapi(list, async (c) => {
      const { providerId } = c.get('scope');
      const { lead_type_id, state, cursor, limit } = c.req.valid('query');
      const after = decodeTimeCursor(cursor);
      const now = clock.now();
      const { settings } = await db.selectFrom('providers').select('settings').where('id', '=', providerId).executeTakeFirstOrThrow();
      if (settings.marketplace_enabled !== true) return c.json({ enabled: false, server_time: now.toISOString(), items: [], next_cursor: null }, 200);
      const views = await buyerViews(db, providerId, null, now, { openOnly: true, leadTypeId: lead_type_id, state, after, limit: limit + 1 });
      const { items, next_cursor } = page(views, limit, (v) => [v.listed_at, v.id]);
      return c.json({ enabled: true, server_time: now.toISOString(), items, next_cursor }, 200);
    })
    .openapi(read, async (c) => {
      const now = clock.now();
      const [view] = await buyerViews(db, c.get('scope').providerId, [c.req.valid('param').id], now);
      if (!view) throw notFound('Listing');
      return c.json({ listing: view, server_time: now.toISOString() }, 200);
    })
    .openapi(buy, async (c) => {
      const buyer = buyerOf(c);
      const listingId = c.req.valid('param').id;
      const key: IdempotencyKey = { providerId: buyer.providerId, scope: `marketplace.buy:${buyer.customerId}`, key: c.req.valid('header')['idempotency-key'], requestSha256: sha256Of({ listingId }) };
      const purchase = await idempotent(
        db,
        key,
        async (remember) => purchaseJson(await buyNow(deps, buyer, listingId, (trx, result) => remember(trx, purchaseJson(result)))),
        (stored) => stored as Purchase,
      );
      return c.json(purchase, 201);
    })
    .openapi(placeBuyOrderRoute, async (c) => {
      const buyer = buyerOf(c);
      const listingId = c.req.valid('param').id;
      const body = c.req.valid('json');
      const key: IdempotencyKey = { providerId: buyer.providerId, scope: `marketplace.buy_order:${buyer.customerId}`, key: c.req.valid('header')['idempotency-key'], requestSha256: sha256Of({ listingId, ...body }) };
      const order = await idempotent(
        db,
        key,
        async (remember) => buyOrderJson(await placeBuyOrder(deps, buyer, listingId, BigInt(body.max_price_cents), (trx, placed) => remember(trx, buyOrderJson(placed)))),
        // A replay shows the order as it is now (it may have filled since).
        async (stored) => buyOrderJson(await findBuyOrder(db, buyer, (stored as BuyOrderJson).id)),
      );
      return c.json(order, 201);
    })
    .openapi(listBuyOrdersRoute, async (c) => {
      const { status, cursor, limit } = c.req.valid('query');
      const orders = await listBuyOrders(db, buyerOf(c), { status, after: decodeTimeCursor(cursor), limit });
      const { items, next_cursor } = page(orders, limit, (o) => [o.createdAt.toISOString(), o.id]);
      return c.json({ items: items.map(buyOrderJson), next_cursor }, 200);
    })
    .openapi(cancelBuyOrderRoute, async (c) => c.json(buyOrderJson(await cancelBuyOrder(deps, buyerOf(c), c.req.valid('param').id)), 200))
    .openapi(listStandingRoute, async (c) => {
      const { status, cursor, limit } = c.req.valid('query');
      const orders = await listStandingOrders(db, buyerOf(c), { status, after: decodeTimeCursor(cursor), limit });
      const { items, next_cursor } = page(orders, limit, (o) => [o.createdAt.toISOString(), o.id]);
      return c.json({ items: items.map(standingJson), next_cursor }, 200);
    })
    .openapi(createStandingRoute, async (c) => {
      const body = c.req.valid('json');
      const order = await createStandingOrder(deps, buyerOf(c), {
        leadTypeId: body.lead_type_id,
        filters: body.filters,
        maxPriceCents: BigInt(body.max_price_cents),
        quantity: body.quantity,
        expiresAt: body.expires_at === null ? null : new Date(body.expires_at),
      }, c.get('scope').userId);
      return c.json(standingJson(order), 201);
    })
    .openapi(readStandingRoute, async (c) => {
      const buyer = buyerOf(c);
      const id = c.req.valid('param').id;
      const order = await findStandingOrder(db, buyer, id);
      const fills = await standingOrderFills(db, buyer, id);
      return c.json({
        ...standingJson(order),
        fills: fills.map((f) => ({ purchase_id: f.id, lead_id: f.lead_id, listing_id: f.listing_id!, price_cents: toJsonCents(f.price_cents), purchased_at: new Date(f.purchased_at).toISOString() })),
      }, 200);
    })
    .openapi(cancelStandingRoute, async (c) => c.json(standingJson(await cancelStandingOrder(deps, buyerOf(c), c.req.valid('param').id)), 200));
};
