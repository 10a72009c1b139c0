import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { CUSTOMER_SUBJECT } from '../caps.js';
import { periodStart, type Period, type ZoneSchedule } from '../periods.js';
import type { Ranked } from './ranking.js';

interface CapState {
  bidId: string | null;
  metric: 'count' | 'spend';
  cap: bigint;
  count: bigint;
  spend: bigint;
}

/**
 * Which candidates' caps are already reached (D16 'capped'), read in one query for all candidate customers so
 * the auction does not open a purchase transaction only to have reserveCaps refuse it. A snapshot: reserveCaps
 * stays the authority inside the purchase.
 */
export async function cappedCheck(db: Db, providerId: string, candidates: Ranked[], at: Date): Promise<(candidate: Ranked) => boolean> {
  if (candidates.length === 0) return () => false;
  // Current period keys per zone (candidates share a handful): Temporal is the costly part of this check.
  const keys = new Map<string, string>();
  const currentKey = (zone: ZoneSchedule, period: Period) => {
    const key = `${zone.timezone}/${zone.previous?.timezone}/${zone.previous?.until.getTime()}/${period}`;
    return keys.get(key) ?? keys.set(key, periodStart(period, at, zone).toString()).get(key)!;
  };
  const zoneOf = new Map(candidates.map((c) => [c.customerId, c.zone]));
  // A week can start before its month does (Mon 30 Nov, for December): the earliest key of either bounds the read.
  const earliest = [...zoneOf.values()].flatMap((zone) => [currentKey(zone, 'month'), currentKey(zone, 'week')]).sort()[0]!;
  const rows = await db
    .selectFrom('caps')
    .leftJoin('cap_usage as u', (join) =>
      join
        .onRef('u.customer_id', '=', 'caps.customer_id')
        .on('u.subject', '=', sql<string>`coalesce(caps.bid_id, ${CUSTOMER_SUBJECT})`)
        .onRef('u.period', '=', 'caps.period')
        .on('u.period_start', '>=', earliest),
    )
    .select(['caps.customer_id', 'caps.bid_id', 'caps.period', 'caps.metric', 'caps.cap', sql<string | null>`u.period_start::text`.as('period_start'), 'u.lead_count', 'u.spend_cents'])
    .where('caps.provider_id', '=', providerId)
    .where('caps.customer_id', 'in', [...zoneOf.keys()])
    .execute();
  if (rows.length === 0) return () => false;

  // Each cap with this period's usage: rows of earlier periods (or none) count as nothing used.
  const caps = new Map<string, CapState>();
  for (const row of rows) {
    const key = `${row.customer_id}/${row.bid_id}/${row.period}/${row.metric}`;
    const current = row.period_start !== null && row.period_start === currentKey(zoneOf.get(row.customer_id)!, row.period);
    if (caps.has(key) && !current) continue;
    caps.set(key, { bidId: row.bid_id, metric: row.metric, cap: BigInt(row.cap), count: current ? BigInt(row.lead_count!) : 0n, spend: current ? BigInt(row.spend_cents!) : 0n });
  }
  const capsOf = new Map<string, CapState[]>();
  for (const [key, cap] of caps) {
    const customerId = key.slice(0, key.indexOf('/'));
    capsOf.set(customerId, [...(capsOf.get(customerId) ?? []), cap]);
  }

  return (candidate) =>
    (capsOf.get(candidate.customerId) ?? []).some((cap) => {
      if (cap.bidId !== null && cap.bidId !== candidate.bid.id) return false;
      return cap.metric === 'count' ? cap.count + 1n > cap.cap : cap.spend + candidate.priceCents > cap.cap;
    });
}
