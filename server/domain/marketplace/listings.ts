import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database, LeadField, ProviderSettings } from '../../db/schema.js';
import { ApiError, notFound } from '../../errors.js';
import type { EventBus } from '../../lib/events.js';
import { newId } from '../../lib/ids.js';
import { countyName } from '../geo/counties.js';
import { toJsonCents } from '../money.js';
import { publishReleased, releaseOpenBuyOrders, type ReleasedOrder } from './holds.js';
import { nextDrop, priceAt, type PriceTerms } from './pricing.js';

/** Listing terms as the provider sets them (D19). */
export interface ListingTerms {
  firstPriceCents: bigint;
  stepCents: bigint;
  intervalSeconds: number;
  floorCents: bigint;
  expiresAt: Date;
  /** 1 for an exclusive listing. */
  maxSales: number;
}

export type ListingStatus = 'open' | 'sold' | 'expired' | 'withdrawn';

export interface Listing extends PriceTerms {
  id: string;
  providerId: string;
  leadId: string;
  leadTypeId: string;
  exclusive: boolean;
  maxSales: number;
  soldCount: number;
  status: ListingStatus;
}

type Reader = Db | Transaction<Database>;

export const toListing = (row: {
  id: string; provider_id: string; lead_id: string; lead_type_id: string; first_price_cents: string; step_cents: string; interval_seconds: number;
  floor_cents: string; listed_at: Date; expires_at: Date; exclusive: boolean; max_sales: number; sold_count: number; status: ListingStatus;
}): Listing => ({
  id: row.id,
  providerId: row.provider_id,
  leadId: row.lead_id,
  leadTypeId: row.lead_type_id,
  firstPriceCents: BigInt(row.first_price_cents),
  stepCents: BigInt(row.step_cents),
  intervalSeconds: row.interval_seconds,
  floorCents: BigInt(row.floor_cents),
  listedAt: new Date(row.listed_at),
  expiresAt: new Date(row.expires_at),
  exclusive: row.exclusive,
  maxSales: row.max_sales,
  soldCount: row.sold_count,
  status: row.status,
});

/** The product's listing terms when the provider set none ($25 falling $2.50 every 15 minutes to $5, for 24 h: SPEC). */
const DEFAULTS = { first_price_cents: 2_500, step_cents: 250, interval_seconds: 900, floor_cents: 500, duration_seconds: 86_400 };

/** The terms the auction lists an unsold lead with, from the provider's `marketplace_defaults`. */
export function listingDefaults(settings: ProviderSettings, maxSales: number, at: Date): ListingTerms {
  const d = { ...DEFAULTS, ...settings.marketplace_defaults };
  return {
    firstPriceCents: BigInt(d.first_price_cents),
    stepCents: BigInt(d.step_cents),
    intervalSeconds: d.interval_seconds,
    floorCents: BigInt(d.floor_cents),
    expiresAt: new Date(at.getTime() + d.duration_seconds * 1000),
    maxSales,
  };
}

/** Why terms cannot make a listing, by field, or null (the table's checks, said in words). */
export function termsProblems(terms: ListingTerms, at: Date): Record<string, string> | null {
  const fields: Record<string, string> = {};
  if (terms.floorCents > terms.firstPriceCents) fields.floor_cents = 'The floor must be at most the first price';
  if (terms.expiresAt <= at) fields.expires_at = 'Must be in the future';
  return Object.keys(fields).length ? fields : null;
}

/**
 * Inserts a listing in the caller's transaction and marks its lead listed. The lead sells `maxSales` more times:
 * its own sale count stays the one truth of how often it sold (auction and marketplace alike).
 */
