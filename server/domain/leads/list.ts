import { sql, type ExpressionBuilder } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { Tenant } from '../ledger.js';
import { startOfLocalDay } from '../local-time.js';
import type { LeadTypeFields } from './fields.js';
import { typesDelivering } from './fields.js';
import { likePrefix, parseSearch, searchedFields } from './search.js';

/**
 * The customer's purchased leads (SPEC "Leads", D29): filters, two sorts in both directions and keyset pages.
 * Every query is scoped by provider + customer; exports read the same query in keyset batches with no transaction.
 */
export type ReturnFilter = 'none' | 'pending' | 'approved' | 'denied';
export type SortKey = 'purchased_at' | 'price';
export type SortOrder = 'asc' | 'desc';

export interface LeadFilter {
  /** Customer-local dates (YYYY-MM-DD), both inclusive. */
  from?: string;
  to?: string;
  leadTypeId?: string;
  bidId?: string;
  returnStatus?: ReturnFilter;
  state?: string;
  countyFips?: string;
  /** Name prefix, email or phone number. */
  q?: string;
}

export interface LeadQuery {
  tenant: Tenant;
  timezone: string;
  filter: LeadFilter;
  sort: { by: SortKey; order: SortOrder };
  /** The provider's lead types with their deliverable fields (fields.ts). */
  types: Map<string, LeadTypeFields>;
}

/** Where the previous page ended: the sort column's value (microsecond timestamp or cents) and the purchase id. */
export type After = readonly [key: string, purchaseId: string];

export interface PurchasedLead {
  leadId: string;
  purchaseId: string;
  leadTypeId: string;
  source: 'bid' | 'marketplace' | 'buy_order' | 'standing_order';
  bidId: string | null;
  bidName: string | null;
  listingId: string | null;
  buyOrderId: string | null;
  standingOrderId: string | null;
  priceCents: bigint;
  state: string | null;
  countyFips: string | null;
  status: 'assigned' | 'returned';
  purchasedAt: Date;
  /** The stored fields: present only through deliverableValues (D20). */
  storedFields: Record<string, unknown>;
  return: { id: string; status: 'pending' | 'approved' | 'denied'; reasonCode: string; note: string; requestedAt: Date; decidedAt: Date | null; decisionNote: string | null } | null;
  after: After;
}

const localDay = (date: string) => Temporal.PlainDate.from(date);

