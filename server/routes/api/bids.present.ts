import { countyName } from '../../domain/geo/counties.js';
import type { Db } from '../../db/database.js';
import type { CustomerStatus } from '../../db/schema.js';
import { competingState, positionsOf, type CompetingContext } from '../../domain/bid-standing.js';
import type { Bid } from '../../domain/bid-types.js';
import { bidActivity, type BidActivity } from '../../domain/bid-activity.js';
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

/** Bid replies with position, competing state (D15, D16) and today's wins and spend. */
export async function presentBids(db: Db, tenant: Tenant, bids: Bid[], ctx: CompetingContext) {
  const ids = bids.map((b) => b.id);
  const [positions, activity] = await Promise.all([positionsOf(db, tenant.providerId, ids), bidActivity(db, tenant, ids, ctx.now)]);
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
      today: { wins: activity.get(bid.id)!.day.wins, spend_cents: toJsonCents(activity.get(bid.id)!.day.spendCents) },
      created_at: bid.createdAt.toISOString(),
      updated_at: bid.updatedAt.toISOString(),
    };
  });
}

/** One bid's activity reply: each period's wins, spend and losses by reason. */
export function presentActivity(bidId: string, timezone: string, activity: BidActivity, now: Date) {
  const period = (p: BidActivity['day']) => ({ wins: p.wins, spend_cents: toJsonCents(p.spendCents), losses: p.losses });
  return { bid_id: bidId, timezone, day: period(activity.day), week: period(activity.week), month: period(activity.month), server_time: now.toISOString() };
}