export async function insertListing(trx: Transaction<Database>, lead: { id: string; providerId: string; leadTypeId: string }, terms: ListingTerms, at: Date): Promise<Listing> {
  const row = await trx
    .insertInto('marketplace_listings')
    .values({
      id: newId('lst'),
      provider_id: lead.providerId,
      lead_id: lead.id,
      lead_type_id: lead.leadTypeId,
      first_price_cents: terms.firstPriceCents,
      step_cents: terms.stepCents,
      interval_seconds: terms.intervalSeconds,
      floor_cents: terms.floorCents,
      listed_at: at,
      expires_at: terms.expiresAt,
      exclusive: terms.maxSales === 1,
      max_sales: terms.maxSales,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx.updateTable('leads').set({ status: 'listed', max_sales: sql`sold_count + ${terms.maxSales}` }).where('id', '=', lead.id).execute();
  return toListing(row);
}

export interface ListRequest {
  /** The provider's lead id or its external id. */
  lead: string;
  terms: ListingTerms;
  /** false when the expiry came from the defaults (now + duration): a repeat then matches whatever expiry it got. */
  expiryGiven: boolean;
}

/**
 * The provider lists one of its leads (D10 `POST /provider/v1/listings`). Idempotent per lead: while the lead has
 * an open listing with the same terms, a repeat answers with it (`created: false`); other terms are a 409.
 * The lead's row lock serialises concurrent repeats; the partial unique index backs it up.
 */
export async function listLead(deps: { db: Db; events: EventBus }, providerId: string, request: ListRequest, at: Date, audit: (trx: Transaction<Database>, listing: Listing) => Promise<void>): Promise<{ listing: Listing; created: boolean }> {
  const problems = termsProblems(request.terms, at);
  if (problems) throw new ApiError('invalid_request', 'Some fields are invalid', problems);
  const result = await deps.db.transaction().execute(async (trx) => {
    const lead = await trx
      .selectFrom('leads')
      .select(['id', 'lead_type_id', 'status', 'sold_count', 'max_sales'])
      .where('provider_id', '=', providerId)
      .where((eb) => eb.or([eb('id', '=', request.lead), eb('external_id', '=', request.lead)]))
      .forUpdate()
      .executeTakeFirst();
    if (!lead) throw notFound('Lead');
    const open = await trx.selectFrom('marketplace_listings').selectAll().where('lead_id', '=', lead.id).where('status', '=', 'open').executeTakeFirst();
    if (open) {
      const listing = toListing(open);
      if (sameTerms(listing, request.terms, request.expiryGiven)) return { listing, created: false };
      throw new ApiError('already_listed', 'This lead already has an open listing with other terms; withdraw it first');
    }
    if (lead.status === 'new') throw new ApiError('lead_in_progress', 'This lead’s auction is still running; list it once it ends');
    if (lead.status === 'assigned' && lead.sold_count >= lead.max_sales) throw new ApiError('sold_out', 'This lead has been sold as many times as it may be');
    const listing = await insertListing(trx, { id: lead.id, providerId, leadTypeId: lead.lead_type_id }, request.terms, at);
    await audit(trx, listing);
    return { listing, created: true };
  });
  if (result.created) await publishListed(deps, result.listing);
  return result;
}

const sameTerms = (l: Listing, t: ListingTerms, expiryGiven: boolean) =>
  l.firstPriceCents === t.firstPriceCents && l.stepCents === t.stepCents && l.intervalSeconds === t.intervalSeconds && l.floorCents === t.floorCents &&
  (!expiryGiven || l.expiresAt.getTime() === t.expiresAt.getTime()) && l.maxSales === t.maxSales;

/** Provider-wide (every customer's stream): only what a tile may show (D20). */
export async function publishListed(deps: { db: Db; events: EventBus }, listing: Listing): Promise<void> {
  const [view] = await buyerViews(deps.db, listing.providerId, [listing.id], listing.listedAt);
  if (view) deps.events.publish({ type: 'marketplace.listed', providerId: listing.providerId, data: view });
}

export function publishSold(events: EventBus, listing: Pick<Listing, 'id' | 'providerId' | 'soldCount' | 'maxSales' | 'status'>): void {
  events.publish({ type: 'marketplace.sold', providerId: listing.providerId, data: { listing_id: listing.id, sold_count: listing.soldCount, max_sales: listing.maxSales, status: listing.status } });
}

/**
 * Ends an open listing (withdrawn by the provider, or expired): releases every open buy order's hold and sets its
 * lead back to `unsold` (withdrawn, none sold), `expired` (none sold) or `assigned`. In the caller's transaction;
 * returns the customers whose wallets moved. Null when the listing was not open.
 */
export async function closeListing(trx: Transaction<Database>, listingId: string, status: 'withdrawn' | 'expired', at: Date): Promise<{ listing: Listing; released: ReleasedOrder[] } | null> {
  const row = await trx.updateTable('marketplace_listings').set({ status }).where('id', '=', listingId).where('status', '=', 'open').returningAll().executeTakeFirst();
  if (!row) return null;
  const listing = toListing(row);
  await trx
    .updateTable('leads')
    .set({ status: sql`CASE WHEN sold_count > 0 THEN 'assigned' ELSE ${status === 'withdrawn' ? 'unsold' : 'expired'} END` })
    .where('id', '=', listing.leadId)
    .execute();
  const released = await releaseOpenBuyOrders(trx, listing, status === 'expired' ? 'expired' : 'released', at);
  return { listing, released };
}

/** The provider withdraws an open listing; withdrawing it again answers the same; a sold or expired one is a 409. */
export async function withdrawListing(deps: { db: Db; events: EventBus }, providerId: string, listingId: string, at: Date, audit: (trx: Transaction<Database>) => Promise<void>): Promise<Listing> {
  const { listing, released } = await deps.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('marketplace_listings').selectAll().where('id', '=', listingId).where('provider_id', '=', providerId).forUpdate().executeTakeFirst();
    if (!current) throw notFound('Listing');
    if (current.status === 'withdrawn') return { listing: toListing(current), released: [] as ReleasedOrder[] };
    if (current.status !== 'open') throw new ApiError('conflict', `This listing is already ${current.status}`);
    const closed = (await closeListing(trx, listingId, 'withdrawn', at))!;
    await audit(trx);
    return closed;
  });
  if (listing.status === 'withdrawn') publishSold(deps.events, listing);
  publishReleased(deps.events, providerId, released);
  return listing;
}

