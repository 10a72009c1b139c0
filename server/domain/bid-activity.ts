import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Outcome } from './auction/outcomes.js';
import { customerTimezone } from './caps.js';
import type { Tenant } from './ledger.js';
import { PERIODS, periodBounds, periodStart, type Period } from './periods.js';

/** D16 loss reasons, as the auction records them (D17). */
export type LossReason = Exclude<Outcome, 'won'>;
export const LOSS_REASONS: readonly LossReason[] = ['outbid', 'capped', 'wallet', 'filters', 'schedule', 'paused'];

export interface PeriodActivity {
  wins: number;
  spendCents: bigint;
  losses: Record<LossReason, number>;
}

export type BidActivity = Record<Period, PeriodActivity>;

const empty = (): BidActivity =>
  Object.fromEntries(PERIODS.map((p) => [p, { wins: 0, spendCents: 0n, losses: Object.fromEntries(LOSS_REASONS.map((r) => [r, 0])) }])) as BidActivity;

/**
 * Wins and spend (from purchases: what was paid, returns included) and losses by reason (from the D17 counters)
 * of each bid, for this day, week and month in the customer's zone. `bidIds` must be the tenant's own bids.
 */
export async function bidActivity(db: Db, tenant: Tenant, bidIds: string[], now: Date): Promise<Map<string, BidActivity>> {
  const activity = new Map(bidIds.map((id) => [id, empty()]));
  if (bidIds.length === 0) return activity;
  const zone = await customerTimezone(db, tenant);
  const starts = Object.fromEntries(PERIODS.map((p) => [p, periodBounds(p, now, zone).start])) as Record<Period, Date>;
  const days = Object.fromEntries(PERIODS.map((p) => [p, periodStart(p, now, zone).toString()])) as Record<Period, string>;
  const earliest = [starts.week, starts.month].sort((a, b) => a.getTime() - b.getTime())[0]!;
  const earliestDay = [days.week, days.month].sort()[0]!;

  const [sales, counters] = await Promise.all([
    db
      .selectFrom('purchases')
      .select('bid_id')
      .select(
        PERIODS.flatMap((p) => [
          sql<string>`count(*) FILTER (WHERE purchased_at >= ${starts[p]})`.as(`${p}_wins`),
          sql<string>`coalesce(sum(price_cents) FILTER (WHERE purchased_at >= ${starts[p]}), 0)`.as(`${p}_spend`),
        ]),
      )
      .where('provider_id', '=', tenant.providerId)
      .where('customer_id', '=', tenant.customerId)
      .where('bid_id', 'in', bidIds)
      .where('purchased_at', '>=', earliest)
      .groupBy('bid_id')
      .execute(),
    db
      .selectFrom('bid_outcome_counters')
      .select(['bid_id', sql<string>`day::text`.as('day'), 'reason', 'count'])
      .where('bid_id', 'in', bidIds)
      .where('day', '>=', earliestDay)
      .where('reason', '<>', 'won')
      .execute(),
  ]);

  for (const row of sales as unknown as Record<string, string>[]) {
    const bid = activity.get(row.bid_id!)!;
    for (const p of PERIODS) {
      bid[p].wins = Number(row[`${p}_wins`]);
      bid[p].spendCents = BigInt(row[`${p}_spend`]!);
    }
  }
  for (const row of counters) {
    const bid = activity.get(row.bid_id)!;
    for (const p of PERIODS) if (row.day >= days[p]) bid[p].losses[row.reason as LossReason] += Number(row.count);
  }
  return activity;
}
