import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { assertMarketplaceOn } from '../../domain/marketplace/buy-now.js';
import { listingDefaults, listLead, toListing, withdrawListing, type Listing } from '../../domain/marketplace/listings.js';
import { priceAt } from '../../domain/marketplace/pricing.js';
import { toJsonCents } from '../../domain/money.js';
import { decodeTimeCursor, page, pageQuery } from '../../lib/pagination.js';
import { newRouter } from '../router.js';
import { auditProviderChange } from './audit.js';
import { apiKeySecurity, Cents, json, PositiveCents, providerErrors } from './schemas.js';

const tags = ['Provider'];

const NewListing = z
  .strictObject({
    lead_id: z.string().min(1).max(200).openapi({ description: 'The lead’s id or your external id for it', example: 'demo-1001' }),
    first_price_cents: PositiveCents.optional(),
    step_cents: Cents.optional().openapi({ description: 'How much the price falls each interval (0: a fixed price)' }),
    interval_seconds: z.number().int().min(1).max(86_400 * 30).optional(),
    floor_cents: PositiveCents.optional().openapi({ description: 'The price stops falling here; at most first_price_cents' }),
    expires_at: z.iso.datetime({ offset: true }).optional().openapi({ description: 'When the listing ends; default: now + your default duration' }),
    exclusive: z.boolean().default(true).openapi({ description: 'Sold once (default), or up to max_sales times to different buyers' }),
    max_sales: z.number().int().min(2).max(20).optional().openapi({ description: 'Shared listings only: how many buyers may buy it' }),
  })
  .superRefine((v, ctx) => {
    if (v.exclusive && v.max_sales !== undefined) ctx.addIssue({ code: 'custom', path: ['max_sales'], message: 'Only a shared listing (exclusive: false) has max_sales' });
    if (!v.exclusive && v.max_sales === undefined) ctx.addIssue({ code: 'custom', path: ['max_sales'], message: 'Give a shared listing its max_sales (2 or more)' });
  })
  .openapi('NewListing', { description: 'Terms you leave out come from your settings’ marketplace_defaults. A repeat for a lead already listed on the same terms answers with that listing (200).' });

const ProviderListing = z
  .object({
    id: z.string().openapi({ example: 'lst_01jd3m8v2qf1z5x9k7w4n6p0rt' }),
    lead_id: z.string(),
    lead_external_id: z.string(),
    lead_type_id: z.string(),
    first_price_cents: z.number().int(),
    step_cents: z.number().int(),
    interval_seconds: z.number().int(),
    floor_cents: z.number().int(),
    listed_at: z.string(),
    expires_at: z.string(),
    exclusive: z.boolean(),
    max_sales: z.number().int(),
    sold_count: z.number().int(),
    status: z.enum(['open', 'sold', 'expired', 'withdrawn']),
    price_cents: z.number().int().openapi({ description: 'The price at server_time' }),
    server_time: z.string(),
  })
  .openapi('ProviderListing');

const ListingIdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });

const create = createRoute({
  method: 'post', path: '/listings', tags, security: apiKeySecurity,
  summary: 'List one of your leads in the marketplace (a falling-price auction); idempotent per lead',
  request: { body: { required: true, content: { 'application/json': { schema: NewListing } } } },
  responses: {
    201: json(ProviderListing, 'The new listing'),
    200: json(ProviderListing, 'The lead was already listed on these terms'),
    400: providerErrors[400], 401: providerErrors[401], 404: providerErrors[404],
    409: json(providerErrors[409].content['application/json'].schema, 'marketplace_disabled, already_listed (other terms), lead_in_progress or sold_out'),
  },
});
const list = createRoute({
  method: 'get', path: '/listings', tags, security: apiKeySecurity, summary: 'Your listings, newest first',
  request: { query: z.object({ status: z.enum(['open', 'sold', 'expired', 'withdrawn']).optional(), ...pageQuery.shape }) },
  responses: { 200: json(z.object({ items: z.array(ProviderListing), next_cursor: z.string().nullable() }).openapi('ProviderListingList'), 'A page of listings'), 400: providerErrors[400], 401: providerErrors[401] },
});
const withdraw = createRoute({
  method: 'post', path: '/listings/{id}/withdraw', tags, security: apiKeySecurity,
  summary: 'Withdraw an open listing: buy orders on it are released (the same reply again for a repeated call)',
  request: { params: ListingIdParam },
  responses: { 200: json(ProviderListing, 'The withdrawn listing'), ...providerErrors },
});

