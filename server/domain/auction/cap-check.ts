import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { CUSTOMER_SUBJECT } from '../caps.js';
import { periodStart } from '../periods.js';
import type { Ranked } from './ranking.js';

/**
 * Which candidates' caps are already reached (D16 'capped'), read in two queries for all candidate customers so
 * the auction does not open a purchase transaction only to have reserveCaps refuse it. A snapshot: reserveCaps
 * stays the authority inside the purchase.
 */
export async function cappedCheck(db: Db, providerId: string, candidates: Ranked[], at: Date): Promise<(candidate: Ranked) => boolean> {
  const customerIds = [...new Set(candidates.map((c) => c.customerId))];
  if (customerIds.length === 0) return () => false;
  const caps = await db
    .selectFrom('caps')
    .select(['customer_id', 'bid_id', 'period', 'metric', 'cap'])
    .where('provider_id', '=', providerId)
    .where('customer_id', 'in', customerIds)
    .execute();
  if (caps.length === 0) return () => false;

  const zoneOf = new Map(candidates.map((c) => [c.customerId, c.zone]));
  const cappedCustomers = [...new Set(caps.map((cap) => cap.customer_id))];
  const earliest = cappedCustomers.map((id) => periodStart('month', at, zoneOf.get(id)!).toString()).sort()[0]!;
  const usageRows = await db
    .selectFrom('cap_usage')
    .select(['customer_id', 'subject', 'period', sql<string>`period_start::text`.as('period_start'), 'lead_count', 'spend_cents'])
    .where('customer_id', 'in', cappedCustomers)
    .where('period_start', '>=', earliest)
    .execute();
  // Only the rows of each customer's current periods count.
  const usage = new Map<string, { count: bigint; spend: bigint }>();
  for (const row of usageRows) {
    if (row.period_start !== periodStart(row.period, at, zoneOf.get(row.customer_id)!).toString()) continue;
    usage.set(`${row.customer_id}/${row.subject}/${row.period}`, { count: BigInt(row.lead_count), spend: BigInt(row.spend_cents) });
  }

  return (candidate) =>
    caps.some((cap) => {
      if (cap.customer_id !== candidate.customerId || (cap.bid_id !== null && cap.bid_id !== candidate.bid.id)) return false;
      const used = usage.get(`${cap.customer_id}/${cap.bid_id ?? CUSTOMER_SUBJECT}/${cap.period}`) ?? { count: 0n, spend: 0n };
      return cap.metric === 'count' ? used.count + 1n > BigInt(cap.cap) : used.spend + candidate.priceCents > BigInt(cap.cap);
    });
}
