import { z } from '@hono/zod-openapi';
import { pageQuery } from '../../lib/pagination.js';
import { BidFilters } from './bids.schemas.js';

/** Request and reply shapes of the buyer marketplace (SPEC "Marketplace", D19, D20). */

const Cents = z.number().int();

export const MarketplaceListing = z
  .object({
    id: z.string().openapi({ example: 'lst_01jd3m8v2qf1z5x9k7w4n6p0rt' }),
    lead_type: z.object({ id: z.string(), name: z.string() }),
    state: z.string().nullable(),
    county: z.object({ fips: z.string(), name: z.string().nullable() }).nullable(),
    lead_created_at: z.string(),
    age_seconds: z.number().int(),
    listed_at: z.string(),
    expires_at: z.string(),
    time_left_seconds: z.number().int(),
    first_price_cents: Cents,
    step_cents: Cents,
    interval_seconds: z.number().int(),
    floor_cents: Cents,
    price_cents: Cents.openapi({ description: 'price(t) at server_time: max(floor, first − step × ⌊(t − listed_at) / interval⌋)' }),
    next_price_cents: Cents.nullable(),
    next_price_at: z.string().nullable(),
    exclusive: z.boolean(),
    max_sales: z.number().int(),
    sold_count: z.number().int(),
    status: z.enum(['open', 'sold', 'expired', 'withdrawn']),
    preview: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).openapi({ description: 'Fields the provider flags preview; never names, email, phone or street (D20)' }),
  })
  .openapi('MarketplaceListing');

export const MarketplaceListingList = z
  .object({
    enabled: z.boolean().openapi({ description: 'false: the provider has the marketplace off (no items)' }),
    server_time: z.string().openapi({ description: 'Compute prices from this and each listing’s terms' }),
    items: z.array(MarketplaceListing),
    next_cursor: z.string().nullable(),
  })
  .openapi('MarketplaceListingList');

export const MarketplaceListingReply = z.object({ listing: MarketplaceListing, server_time: z.string() }).openapi('MarketplaceListingReply');

export const ListingQuery = z.object({
  lead_type_id: z.string().min(1).max(100).optional(),
  state: z.string().regex(/^[A-Za-z]{2}$/, 'Use a US state code such as TX').transform((s) => s.toUpperCase()).optional(),
  ...pageQuery.shape,
});

export const IdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });

export const IdempotencyHeader = z.object({ 'idempotency-key': z.string().min(1).max(200).openapi({ description: 'One per purchase attempt: a retry with the same key answers with the first result' }) });

export const MarketplacePurchase = z
  .object({
    purchase_id: z.string(),
    lead_id: z.string(),
    listing_id: z.string(),
    price_cents: Cents,
    balance_cents: Cents,
    available_cents: Cents,
  })
  .openapi('MarketplacePurchase');

export const NewBuyOrder = z.strictObject({ max_price_cents: z.number().int('Use whole cents').positive('Offer more than 0').max(Number.MAX_SAFE_INTEGER) }).openapi('NewBuyOrder');

export const BuyOrder = z
  .object({
    id: z.string(),
    listing_id: z.string(),
    max_price_cents: Cents.openapi({ description: 'Held from available funds while the order is open (D11)' }),
    status: z.enum(['open', 'filled', 'canceled', 'released', 'expired']),
    created_at: z.string(),
    closed_at: z.string().nullable(),
    purchase: z.object({ id: z.string(), lead_id: z.string(), price_cents: Cents }).nullable(),
  })
  .openapi('BuyOrder');

export const BuyOrderList = z.object({ items: z.array(BuyOrder), next_cursor: z.string().nullable() }).openapi('BuyOrderList');

export const BuyOrderQuery = z.object({ status: z.enum(['open', 'filled', 'canceled', 'released', 'expired']).optional(), ...pageQuery.shape });

export const NewStandingOrder = z
  .strictObject({
    lead_type_id: z.string().min(1).max(100),
    filters: BidFilters.default({ zips: [], radius: null, rules: [] }),
    max_price_cents: z.number().int('Use whole cents').positive('Offer more than 0').max(Number.MAX_SAFE_INTEGER),
    quantity: z.number().int().min(1).max(10_000),
    expires_at: z.iso.datetime({ offset: true }).nullable().default(null),
  })
  .openapi('NewStandingOrder');

export const StandingOrder = z
  .object({
    id: z.string(),
    lead_type_id: z.string(),
    filters: BidFilters,
    max_price_cents: Cents,
    quantity: z.number().int(),
    filled: z.number().int(),
    status: z.enum(['open', 'filled', 'canceled', 'expired']),
    expires_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('StandingOrder');

export const StandingOrderDetail = StandingOrder.extend({
  fills: z.array(z.object({ purchase_id: z.string(), lead_id: z.string(), listing_id: z.string(), price_cents: Cents, purchased_at: z.string() })),
}).openapi('StandingOrderDetail');

export const StandingOrderList = z.object({ items: z.array(StandingOrder), next_cursor: z.string().nullable() }).openapi('StandingOrderList');

export const StandingOrderQuery = z.object({ status: z.enum(['open', 'filled', 'canceled', 'expired']).optional(), ...pageQuery.shape });
