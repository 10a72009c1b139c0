import { countyName } from '../../domain/geo/counties.js';
import type { Db } from '../../db/database.js';
import type { CustomerStatus } from '../../db/schema.js';
import { competingState, positionsOf, type CompetingContext } from '../../domain/bid-standing.js';
import type { Bid } from '../../domain/bid-types.js';
import { readBiddingAccess } from '../../domain/bidding-access.js';
import type { Tenant } from '../../domain/ledger.js';
import { toJsonCents } from '../../domain/money.js';
import { readWallet } from '../../domain/wallet.js';
import type { Clock } from '../../lib/clock.js';

export async function competingContext(db: Db, tenant: Tenant, customerStatus: CustomerStatus, clock: Clock): Promise<CompetingContext> {
  // The wallet read already knows which active bids are capped (D14); only active bids can be capped-not-competing.
  const [wallet, bidding] = await Promise.all([readWallet(db, tenant, clock), readBiddingAccess(db, tenant)]);
  return { customerStatus, bidding, availableCents: wallet.availableCents, now: clock.now(), cappedBidIds: new Set(wallet.caps.cappedBidIds) };
}

/** Bid replies with position and competing state (D15, D16). */
export async function presentBids(db: Db, tenant: Tenant, bids: Bid[], ctx: CompetingContext) {
  const positions = await positionsOf(db, tenant.providerId, bids.map((b) => b.id));
  return bids.map((bid) => {
    const { competing, reason } = competingState(bid, ctx);
    return {
      id: bid.id,
      name: bid.name,
      lead_type_id: bid.leadTypeId,
      amount_cents: toJsonCents(bid.amountCents),
      scope: { kind: bid.scope.kind, state: bid.scope.state, county_fips: bid.scope.countyFips, county_name: bid.scope.countyFips && countyName(bid.scope.countyFips) },
      filters: bid.filters,
      schedule: bid.schedule,
      status: bid.status,
      position: positions.get(bid.id) ?? 1,
      competing,
      not_competing_reason: reason,
      created_at: bid.createdAt.toISOString(),
      updated_at: bid.updatedAt.toISOString(),
    };
  });
}
