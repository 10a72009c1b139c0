import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.js';
import { buyNow } from '../../domain/marketplace/buy-now.js';
import { buyerViews } from '../../domain/marketplace/listings.js';
import type { SaleResult } from '../../domain/marketplace/sale.js';
import { toJsonCents } from '../../domain/money.js';
import { ApiError, notFound } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { sha256Of, storedReply, storeReply, type IdempotencyKey } from '../../lib/idempotency.js';
import { decodeCursor, page } from '../../lib/pagination.js';
import { newRouter } from '../router.js';
import { IdempotencyHeader, IdParam, ListingQuery, MarketplaceListingList, MarketplaceListingReply, MarketplacePurchase } from './marketplace.schemas.js';
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

type Purchase = z.infer<typeof MarketplacePurchase>;

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
      const after = decodeCursor(cursor, 2) as [string, string] | null;
      if (after && Number.isNaN(Date.parse(after[0]))) throw new ApiError('invalid_request', 'Invalid cursor', { cursor: 'Not a cursor this API issued' });
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
      const replay = await storedReply(db, key);
      if (replay) return c.json(replay.body as Purchase, 201);
      try {
        const sale = await buyNow(deps, buyer, listingId, (trx, result) => storeReply(trx, key, { status: 201, body: purchaseJson(result) }));
        return c.json(purchaseJson(sale), 201);
      } catch (error) {
        // The same key's first request committed meanwhile: answer with its reply.
        const winner = await storedReply(db, key);
        if (winner) return c.json(winner.body as Purchase, 201);
        throw error;
      }
    });
};
