import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { ApiError, notFound } from '../errors.js';
import type { EventBus } from '../lib/events.js';
import { newId } from '../lib/ids.js';
import type { Bid, BidDraft, BidFilters, BidStatus, Schedule } from './bid-types.js';
import { NO_FILTERS } from './bid-types.js';
import { validateDraft } from './bid-validation.js';
import { assertBiddingOpen, readBiddingAccess } from './bidding-access.js';
import type { Tenant } from './ledger.js';

/** The signed-in user acting for a customer; every query is scoped by this, never by the request body. */
export interface BidActor extends Tenant {
  userId: string;
}

export interface BidDeps {
  db: Db;
  events: EventBus;
}

/** Runs inside the command's transaction with the written bid (the idempotency record uses it). */
export type BeforeCommit = (trx: Db, bid: Bid) => Promise<void>;

type BidRow = Selectable<Database['bids']>;

export function bidFromRow(row: BidRow): Bid {
  return {
    id: row.id,
    name: row.name,
    leadTypeId: row.lead_type_id,
    amountCents: BigInt(row.amount_cents),
    scope: { kind: row.scope_kind, state: row.scope_state, countyFips: row.scope_county_fips },
    filters: { ...NO_FILTERS, ...(row.filters as Partial<BidFilters>) },
    schedule: row.schedule as Schedule | null,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const liveBids = (db: Db, tenant: Tenant) =>
  db.selectFrom('bids').selectAll().where('provider_id', '=', tenant.providerId).where('customer_id', '=', tenant.customerId).where('deleted_at', 'is', null);

/** One of the customer's bids; another customer's (or a deleted) bid is "not found". */
export async function getBid(db: Db, tenant: Tenant, id: string): Promise<Bid> {
  const row = await liveBids(db, tenant).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Bid');
  return bidFromRow(row);
}

/** Newest first, keyset on (created_at, id). */
export async function listBids(db: Db, tenant: Tenant, page: { after: [string, string] | null; limit: number }): Promise<Bid[]> {
  let query = liveBids(db, tenant).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1);
  if (page.after) {
    const [createdAt, id] = page.after;
    query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(new Date(createdAt), id)));
  }
  return (await query.execute()).map(bidFromRow);
}

const draftColumns = (d: BidDraft) => ({
  name: d.name,
  lead_type_id: d.leadTypeId,
  amount_cents: d.amountCents,
  scope_kind: d.scope.kind,
  scope_state: d.scope.state,
  scope_county_fips: d.scope.countyFips,
  filters: JSON.stringify(d.filters),
  schedule: d.schedule === null ? null : JSON.stringify(d.schedule),
});

const draftOf = (bid: Bid): BidDraft => ({ name: bid.name, leadTypeId: bid.leadTypeId, amountCents: bid.amountCents, scope: bid.scope, filters: bid.filters, schedule: bid.schedule });

async function audit(trx: Db, actor: BidActor, action: string, bidId: string, details: Record<string, unknown> = {}) {
  await trx
    .insertInto('audit_log')
    .values({ provider_id: actor.providerId, customer_id: actor.customerId, actor_kind: 'user', actor_id: actor.userId, action, subject_type: 'bid', subject_id: bidId, details: JSON.stringify(details) })
    .execute();
}

/** The write path every command shares: bidding must be open, the write and its audit row commit together, then the event. */
async function command(deps: BidDeps, actor: BidActor, write: (trx: Db) => Promise<Bid>, beforeCommit?: BeforeCommit): Promise<Bid> {
  assertBiddingOpen(await readBiddingAccess(deps.db, actor));
  const bid = await deps.db.transaction().execute(async (trx) => {
    const written = await write(trx);
    await beforeCommit?.(trx, written);
    return written;
  });
  deps.events.publish({ type: 'bid.updated', providerId: actor.providerId, customerId: actor.customerId, data: { bid_id: bid.id, status: bid.status } });
  return bid;
}

