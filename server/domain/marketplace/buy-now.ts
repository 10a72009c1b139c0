import type { Transaction } from 'kysely';
import type { CustomerStatus, Database } from '../../db/schema.js';
import { ApiError, notFound } from '../../errors.js';
import { afterDebit } from '../billing/auto-recharge.js';
import type { BillingDeps } from '../billing/rules.js';
import type { Tenant } from '../ledger.js';
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

/** The listing under its row lock, refused unless it can still sell at `at`. */
export async function lockOpenListing(trx: Transaction<Database>, providerId: string, listingId: string, at: Date): Promise<Listing> {
  const row = await trx.selectFrom('marketplace_listings').selectAll().where('id', '=', listingId).where('provider_id', '=', providerId).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Listing');
  const listing = toListing(row);
  if (listing.status === 'sold') throw new ApiError('sold_out', 'This lead has already been sold');
  if (listing.status === 'withdrawn') throw new ApiError('listing_expired', 'This listing was withdrawn');
  if (listing.status === 'expired' || listing.expiresAt <= at) throw new ApiError('listing_expired', 'This listing has expired');
  return listing;
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
  await assertMarketplaceOn(deps.db, buyer.providerId);
  const at = deps.clock.now();
  const tenant = { providerId: buyer.providerId, customerId: buyer.customerId };
  const result = await deps.db.transaction().execute(async (trx) => {
    const listing = await lockOpenListing(trx, buyer.providerId, listingId, at);
    const sold = await sell(trx, { listing, tenant, priceCents: priceAt(listing, at), source: 'marketplace', at });
    await within(trx, sold);
    return sold;
  });
  publishSale(deps.events, tenant, result);
  await afterDebit(deps, tenant);
  return result;
}
