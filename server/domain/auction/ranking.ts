import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ProviderSettings } from '../../db/schema.js';
import { DEFAULT_RETURN_RATE_WINDOW_DAYS } from '../badge.js';
import { localDate } from '../local-time.js';
import { zoneAt } from '../periods.js';
import { bpsOf, ratioBps } from '../money.js';
import { tierFor, type TierRange } from '../tiers.js';
import type { Candidate } from './candidates.js';

export interface Ranked extends Candidate {
  /** What the bid competes with: its amount less any tier penalty (D12). */
  rankingCents: bigint;
  /** What the winner pays: its amount less any tier discount (D12). */
  priceCents: bigint;
}

/** Return rates (bps) of the candidate customers over the provider's window, each in its own local days, in one query. */
async function returnRates(db: Db, candidates: Candidate[], windowDays: number, now: Date): Promise<Map<string, number>> {
  // One window start per zone in effect, not one Temporal conversion per candidate bid.
  const startIn = new Map<string, string>();
  const windowStart = (timezone: string) =>
    startIn.get(timezone) ?? startIn.set(timezone, localDate(now, timezone).subtract({ days: windowDays - 1 }).toString()).get(timezone)!;
  const since = new Map(candidates.map((c) => [c.customerId, windowStart(zoneAt(c.zone, now))]));
  if (since.size === 0) return new Map();
  const windows = sql.join([...since].map(([customerId, day]) => sql`(${customerId}::text, ${day}::date)`));
  const { rows } = await sql<{ customer_id: string; purchased: string; returned: string }>`
    SELECT s.customer_id, sum(s.purchased_cents)::text AS purchased, sum(s.returned_cents)::text AS returned
    FROM customer_daily_sums s JOIN (VALUES ${windows}) AS w(customer_id, since) ON w.customer_id = s.customer_id AND s.day >= w.since
    GROUP BY s.customer_id`.execute(db);
  return new Map(rows.map((row) => [row.customer_id, ratioBps(BigInt(row.returned), BigInt(row.purchased))]));
}

/**
 * Tier-adjusted ranking amounts and prices (SPEC "Customer badge"), highest first, ties to the earliest bid.
 * Rates are only read when the provider's tiers are on, since nothing else in the auction depends on them.
 */
export async function rank(db: Db, providerId: string, settings: ProviderSettings, candidates: Candidate[], now: Date): Promise<Ranked[]> {
  let tiers: TierRange[] = [];
  let rates = new Map<string, number>();
  if (settings.return_tiers_enabled && candidates.length > 0) {
    tiers = await db.selectFrom('return_tiers').select(['lower_bps', 'upper_bps', 'effect_kind', 'effect_bps']).where('provider_id', '=', providerId).orderBy('position').execute();
    rates = await returnRates(db, candidates, settings.return_rate_window_days ?? DEFAULT_RETURN_RATE_WINDOW_DAYS, now);
  }
  const ranked = candidates.map((candidate): Ranked => {
    const amount = candidate.bid.amountCents;
    const rate = rates.get(candidate.customerId) ?? 0;
    const tier = tierFor(tiers, rate);
    const penaltyBps = tier?.effect_kind === 'penalty' ? tier.effect_bps : tier?.effect_kind === 'match_return_rate' ? rate : 0;
    const discountBps = tier?.effect_kind === 'discount' ? tier.effect_bps : 0;
    return { ...candidate, rankingCents: amount - bpsOf(amount, penaltyBps), priceCents: amount - bpsOf(amount, discountBps) };
  });
  return ranked.sort(
    (a, b) =>
      (a.rankingCents === b.rankingCents ? 0 : a.rankingCents > b.rankingCents ? -1 : 1) ||
      a.bid.createdAt.getTime() - b.bid.createdAt.getTime() ||
      (a.bid.id < b.bid.id ? -1 : 1),
  );
}
