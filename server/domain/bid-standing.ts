import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { CustomerStatus } from '../db/schema.js';
import type { Bid } from './bid-types.js';
import type { BiddingAccess } from './bidding-access.js';
import { isWithinSchedule } from './schedule.js';

export type NotCompetingReason = 'wallet' | 'schedule' | 'customer_paused' | 'customer_archived' | 'bidding_disabled' | 'paused' | 'archived' | 'capped';

export interface Competing {
  competing: boolean;
  reason: NotCompetingReason | null;
}

export interface CompetingContext {
  customerStatus: CustomerStatus;
  bidding: BiddingAccess;
  availableCents: bigint;
  now: Date;
  /** Bids whose own or customer cap is reached this period; the limits work supplies it (D14). */
  cappedBidIds: ReadonlySet<string>;
}

/**
 * Whether a bid competes now and, if not, the one reason (D16). The bid's and customer's own states come first
 * (the user set them), then the provider's switch, then what changes by itself: caps, schedule, funds.
 */
export function competingState(bid: Pick<Bid, 'id' | 'status' | 'amountCents' | 'schedule'>, ctx: CompetingContext): Competing {
  const reason = notCompetingReason(bid, ctx);
  return { competing: reason === null, reason };
}

function notCompetingReason(bid: Pick<Bid, 'id' | 'status' | 'amountCents' | 'schedule'>, ctx: CompetingContext): NotCompetingReason | null {
  if (bid.status !== 'active') return bid.status;
  if (ctx.customerStatus !== 'active') return ctx.customerStatus === 'paused' ? 'customer_paused' : 'customer_archived';
  // A locked customer (deposits below the provider's minimum) cannot bid either.
  if (ctx.bidding.state !== 'open') return 'bidding_disabled';
  if (ctx.cappedBidIds.has(bid.id)) return 'capped';
  if (!isWithinSchedule(bid.schedule, ctx.now)) return 'schedule';
  if (ctx.availableCents < bid.amountCents) return 'wallet';
  return null;
}

/**
 * Position (D15): 1 + the active bids of the same lead type, across all the provider's customers, whose scope
 * overlaps and whose amount is higher; equal amounts rank the earlier bid first. Raw amounts until the auction
 * brings tier-adjusted ranking. Returns bid id -> position.
 */
export async function positionsOf(db: Db, providerId: string, bidIds: string[]): Promise<Map<string, number>> {
  if (bidIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('bids as b')
    .select(['b.id'])
    .select((eb) =>
      eb
        .selectFrom('bids as o')
        .select((o) => o.fn.countAll<string>().as('n'))
        .whereRef('o.provider_id', '=', 'b.provider_id')
        .whereRef('o.lead_type_id', '=', 'b.lead_type_id')
        .whereRef('o.id', '<>', 'b.id')
        .where('o.status', '=', 'active')
        .where('o.deleted_at', 'is', null)
        .where(sql<boolean>`(o.amount_cents > b.amount_cents OR (o.amount_cents = b.amount_cents AND (o.created_at, o.id) < (b.created_at, b.id)))`)
        .where(
          sql<boolean>`(o.scope_kind = 'nationwide' OR b.scope_kind = 'nationwide' OR (o.scope_state = b.scope_state AND (o.scope_kind = 'state' OR b.scope_kind = 'state' OR o.scope_county_fips = b.scope_county_fips)))`,
        )
        .as('ahead'),
    )
    .where('b.provider_id', '=', providerId)
    .where('b.id', 'in', bidIds)
    .execute();
  return new Map(rows.map((r) => [r.id, 1 + Number(r.ahead ?? 0)]));
}