export const listingRoutes = (deps: Deps) => {
  const { db, clock } = deps;
  const present = (listing: Listing, externalId: string) => {
    const now = clock.now();
    return {
      id: listing.id,
      lead_id: listing.leadId,
      lead_external_id: externalId,
      lead_type_id: listing.leadTypeId,
      first_price_cents: toJsonCents(listing.firstPriceCents),
      step_cents: toJsonCents(listing.stepCents),
      interval_seconds: listing.intervalSeconds,
      floor_cents: toJsonCents(listing.floorCents),
      listed_at: listing.listedAt.toISOString(),
      expires_at: listing.expiresAt.toISOString(),
      exclusive: listing.exclusive,
      max_sales: listing.maxSales,
      sold_count: listing.soldCount,
      status: listing.status,
      price_cents: toJsonCents(priceAt(listing, now)),
      server_time: now.toISOString(),
    };
  };
  const externalIdOf = async (leadId: string) => (await db.selectFrom('leads').select('external_id').where('id', '=', leadId).executeTakeFirstOrThrow()).external_id;

  return newRouter()
    .openapi(create, async (c) => {
      const scope = c.get('provider');
      const body = c.req.valid('json');
      await assertMarketplaceOn(db, scope.providerId);
      const { settings } = await db.selectFrom('providers').select('settings').where('id', '=', scope.providerId).executeTakeFirstOrThrow();
      const now = clock.now();
      const defaults = listingDefaults(settings, 1, now);
      const terms = {
        firstPriceCents: body.first_price_cents === undefined ? defaults.firstPriceCents : BigInt(body.first_price_cents),
        stepCents: body.step_cents === undefined ? defaults.stepCents : BigInt(body.step_cents),
        intervalSeconds: body.interval_seconds ?? defaults.intervalSeconds,
        floorCents: body.floor_cents === undefined ? defaults.floorCents : BigInt(body.floor_cents),
        expiresAt: body.expires_at === undefined ? defaults.expiresAt : new Date(body.expires_at),
        maxSales: body.exclusive ? 1 : body.max_sales!,
      };
      const { listing, created } = await listLead(deps, scope.providerId, { lead: body.lead_id, terms, expiryGiven: body.expires_at !== undefined }, now, (trx, l) =>
        auditProviderChange(trx, scope, { action: 'listing.created', subjectType: 'listing', subjectId: l.id, details: { lead_id: l.leadId } }),
      );
      const reply = present(listing, await externalIdOf(listing.leadId));
      return created ? c.json(reply, 201) : c.json(reply, 200);
    })
    .openapi(list, async (c) => {
      const { providerId } = c.get('provider');
      const { status, cursor, limit } = c.req.valid('query');
      const after = decodeTimeCursor(cursor);
      let query = db
        .selectFrom('marketplace_listings as l')
        .innerJoin('leads', 'leads.id', 'l.lead_id')
        .selectAll('l')
        .select('leads.external_id')
        .where('l.provider_id', '=', providerId);
      if (status) query = query.where('l.status', '=', status);
      if (after) query = query.where((eb) => eb.or([eb('l.listed_at', '<', new Date(after[0])), eb.and([eb('l.listed_at', '=', new Date(after[0])), eb('l.id', '<', after[1])])]));
      const rows = await query.orderBy('l.listed_at', 'desc').orderBy('l.id', 'desc').limit(limit + 1).execute();
      const { items, next_cursor } = page(rows, limit, (r) => [new Date(r.listed_at).toISOString(), r.id]);
      return c.json({ items: items.map((r) => present(toListing(r), r.external_id)), next_cursor }, 200);
    })
    .openapi(withdraw, async (c) => {
      const scope = c.get('provider');
      const id = c.req.valid('param').id;
      const listing = await withdrawListing(deps, scope.providerId, id, clock.now(), (trx) =>
        auditProviderChange(trx, scope, { action: 'listing.withdrawn', subjectType: 'listing', subjectId: id }),
      );
      return c.json(present(listing, await externalIdOf(listing.leadId)), 200);
    });
};
