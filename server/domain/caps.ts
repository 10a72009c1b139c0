import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { ApiError, notFound } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { EventBus } from '../lib/events.js';
import { newId } from '../lib/ids.js';
import type { Tenant } from './ledger.js';
import { PERIODS, periodBounds, periodStart, zoneAt, type Period, type ZoneSchedule } from './periods.js';

/**
 * Bidding limits (SPEC "Bidding limits", D14, D16): count and spend caps per day, week and month, customer-wide and
 * per bid, with usage kept per customer-local period start in `cap_usage` (subject 'customer' or a bid id).
 */
export type Metric = 'count' | 'spend';
export const CUSTOMER_SUBJECT = 'customer';

/** One period's caps; null = no cap. Count in leads, spend in cents. */
export interface PeriodCaps {
  count: bigint | null;
  spendCents: bigint | null;
}
export type CapSet = Record<Period, PeriodCaps>;

export interface PeriodUsage extends PeriodCaps {
  start: Date;
  end: Date;
  usedCount: bigint;
  usedSpendCents: bigint;
}
export type SubjectLimits = Record<Period, PeriodUsage>;

export interface Limits {
  /** The zone in effect now, and a change that takes effect at the next local midnight (D30). */
  timezone: string;
  timezoneChange: { timezone: string; at: Date } | null;
  customer: SubjectLimits;
  bids: { bidId: string; name: string; amountCents: bigint; limits: SubjectLimits }[];
}

export interface CappedEntry {
  subject: string;
  period: Period;
  metric: Metric;
}

type Reader = Db | Transaction<Database>;
type CapRow = { bid_id: string | null; period: Period; metric: Metric; cap: string };
type UsageRow = { subject: string; period: Period; lead_count: string; spend_cents: string };

const emptyCaps = (): CapSet => ({ day: { count: null, spendCents: null }, week: { count: null, spendCents: null }, month: { count: null, spendCents: null } });

/** The customer's zone with its last change (D30), so periods open at a switch keep their keys. */
export async function customerTimezone(db: Reader, tenant: Tenant): Promise<ZoneSchedule> {
  const row = await db
    .selectFrom('customers')
    .select(['timezone', 'timezone_previous', 'timezone_changed_at'])
    .where('id', '=', tenant.customerId)
    .where('provider_id', '=', tenant.providerId)
    .executeTakeFirst();
  if (!row) throw notFound('Customer');
  const { timezone, timezone_previous: previous, timezone_changed_at: until } = row;
  return { timezone, previous: previous && until ? { timezone: previous, until: new Date(until) } : null };
}

