import type { Db } from '../db/database.js';
import { ApiError } from '../errors.js';
import type { Tenant } from './ledger.js';

export type BiddingAccess = { state: 'open' } | { state: 'disabled' } | { state: 'locked'; minLifetimeDepositCents: bigint; lifetimeDepositsCents: bigint };

/** The provider's switch on customer bidding, and its minimum lifetime deposit (SPEC "Bids"). */
export async function readBiddingAccess(db: Db, tenant: Tenant): Promise<BiddingAccess> {
  const row = await db
    .selectFrom('customers')
    .innerJoin('providers', 'providers.id', 'customers.provider_id')
    .select(['providers.settings', 'customers.lifetime_deposits_cents'])
    .where('customers.id', '=', tenant.customerId)
    .where('customers.provider_id', '=', tenant.providerId)
    .executeTakeFirstOrThrow();
  if (row.settings.customer_bidding_enabled === false) return { state: 'disabled' };
  const minLifetimeDepositCents = BigInt(row.settings.min_lifetime_deposit_cents ?? 0);
  const lifetimeDepositsCents = BigInt(row.lifetime_deposits_cents);
  if (lifetimeDepositsCents < minLifetimeDepositCents) return { state: 'locked', minLifetimeDepositCents, lifetimeDepositsCents };
  return { state: 'open' };
}

const dollars = (cents: bigint) => `$${(Number(cents) / 100).toFixed(2)}`;

/** Bids are read-only unless bidding is open: 409 with a message the widget can show as is. */
export function assertBiddingOpen(access: BiddingAccess): void {
  if (access.state === 'disabled') throw new ApiError('bidding_disabled', 'Your provider has turned bidding off for your account; your bids are read-only');
  if (access.state === 'locked') {
    const missing = access.minLifetimeDepositCents - access.lifetimeDepositsCents;
    throw new ApiError(
      'bidding_locked',
      `Bidding unlocks after ${dollars(access.minLifetimeDepositCents)} in total deposits; add ${dollars(missing)} more to start bidding`,
    );
  }
}
