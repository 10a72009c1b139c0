import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import type { Outcome } from './auction/outcomes.js';
import { LOSS_REASONS, type LossReason } from './bid-activity.js';
import { customerTimezone, readLimits, type Limits } from './caps.js';
import type { Tenant } from './ledger.js';
import { localDate } from './local-time.js';
import { periodStart, PERIODS, zoneAt, type Period } from './periods.js';
import { readWallet, type WalletView } from './wallet.js';

/**
 * The dashboard's numbers (SPEC "Dashboard"), all in the customer's timezone (D30). Spend and lead counts come from
 * the per-day sums kept in every purchase transaction (D17), so they cost the same at a million leads as at ten.
 */
export const CHART_DAYS = 30;
export const ACTIVITY_DAYS = 7;
const RUNWAY_DAYS = 7;


export interface DaySums {
  day: string;
  leadCount: number;
  spendCents: bigint;
  returnedCents: bigint;
}

export interface Dashboard {
  timezone: string;
  totals: Record<Period, { start: string; leadCount: number; spendCents: bigint }>;
  perDay: DaySums[];
  activity: { since: string; won: bigint; losses: Record<LossReason, bigint> };
  wallet: WalletView;
  /** Spend of the last seven local days and how many days the available funds last at that pace (null: no spend). */
  runway: { spendCents: bigint; days: number | null };
  limits: Limits;
}

const minDate = (a: Temporal.PlainDate, b: Temporal.PlainDate) => (Temporal.PlainDate.compare(a, b) <= 0 ? a : b);

async function daySums(db: Db, customerId: string, since: Temporal.PlainDate, until: Temporal.PlainDate): Promise<Map<string, DaySums>> {
  const rows = await db
    .selectFrom('customer_daily_sums')
    .select([sql<string>`day::text`.as('day'), 'purchased_count', 'purchased_cents', 'returned_cents'])
    .where('customer_id', '=', customerId)
    .where('day', '>=', since.toString())
    .where('day', '<=', until.toString())
    .execute();
  return new Map(rows.map((r) => [r.day, { day: r.day, leadCount: r.purchased_count, spendCents: BigInt(r.purchased_cents), returnedCents: BigInt(r.returned_cents) }]));
}

/** Wins and losses by reason of the customer's bids over the last days (D17 outcome counters). */
async function bidActivity(db: Db, tenant: Tenant, since: Temporal.PlainDate) {
  const rows = await db
    .selectFrom('bid_outcome_counters as o')
    .innerJoin('bids as b', 'b.id', 'o.bid_id')
    .select(['o.reason', (eb) => eb.fn.sum<string>('o.count').as('count')])
    .where('b.customer_id', '=', tenant.customerId)
    .where('b.provider_id', '=', tenant.providerId)
    .where('o.day', '>=', since.toString())
    .groupBy('o.reason')
    .execute();
  const count = (reason: Outcome) => BigInt(rows.find((r) => r.reason === reason)?.count ?? 0);
  return { since: since.toString(), won: count('won'), losses: Object.fromEntries(LOSS_REASONS.map((r) => [r, count(r)])) as Record<LossReason, bigint> };
}

export async function readDashboard(db: Db, tenant: Tenant, clock: Clock): Promise<Dashboard> {
  const now = clock.now();
  // The zone in effect and the periods' starts follow a pending timezone change the way caps do (D30).
  const zone = await customerTimezone(db, tenant);
  const timezone = zoneAt(zone, now);
  const today = localDate(now, timezone);
  const chartStart = today.subtract({ days: CHART_DAYS - 1 });
  const starts = Object.fromEntries(PERIODS.map((p) => [p, periodStart(p, now, zone)])) as Record<Period, Temporal.PlainDate>;
  const [sums, activity, wallet, limits] = await Promise.all([
    daySums(db, tenant.customerId, minDate(chartStart, starts.month), today),
    bidActivity(db, tenant, today.subtract({ days: ACTIVITY_DAYS - 1 })),
    readWallet(db, tenant, clock),
    readLimits(db, tenant, clock),
  ]);

  const sumSince = (since: Temporal.PlainDate) => {
    let leadCount = 0;
    let spendCents = 0n;
    for (const row of sums.values()) {
      if (row.day >= since.toString()) {
        leadCount += row.leadCount;
        spendCents += row.spendCents;
      }
    }
    return { leadCount, spendCents };
  };
  const totals = Object.fromEntries(PERIODS.map((p) => [p, { start: starts[p].toString(), ...sumSince(starts[p]) }])) as Dashboard['totals'];
  const perDay = Array.from({ length: CHART_DAYS }, (_, i) => {
    const day = chartStart.add({ days: i }).toString();
    return sums.get(day) ?? { day, leadCount: 0, spendCents: 0n, returnedCents: 0n };
  });
  const recentSpend = sumSince(today.subtract({ days: RUNWAY_DAYS - 1 })).spendCents;
  const available = wallet.availableCents > 0n ? wallet.availableCents : 0n;
  const runwayDays = recentSpend > 0n ? Number((available * BigInt(RUNWAY_DAYS)) / recentSpend) : null;
  return { timezone, totals, perDay, activity, wallet, runway: { spendCents: recentSpend, days: runwayDays }, limits };
}
