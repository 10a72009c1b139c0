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
async function customerTimezone(db: Reader, tenant: Tenant): Promise<ZoneSchedule> {
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

/** Every cap of the customer (customer-wide and per bid), or only those applying to one purchase. */
function capsQuery(db: Reader, tenant: Tenant, bidId?: string | null) {
  let query = db
    .selectFrom('caps')
    .select(['bid_id', 'period', 'metric', 'cap'])
    .where('customer_id', '=', tenant.customerId)
    .where('provider_id', '=', tenant.providerId);
  if (bidId !== undefined) query = query.where((eb) => (bidId === null ? eb('bid_id', 'is', null) : eb.or([eb('bid_id', 'is', null), eb('bid_id', '=', bidId)])));
  return query;
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
}

export type ReserveResult = { ok: true } | { ok: false; capped: CappedEntry[] };

/**
 * Checks and takes one lead + its price from every applicable cap, inside the caller's purchase transaction.
 *
 * Race-freedom: the usage rows of every subject/period this purchase touches are first created if missing
 * (INSERT … ON CONFLICT DO NOTHING) and then locked with SELECT … FOR UPDATE, always customer before bid and
 * day/week/month, so concurrent purchases of one customer queue on the customer's rows without deadlocking and each
 * sees the usage the previous one committed. A refusal deletes the rows it created, so it leaves nothing behind.
 * Usage is counted even where no cap is set, so a cap set mid-period counts the leads already bought.
 */
export async function reserveCaps(trx: Transaction<Database>, tenant: Tenant, reservation: Reservation): Promise<ReserveResult> {
  const timezone = await customerTimezone(trx, tenant);
  const subjects = reservation.bidId === null ? [CUSTOMER_SUBJECT] : [CUSTOMER_SUBJECT, reservation.bidId];
  const keys = subjects.flatMap((subject) => PERIODS.map((period) => ({ subject, period, period_start: periodStart(period, reservation.at, timezone).toString() })));

  const created = await trx
    .insertInto('cap_usage')
    .values(keys.map((key) => ({ customer_id: tenant.customerId, ...key })))
    .onConflict((oc) => oc.columns(['customer_id', 'subject', 'period', 'period_start']).doNothing())
    .returning(['subject', 'period'])
    .execute();
  const locked = new Map<string, UsageRow>();
  for (const key of keys) {
    const row = await trx
      .selectFrom('cap_usage')
      .select(['subject', 'period', 'lead_count', 'spend_cents'])
      .where('customer_id', '=', tenant.customerId)
      .where('subject', '=', key.subject)
      .where('period', '=', key.period)
      .where('period_start', '=', key.period_start)
      .forUpdate()
      .executeTakeFirstOrThrow();
    locked.set(`${key.subject}/${key.period}`, row);
  }

  const caps = await capsQuery(trx, tenant, reservation.bidId).execute();
  const capped = caps
    .filter((cap) => {
      const usage = locked.get(`${cap.bid_id ?? CUSTOMER_SUBJECT}/${cap.period}`)!;
      const after = cap.metric === 'count' ? BigInt(usage.lead_count) + 1n : BigInt(usage.spend_cents) + reservation.priceCents;
      return after > BigInt(cap.cap);
    })
    .map((cap): CappedEntry => ({ subject: cap.bid_id ?? CUSTOMER_SUBJECT, period: cap.period, metric: cap.metric }));

  if (capped.length) {
    for (const row of created) {
      await trx
        .deleteFrom('cap_usage')
        .where('customer_id', '=', tenant.customerId)
        .where('subject', '=', row.subject)
        .where('period', '=', row.period)
        .where('period_start', '=', keys.find((k) => k.subject === row.subject && k.period === row.period)!.period_start)
        .execute();
    }
    return { ok: false, capped };
  }

  for (const key of keys) {
    await trx
      .updateTable('cap_usage')
      .set({ lead_count: sql`lead_count + 1`, spend_cents: sql`spend_cents + ${reservation.priceCents}` })
      .where('customer_id', '=', tenant.customerId)
      .where('subject', '=', key.subject)
      .where('period', '=', key.period)
      .where('period_start', '=', key.period_start)
      .execute();
  }
  return { ok: true };
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
