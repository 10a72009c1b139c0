import type { Transaction } from 'kysely';
import type { CustomerStatus, Database } from '../../db/schema.js';
import { ApiError, notFound } from '../../errors.js';
import { afterDebit } from '../billing/auto-recharge.js';
import type { BillingDeps } from '../billing/rules.js';
import type { Tenant } from '../ledger.js';
import type { ZoneSchedule } from '../periods.js';
import { toListing, type Listing } from './listings.js';
import { priceAt } from './pricing.js';
import { publishSale, sell, type SaleResult } from './sale.js';

/** Paused and archived customers buy nothing (SPEC "Actors", issue 5). */
export function assertCanBuy(status: CustomerStatus): void {
  if (status === 'paused') throw new ApiError('account_paused', 'This account is paused; contact your provider to buy leads');
  if (status === 'archived') throw new ApiError('account_archived', 'This account is archived; contact your provider');
}

export async function assertMarketplaceOn(db: BillingDeps['db'], providerId: string): Promise<void> {
  const { settings } = await db.selectFrom('providers').select('settings').where('id', '=', providerId).executeTakeFirstOrThrow();
  if (settings.marketplace_enabled !== true) throw new ApiError('marketplace_disabled', 'The marketplace is not available');
}

/** What a purchase needs to know about the listing and the buyer, read with the listing's row lock in one query. */
export interface LockedListing {
  listing: Listing;
  /** The buyer already owns this lead (a shared lead sells once per customer). */
  bought: boolean;
  zone: ZoneSchedule;
}

/**
 * The listing under its row lock, with the buyer's zone and whether it already bought the lead; refused unless
 * the provider's marketplace is on and the listing can still sell at `at`.
 */
export async function lockOpenListing(trx: Transaction<Database>, buyer: Tenant, listingId: string, at: Date): Promise<LockedListing> {
  const row = await trx
    .selectFrom('marketplace_listings as l')
    .innerJoin('providers as pr', 'pr.id', 'l.provider_id')
    .innerJoin('customers as c', (join) => join.onRef('c.provider_id', '=', 'l.provider_id').on('c.id', '=', buyer.customerId))
    .selectAll('l')
    .select((eb) => [
      'pr.settings',
      'c.timezone',
      'c.timezone_previous',
      'c.timezone_changed_at',
      eb.exists(eb.selectFrom('purchases as p').select('p.id').whereRef('p.lead_id', '=', 'l.lead_id').where('p.customer_id', '=', buyer.customerId)).as('bought'),
    ])
    .where('l.id', '=', listingId)
    .where('l.provider_id', '=', buyer.providerId)
    .forUpdate('l')
    .executeTakeFirst();
  if (!row) throw notFound('Listing');
  if (row.settings.marketplace_enabled !== true) throw new ApiError('marketplace_disabled', 'The marketplace is not available');
  const listing = toListing(row);
  if (listing.status === 'sold') throw new ApiError('sold_out', 'This lead has already been sold');
  if (listing.status === 'withdrawn') throw new ApiError('listing_expired', 'This listing was withdrawn');
  if (listing.status === 'expired' || listing.expiresAt <= at) throw new ApiError('listing_expired', 'This listing has expired');
  const zone = { timezone: row.timezone, previous: row.timezone_previous && row.timezone_changed_at ? { timezone: row.timezone_previous, until: new Date(row.timezone_changed_at) } : null };
  return { listing, bought: Boolean(row.bought), zone };
}

/**
 * Buy now at price(t) on the server's clock (SPEC "Marketplace"). The listing's row lock makes concurrent buyers
 * queue: an exclusive listing sells once and the rest get `sold_out`. `within` runs in the same transaction (the
 * route stores its idempotent reply there).
 */
export async function buyNow(
  deps: BillingDeps,
  buyer: Tenant & { status: CustomerStatus },
  listingId: string,
  within: (trx: Transaction<Database>, result: SaleResult) => Promise<void>,
): Promise<SaleResult> {
  assertCanBuy(buyer.status);
  const at = deps.clock.now();
  const tenant = { providerId: buyer.providerId, customerId: buyer.customerId };
  const result = await deps.db.transaction().execute(async (trx) => {
    const { listing, bought, zone } = await lockOpenListing(trx, tenant, listingId, at);
    const sold = await sell(trx, { listing, tenant, priceCents: priceAt(listing, at), source: 'marketplace', at, bought, zone });
    await within(trx, sold);
    return sold;
  });
  publishSale(deps.events, tenant, result);
  await afterDebit(deps, tenant);
  return result;
}