async function insertBid(trx: Db, actor: BidActor, draft: BidDraft, status: BidStatus, action: string, details: Record<string, unknown> = {}): Promise<Bid> {
  const row = await trx
    .insertInto('bids')
    .values({ id: newId('bid'), provider_id: actor.providerId, customer_id: actor.customerId, status, ...draftColumns(draft) })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(trx, actor, action, row.id, details);
  return bidFromRow(row);
}

export async function createBid(deps: BidDeps, actor: BidActor, draft: BidDraft, beforeCommit?: BeforeCommit): Promise<Bid> {
  return command(
    deps,
    actor,
    async (trx) => {
      await validateDraft(trx, actor.providerId, draft);
      return insertBid(trx, actor, draft, 'active', 'bid.created');
    },
    beforeCommit,
  );
}

async function lockedBid(trx: Db, actor: BidActor, id: string): Promise<Bid> {
  const row = await liveBids(trx, actor).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Bid');
  return bidFromRow(row);
}

/** Applies a partial change and validates the whole result, so a lead type change re-checks the amount and rules. */
export async function updateBid(deps: BidDeps, actor: BidActor, id: string, patch: Partial<BidDraft>): Promise<Bid> {
  return command(deps, actor, async (trx) => {
    const current = await lockedBid(trx, actor, id);
    const next = { ...draftOf(current), ...patch };
    await validateDraft(trx, actor.providerId, next);
    const row = await trx.updateTable('bids').set({ ...draftColumns(next), updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(trx, actor, 'bid.updated', id, { changed: Object.keys(patch) });
    return bidFromRow(row);
  });
}

/** Pause or resume; archived bids stay archived. */
export async function setBidStatus(deps: BidDeps, actor: BidActor, id: string, status: Exclude<BidStatus, 'archived'>): Promise<Bid> {
  return command(deps, actor, async (trx) => {
    const current = await lockedBid(trx, actor, id);
    if (current.status === 'archived') throw new ApiError('conflict', 'This bid is archived and can no longer be paused or resumed');
    if (status === 'active') await validateDraft(trx, actor.providerId, draftOf(current)); // pricing may have changed since
    const row = await trx.updateTable('bids').set({ status, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(trx, actor, status === 'active' ? 'bid.resumed' : 'bid.paused', id);
    return bidFromRow(row);
  });
}

/** Retire a bid for good: it stops competing, stays listed with its history, and can be duplicated but not resumed. */
export async function archiveBid(deps: BidDeps, actor: BidActor, id: string): Promise<Bid> {
  return command(deps, actor, async (trx) => {
    const current = await lockedBid(trx, actor, id);
    if (current.status === 'archived') return current; // archiving twice changes nothing
    const row = await trx.updateTable('bids').set({ status: 'archived', updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(trx, actor, 'bid.archived', id);
    return bidFromRow(row);
  });
}

/** A copy with " (copy)" appended, paused so it never competes before the user has looked at it. */
export async function duplicateBid(deps: BidDeps, actor: BidActor, id: string): Promise<Bid> {
  return command(deps, actor, async (trx) => {
    const source = await lockedBid(trx, actor, id);
    return insertBid(trx, actor, { ...draftOf(source), name: `${source.name} (copy)`.slice(0, 200) }, 'paused', 'bid.duplicated', { source_bid_id: id });
  });
}

/** Soft delete: the row stays for purchase history and audit. Deleting it again is a no-op (DELETE is idempotent). */
export async function deleteBid(deps: BidDeps, actor: BidActor, id: string): Promise<void> {
  const own = await deps.db.selectFrom('bids').select('deleted_at').where('provider_id', '=', actor.providerId).where('customer_id', '=', actor.customerId).where('id', '=', id).executeTakeFirst();
  if (own?.deleted_at) return;
  await command(deps, actor, async (trx) => {
    await lockedBid(trx, actor, id);
    const row = await trx.updateTable('bids').set({ deleted_at: new Date(), updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(trx, actor, 'bid.deleted', id);
    return bidFromRow(row);
  });
}