/** Every cap of the customer, customer-wide and per bid. */
function capsQuery(db: Reader, tenant: Tenant) {
  return db.selectFrom('caps').select(['bid_id', 'period', 'metric', 'cap']).where('customer_id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId);
}

/** Usage rows of the periods containing `at`, keyed `subject/period`. */
async function currentUsage(db: Reader, tenant: Tenant, timezone: ZoneSchedule, at: Date): Promise<Map<string, UsageRow>> {
  const rows = await db
    .selectFrom('cap_usage')
    .select(['subject', 'period', 'lead_count', 'spend_cents'])
    .where('customer_id', '=', tenant.customerId)
    .where((eb) => eb.or(PERIODS.map((period) => eb.and([eb('period', '=', period), eb('period_start', '=', periodStart(period, at, timezone).toString())]))))
    .execute();
  return new Map(rows.map((row) => [`${row.subject}/${row.period}`, row]));
}

const capSetOf = (rows: CapRow[]): CapSet => {
  const set = emptyCaps();
  for (const row of rows) set[row.period][row.metric === 'count' ? 'count' : 'spendCents'] = BigInt(row.cap);
  return set;
};

function subjectLimits(caps: CapSet, usage: Map<string, UsageRow>, subject: string, timezone: ZoneSchedule, at: Date): SubjectLimits {
  const entry = (period: Period): PeriodUsage => {
    const used = usage.get(`${subject}/${period}`);
    return { ...caps[period], ...periodBounds(period, at, timezone), usedCount: BigInt(used?.lead_count ?? 0), usedSpendCents: BigInt(used?.spend_cents ?? 0) };
  };
  return { day: entry('day'), week: entry('week'), month: entry('month') };
}

/** The customer's caps and every live bid's, each with this period's usage and bounds in the customer's zone. */
export async function readLimits(db: Db, tenant: Tenant, clock: Clock): Promise<Limits> {
  const timezone = await customerTimezone(db, tenant);
  const now = clock.now();
  const [caps, usage, bids] = await Promise.all([
    capsQuery(db, tenant).execute(),
    currentUsage(db, tenant, timezone, now),
    db
      .selectFrom('bids')
      .select(['id', 'name', 'amount_cents'])
      .where('customer_id', '=', tenant.customerId)
      .where('provider_id', '=', tenant.providerId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  const capsOf = (bidId: string | null) => capSetOf(caps.filter((row) => row.bid_id === bidId));
  const pending = timezone.previous && now < timezone.previous.until ? { timezone: timezone.timezone, at: timezone.previous.until } : null;
  return {
    timezone: zoneAt(timezone, now),
    timezoneChange: pending,
    customer: subjectLimits(capsOf(null), usage, CUSTOMER_SUBJECT, timezone, now),
    bids: bids.map((bid) => ({ bidId: bid.id, name: bid.name, amountCents: BigInt(bid.amount_cents), limits: subjectLimits(capsOf(bid.id), usage, bid.id, timezone, now) })),
  };
}

function validateCaps(caps: CapSet): void {
  const fields: Record<string, string> = {};
  for (const period of PERIODS) {
    const { count, spendCents } = caps[period];
    if (count !== null && count < 0n) fields[`${period}.count`] = 'Enter 0 or more leads, or leave empty for no cap';
    if (spendCents !== null && spendCents < 0n) fields[`${period}.spend_cents`] = 'Enter 0 or more cents, or leave empty for no cap';
  }
  if (Object.keys(fields).length) throw new ApiError('invalid_request', 'Some fields are invalid', fields);
}

interface CapsDeps {
  db: Db;
  events: EventBus;
}

/** Replaces the customer-wide caps (null removes one). */
export function setCustomerCaps(deps: CapsDeps, tenant: Tenant, actorUserId: string, caps: CapSet): Promise<void> {
  return replaceCaps(deps, tenant, actorUserId, null, caps);
}

/** Replaces one bid's caps (null removes one); another customer's or a deleted bid is not found. */
export function setBidCaps(deps: CapsDeps, tenant: Tenant, actorUserId: string, bidId: string, caps: CapSet): Promise<void> {
  return replaceCaps(deps, tenant, actorUserId, bidId, caps);
}

async function replaceCaps({ db, events }: CapsDeps, tenant: Tenant, actorUserId: string, bidId: string | null, caps: CapSet): Promise<void> {
  validateCaps(caps);
  await db.transaction().execute(async (trx) => {
    // The customer row lock serialises concurrent edits of one customer's caps (delete + insert would otherwise collide).
    const customer = await trx.selectFrom('customers').select('id').where('id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId).forUpdate().executeTakeFirst();
    if (!customer) throw notFound('Customer');
    if (bidId !== null) {
      const bid = await trx
        .selectFrom('bids')
        .select('id')
        .where('id', '=', bidId)
        .where('customer_id', '=', tenant.customerId)
        .where('provider_id', '=', tenant.providerId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!bid) throw notFound('Bid');
    }
    const before = capSetOf(await capsQuery(trx, tenant).where('bid_id', bidId === null ? 'is' : '=', bidId).execute());
    await trx
      .deleteFrom('caps')
      .where('customer_id', '=', tenant.customerId)
      .where('provider_id', '=', tenant.providerId)
      .where('bid_id', bidId === null ? 'is' : '=', bidId)
      .execute();
    const rows = PERIODS.flatMap((period) =>
      (['count', 'spend'] as const).flatMap((metric) => {
        const cap = metric === 'count' ? caps[period].count : caps[period].spendCents;
        return cap === null ? [] : [{ id: newId('cap'), provider_id: tenant.providerId, customer_id: tenant.customerId, bid_id: bidId, period, metric, cap }];
      }),
    );
    if (rows.length) await trx.insertInto('caps').values(rows).execute();
    await trx
      .insertInto('audit_log')
      .values({
        provider_id: tenant.providerId,
        customer_id: tenant.customerId,
        actor_kind: 'user',
        actor_id: actorUserId,
        action: 'limits.updated',
        subject_type: bidId === null ? 'customer' : 'bid',
        subject_id: bidId ?? tenant.customerId,
        details: JSON.stringify({ before: auditCaps(before), after: auditCaps(caps) }),
      })
      .execute();
  });
  events.publish({ type: 'limits.updated', providerId: tenant.providerId, customerId: tenant.customerId, data: { subject: bidId ?? CUSTOMER_SUBJECT } });
}

const auditCaps = (caps: CapSet) =>
  Object.fromEntries(PERIODS.map((p) => [p, { count: caps[p].count?.toString() ?? null, spend_cents: caps[p].spendCents?.toString() ?? null }]));

export interface Reservation {
  /** The winning bid, or null for a marketplace purchase (D14: counts toward the customer's caps only). */
  bidId: string | null;
  priceCents: bigint;
  at: Date;
  /** The customer's zone when the caller already read it (the auction's candidates carry it). */
  zone?: ZoneSchedule;
}

export type ReserveResult = { ok: true } | { ok: false; capped: CappedEntry[] };

/**
 * Takes one lead + its price from every applicable cap, inside the caller's purchase transaction, or refuses and
 * says which caps it would pass, leaving usage as it was.
 *
 * One statement: an upsert of the usage rows of every subject/period this purchase touches (customer before bid,
 * day/week/month — one lock order for every purchase, so two purchases of one customer queue instead of
 * deadlocking; each sees what the previous one committed) whose RETURNING values are compared with the caps.
 * Usage is counted even where no cap is set, so a cap set mid-period counts the leads already bought. A refusal
 * (the rare path) gives the count back under the same row locks and drops the rows it created.
 */
export async function reserveCaps(trx: Transaction<Database>, tenant: Tenant, reservation: Reservation): Promise<ReserveResult> {
  const timezone = reservation.zone ?? (await customerTimezone(trx, tenant));
  const subjects = reservation.bidId === null ? [CUSTOMER_SUBJECT] : [CUSTOMER_SUBJECT, reservation.bidId];
  const keys = subjects.flatMap((subject) => PERIODS.map((period) => ({ subject, period, start: periodStart(period, reservation.at, timezone).toString() })));
  const rows = keys.map((k) => sql`(${tenant.customerId}, ${k.subject}, ${k.period}, ${k.start}::date, 1, ${reservation.priceCents}::bigint)`);
  const { rows: capped } = await sql<CappedEntry>`
    WITH usage AS (
      INSERT INTO cap_usage (customer_id, subject, period, period_start, lead_count, spend_cents)
      VALUES ${sql.join(rows)}
      ON CONFLICT (customer_id, subject, period, period_start)
      DO UPDATE SET lead_count = cap_usage.lead_count + 1, spend_cents = cap_usage.spend_cents + excluded.spend_cents
      RETURNING subject, period, lead_count, spend_cents)
    SELECT usage.subject, usage.period, caps.metric
    FROM usage JOIN caps ON caps.customer_id = ${tenant.customerId} AND caps.provider_id = ${tenant.providerId}
      AND coalesce(caps.bid_id, ${CUSTOMER_SUBJECT}) = usage.subject AND caps.period = usage.period
    WHERE CASE caps.metric WHEN 'count' THEN usage.lead_count > caps.cap ELSE usage.spend_cents > caps.cap END`.execute(trx);
  if (capped.length === 0) return { ok: true };

  const mine = sql`(subject, period, period_start) IN (${sql.join(keys.map((k) => sql`(${k.subject}, ${k.period}, ${k.start}::date)`))})`;
  await sql`UPDATE cap_usage SET lead_count = lead_count - 1, spend_cents = spend_cents - ${reservation.priceCents}::bigint
    WHERE customer_id = ${tenant.customerId} AND ${mine}`.execute(trx);
  await sql`DELETE FROM cap_usage WHERE customer_id = ${tenant.customerId} AND ${mine} AND lead_count = 0`.execute(trx);
  return { ok: false, capped };
}

/**
 * Which of the customer's bids cannot take another lead at their amount this period (D16 reason `capped`), and
 * whether a customer-wide cap is already reached. Funding (D14) leaves capped bids out of its coverage.
 */
export async function cappedSubjects(db: Db, tenant: Tenant, clock: Clock): Promise<{ customerCapped: boolean; cappedBidIds: Set<string> }> {
  const limits = await readLimits(db, tenant, clock);
  const full = (limits: SubjectLimits, priceCents: bigint) =>
    PERIODS.some((p) => {
      const u = limits[p];
      return (u.count !== null && u.usedCount + 1n > u.count) || (u.spendCents !== null && u.usedSpendCents + priceCents > u.spendCents);
    });
  // Reached = not even a one-cent lead fits; a bid is capped when its own amount no longer fits its caps or the customer's.
  const customerCapped = full(limits.customer, 1n);
  const cappedBidIds = new Set(
    limits.bids.filter((bid) => customerCapped || full(bid.limits, bid.amountCents) || full(limits.customer, bid.amountCents)).map((bid) => bid.bidId),
  );
  return { customerCapped, cappedBidIds };
}