/** Contact details never shown before purchase, whatever the provider flags (D20). */
const NEVER_PREVIEWED = new Set(['first_name', 'last_name', 'name', 'full_name', 'email', 'phone', 'address', 'street', 'address1', 'address2']);

/** The fields a tile may show: deliverable, flagged preview, and not contact details (D20). */
export const previewFields = (fields: LeadField[]): LeadField[] => fields.filter((f) => f.deliverable && f.preview && !NEVER_PREVIEWED.has(f.key));

/** What a buyer sees of a listing before buying it (SPEC "Marketplace", D19, D20). */
export interface BuyerListingView {
  [key: string]: unknown;
  id: string;
  lead_type: { id: string; name: string };
  state: string | null;
  county: { fips: string; name: string | null } | null;
  lead_created_at: string;
  age_seconds: number;
  listed_at: string;
  expires_at: string;
  time_left_seconds: number;
  first_price_cents: number;
  step_cents: number;
  interval_seconds: number;
  floor_cents: number;
  price_cents: number;
  next_price_cents: number | null;
  next_price_at: string | null;
  exclusive: boolean;
  max_sales: number;
  sold_count: number;
  status: ListingStatus;
  preview: Record<string, string | number | boolean | null>;
}

export interface BuyerListingFilter {
  leadTypeId?: string;
  state?: string;
  /** Keyset: the last item's listed_at (ISO) and id. */
  after?: readonly [string, string] | null;
  limit?: number;
  openOnly?: boolean;
}

/** Listings with their lead's location and preview values, newest first, scoped to the provider. */
export async function buyerViews(db: Reader, providerId: string, ids: string[] | null, now: Date, filter: BuyerListingFilter = {}): Promise<BuyerListingView[]> {
  let query = db
    .selectFrom('marketplace_listings as l')
    .innerJoin('leads', 'leads.id', 'l.lead_id')
    .innerJoin('lead_types as t', 't.id', 'l.lead_type_id')
    .innerJoin('lead_categories as c', 'c.id', 't.category_id')
    .selectAll('l')
    .select(['leads.state', 'leads.county_fips', 'leads.fields', 'leads.created_at as lead_created_at', 't.name as lead_type_name', 'c.fields as category_fields'])
    .where('l.provider_id', '=', providerId);
  if (ids) query = query.where('l.id', 'in', ids.length ? ids : ['']);
  if (filter.openOnly) query = query.where('l.status', '=', 'open').where('l.expires_at', '>', now);
  if (filter.leadTypeId) query = query.where('l.lead_type_id', '=', filter.leadTypeId);
  if (filter.state) query = query.where('leads.state', '=', filter.state);
  if (filter.after) {
    const [listedAt, id] = filter.after;
    query = query.where((eb) => eb(eb.refTuple('l.listed_at', 'l.id'), '<', eb.tuple(new Date(listedAt), id)));
  }
  const rows = await query.orderBy('l.listed_at', 'desc').orderBy('l.id', 'desc').limit(filter.limit ?? 200).execute();
  return rows.map((row) => {
    const listing = toListing(row);
    const drop = nextDrop(listing, now);
    const stored = row.fields as Record<string, unknown>;
    const preview: BuyerListingView['preview'] = {};
    for (const field of previewFields(row.category_fields)) {
      const value = stored[field.key];
      preview[field.key] = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
    }
    const createdAt = new Date(row.lead_created_at);
    return {
      id: listing.id,
      lead_type: { id: listing.leadTypeId, name: row.lead_type_name },
      state: row.state,
      county: row.county_fips ? { fips: row.county_fips, name: countyName(row.county_fips) } : null,
      lead_created_at: createdAt.toISOString(),
      age_seconds: Math.max(0, Math.floor((now.getTime() - createdAt.getTime()) / 1000)),
      listed_at: listing.listedAt.toISOString(),
      expires_at: listing.expiresAt.toISOString(),
      time_left_seconds: Math.max(0, Math.floor((listing.expiresAt.getTime() - now.getTime()) / 1000)),
      first_price_cents: toJsonCents(listing.firstPriceCents),
      step_cents: toJsonCents(listing.stepCents),
      interval_seconds: listing.intervalSeconds,
      floor_cents: toJsonCents(listing.floorCents),
      price_cents: toJsonCents(priceAt(listing, now)),
      next_price_cents: drop ? toJsonCents(drop.priceCents) : null,
      next_price_at: drop ? drop.at.toISOString() : null,
      exclusive: listing.exclusive,
      max_sales: listing.maxSales,
      sold_count: listing.soldCount,
      status: listing.status,
      preview,
    };
  });
}
