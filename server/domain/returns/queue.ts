import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export type ReturnStatus = 'pending' | 'approved' | 'denied';

/** A provider's returns with what it needs to decide: customer, lead (its own external id), price. */
const providerReturns = (db: Db, providerId: string) =>
  db
    .selectFrom('returns as r')
    .innerJoin('purchases as p', 'p.id', 'r.purchase_id')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .innerJoin('leads as l', 'l.id', 'p.lead_id')
    .innerJoin('lead_types as lt', 'lt.id', 'p.lead_type_id')
    .select([
      'r.id', 'r.status', 'r.reason_code', 'r.note', 'r.created_at', 'r.decided_at', 'r.decision_note',
      'c.id as customer_id', 'c.external_id as customer_external_id', 'c.name as customer_name',
      'p.id as purchase_id', 'p.price_cents', 'p.purchased_at', 'l.id as lead_id', 'l.external_id as lead_external_id', 'lt.name as lead_type',
      sql<string>`to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('created_key'),
    ])
    .where('r.provider_id', '=', providerId);

export type QueuedReturn = Awaited<ReturnType<ReturnType<typeof providerReturns>['execute']>>[number];

/** Oldest request first (a work queue), keyset on (requested at, id); `limit + 1` rows. */
export async function listReturns(db: Db, providerId: string, query: { status?: ReturnStatus; after: readonly [string, string] | null; limit: number }): Promise<QueuedReturn[]> {
  let q = providerReturns(db, providerId);
  if (query.status) q = q.where('r.status', '=', query.status);
  if (query.after) q = q.where(sql<boolean>`(r.created_at, r.id) > (${query.after[0]}::timestamptz, ${query.after[1]})`);
  return q.orderBy('r.created_at').orderBy('r.id').limit(query.limit + 1).execute();
}

/** One of the provider's returns; another provider's is undefined. */
export const findReturn = (db: Db, providerId: string, returnId: string): Promise<QueuedReturn | undefined> =>
  providerReturns(db, providerId).where('r.id', '=', returnId).executeTakeFirst();