/** The customer's purchases matching the filter: only `purchases` (and `returns` for its filter), all served by indexes. */
function matching(db: Db, q: Pick<LeadQuery, 'tenant' | 'timezone' | 'filter'>) {
  const { tenant, filter } = q;
  let query = db
    .selectFrom('purchases as p')
    .select([
      'p.id', 'p.lead_id', 'p.lead_type_id', 'p.source', 'p.bid_id', 'p.listing_id', 'p.buy_order_id', 'p.standing_order_id', 'p.price_cents',
      'p.state', 'p.county_fips', 'p.status', 'p.purchased_at',
      // Microseconds, so a keyset cursor never skips rows that share a millisecond.
      sql<string>`to_char(p.purchased_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('purchased_key'),
    ])
    .where('p.customer_id', '=', tenant.customerId)
    .where('p.provider_id', '=', tenant.providerId);

  if (filter.from) query = query.where('p.purchased_at', '>=', startOfLocalDay(localDay(filter.from), q.timezone));
  if (filter.to) query = query.where('p.purchased_at', '<', startOfLocalDay(localDay(filter.to).add({ days: 1 }), q.timezone));
  if (filter.leadTypeId) query = query.where('p.lead_type_id', '=', filter.leadTypeId);
  if (filter.bidId) query = query.where('p.bid_id', '=', filter.bidId);
  if (filter.state) query = query.where('p.state', '=', filter.state);
  if (filter.countyFips) query = query.where('p.county_fips', '=', filter.countyFips);
  const returns = (eb: ExpressionBuilder<Database & { p: Database['purchases'] }, 'p'>) => eb.selectFrom('returns as r').select('r.id').whereRef('r.purchase_id', '=', 'p.id');
  if (filter.returnStatus === 'none') query = query.where((eb) => eb.not(eb.exists(returns(eb))));
  else if (filter.returnStatus) query = query.where((eb) => eb.exists(returns(eb).where('r.status', '=', filter.returnStatus as Exclude<ReturnFilter, 'none'>)));
  return query;
}

/** The filtered query, or null when the search cannot match anything the buyer may see. */
function filtered(db: Db, q: LeadQuery) {
  const query = matching(db, q);
  const search = parseSearch(q.filter.q);
  if (!search) return query;
  const searchable = typesDelivering(q.types.values(), searchedFields[search.kind]);
  if (searchable.length === 0) return null;
  // Only lead types that deliver the searched fields, so a match never reveals a hidden value (D20).
  const scoped = searchable.length < q.types.size ? query.where('p.lead_type_id', 'in', searchable) : query;
  // The purchase's own copies of the search keys, indexed behind customer_id (migration 20261126T2030).
  if (search.kind === 'email') return scoped.where('p.email_lower', '=', search.email);
  if (search.kind === 'phone') return scoped.where('p.phone_e164', '=', search.e164);
  const pattern = likePrefix(search.prefix);
  return scoped.where((eb) => eb.or([eb('p.search_name', 'like', pattern), eb('p.search_last_name', 'like', pattern)]));
}

type Matching = ReturnType<typeof matching>;

/** The page's purchases with their lead, bid and return: joined after the limit, so a page costs the same at any size. */
function withDetails(db: Db, page: Matching) {
  return db
    .selectFrom(page.as('p'))
    .innerJoin('leads as l', 'l.id', 'p.lead_id')
    .leftJoin('bids as b', 'b.id', 'p.bid_id')
    .leftJoin('returns as r', 'r.purchase_id', 'p.id')
    .select([
      'p.id as purchase_id', 'p.lead_id', 'p.lead_type_id', 'p.source', 'p.bid_id', 'b.name as bid_name', 'p.listing_id', 'p.buy_order_id',
      'p.standing_order_id', 'p.price_cents', 'p.state', 'p.county_fips', 'p.status', 'p.purchased_at', 'p.purchased_key', 'l.fields',
      'r.id as return_id', 'r.status as return_status', 'r.reason_code', 'r.note as return_note', 'r.created_at as return_requested_at',
      'r.decided_at as return_decided_at', 'r.decision_note',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof withDetails>['execute']>>[number];

function fromRow(row: Row, by: SortKey): PurchasedLead {
  return {
    leadId: row.lead_id,
    purchaseId: row.purchase_id,
    leadTypeId: row.lead_type_id,
    source: row.source,
    bidId: row.bid_id,
    bidName: row.bid_name,
    listingId: row.listing_id,
    buyOrderId: row.buy_order_id,
    standingOrderId: row.standing_order_id,
    priceCents: BigInt(row.price_cents),
    state: row.state,
    countyFips: row.county_fips,
    status: row.status,
    purchasedAt: row.purchased_at,
    storedFields: row.fields,
    return: row.return_id
      ? {
          id: row.return_id,
          status: row.return_status!,
          reasonCode: row.reason_code!,
          note: row.return_note!,
          requestedAt: row.return_requested_at!,
          decidedAt: row.return_decided_at,
          decisionNote: row.decision_note,
        }
      : null,
    after: [by === 'price' ? row.price_cents : row.purchased_key, row.purchase_id],
  };
}

/** One page: `limit + 1` rows after `after` in the query's order (the caller trims and makes the cursor). */
export async function listPurchasedLeads(db: Db, q: LeadQuery, page: { after: After | null; limit: number }): Promise<PurchasedLead[]> {
  let query = filtered(db, q);
  if (!query) return [];
  const { by, order } = q.sort;
  const column = sql.ref(by === 'price' ? 'p.price_cents' : 'p.purchased_at');
  if (page.after) {
    const [key, id] = page.after;
    const value = by === 'price' ? sql`${key}::bigint` : sql`${key}::timestamptz`;
    query = query.where(sql<boolean>`(${column}, p.id) ${sql.raw(order === 'desc' ? '<' : '>')} (${value}, ${id})`);
  }
  const limited = query.orderBy(column, order).orderBy('p.id', order).limit(page.limit + 1);
  const rows = await withDetails(db, limited).orderBy(column, order).orderBy('p.id', order).execute();
  return rows.map((row) => fromRow(row, by));
}

/**
 * The whole filtered list in keyset batches, each its own short query: no transaction stays open while a slow
 * client reads (PGlite has one connection, D29), and memory holds one batch at a time.
 */
export async function* purchasedLeadBatches(db: Db, q: LeadQuery, batchSize: number): AsyncGenerator<PurchasedLead[]> {
  let after: After | null = null;
  for (;;) {
    const rows = await listPurchasedLeads(db, q, { after, limit: batchSize });
    const batch = rows.slice(0, batchSize);
    if (batch.length) yield batch;
    if (rows.length <= batchSize) return;
    after = batch[batch.length - 1]!.after;
  }
}

/** One purchased lead of the customer by its lead id, or null (another customer's lead is "not found"). */
export async function findPurchasedLead(db: Db, q: Pick<LeadQuery, 'tenant' | 'timezone'>, leadId: string): Promise<PurchasedLead | null> {
  const row = await withDetails(db, matching(db, { ...q, filter: {} }).where('p.lead_id', '=', leadId)).executeTakeFirst();
  return row ? fromRow(row, 'purchased_at') : null;
}
