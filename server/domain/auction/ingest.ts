import type { Db } from '../../db/database.js';
import { ApiError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { EventBus } from '../../lib/events.js';
import { newId } from '../../lib/ids.js';
import { afterDebit } from '../billing/auto-recharge.js';
import type { BillingDeps } from '../billing/rules.js';
import { localDate } from '../local-time.js';
import { zoneAt } from '../periods.js';
import { toJsonCents } from '../money.js';
import { isWithinSchedule } from '../schedule.js';
import { cappedCheck } from './cap-check.js';
import { findCandidates, type Candidate } from './candidates.js';
import { filtersMatch } from './filters.js';
import { insertListing, listingDefaults, publishListed, type Listing } from '../marketplace/listings.js';
import { normaliseLead, type LeadInput } from './normalise.js';
import type { Outcome, OutcomeRecorder } from './outcomes.js';
import { buyForBid, DuplicateLead, storeLead, type AuctionLead } from './purchase.js';
import { rank, type Ranked } from './ranking.js';

export interface IngestDeps extends BillingDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  outcomes: OutcomeRecorder;
}

export interface NewLead {
  externalId: string;
  /** The lead type's id or its name. */
  leadType: string;
  fields: LeadInput;
}

export interface IngestResult {
  leadId: string;
  /** `listed`: nobody won and the provider's marketplace is on (SPEC "Lead flow" 4). */
  status: 'assigned' | 'unsold' | 'listed';
  winners: { customerExternalId: string; bidId: string; priceCents: bigint }[];
}

const TOP_AMOUNTS = 5;

/**
 * In one round trip: the lead type, the provider's settings the auction follows, and whether this external id
 * was seen before (a retry is answered from the first ingest, whatever became of its lead type since).
 */
async function readIngestContext(db: Db, providerId: string, idOrName: string, externalId: string) {
  const row = await db
    .selectFrom('providers')
    .leftJoin('lead_types', (join) =>
      join
        .onRef('lead_types.provider_id', '=', 'providers.id')
        .on('lead_types.active', '=', true)
        .on((eb) => eb.or([eb('lead_types.id', '=', idOrName), eb('lead_types.name', '=', idOrName)])),
    )
    .leftJoin('leads', (join) => join.onRef('leads.provider_id', '=', 'providers.id').on('leads.external_id', '=', externalId))
    .select(['lead_types.id', 'lead_types.exclusive', 'lead_types.max_sales', 'providers.settings', 'leads.id as known_lead_id'])
    .where('providers.id', '=', providerId)
    .executeTakeFirstOrThrow();
  return { known: row.known_lead_id !== null, leadType: row.id === null ? null : { id: row.id, maxSales: row.exclusive ? 1 : row.max_sales!, settings: row.settings } };
}

/** How long a lead may stay `new` before a repeat stops waiting for its auction (a process died mid-auction). */
const AUCTION_STALE_MS = 5 * 60_000;

/**
 * A repeated external id gets the first ingest's answer, read back from its purchases — or, while that auction
 * still runs (the lead is `new` until it ends), a 409 to retry, never a partial list of winners.
 */
async function earlierResult(db: Db, providerId: string, externalId: string, now: Date): Promise<IngestResult> {
  const lead = await db.selectFrom('leads').select(['id', 'status', 'created_at', 'sold_count']).where('provider_id', '=', providerId).where('external_id', '=', externalId).executeTakeFirstOrThrow();
  if (lead.status === 'new' && now.getTime() - new Date(lead.created_at).getTime() < AUCTION_STALE_MS) {
    throw new ApiError('lead_in_progress', 'This lead’s auction is still running; retry in a moment for its result');
  }
  const purchases = await db
    .selectFrom('purchases')
    .innerJoin('customers', 'customers.id', 'purchases.customer_id')
    .select(['customers.external_id', 'purchases.bid_id', 'purchases.price_cents'])
    .where('purchases.provider_id', '=', providerId)
    .where('purchases.lead_id', '=', lead.id)
    .where('purchases.source', '=', 'bid')
    .orderBy('purchases.purchased_at')
    .orderBy('purchases.id')
    .execute();
  // A lead nobody won is `unsold`, or was listed (and may have sold in the marketplace or expired there since).
  const listed = lead.status === 'listed' || lead.status === 'expired' || (lead.status === 'assigned' && lead.sold_count > purchases.length);
  return {
    leadId: lead.id,
    status: purchases.length > 0 ? 'assigned' : listed ? 'listed' : 'unsold',
    winners: purchases.map((p) => ({ customerExternalId: p.external_id, bidId: p.bid_id!, priceCents: BigInt(p.price_cents) })),
  };
}

/** Why a candidate cannot take this lead before any money moves, or null when it competes (D16 loss reasons). */
function exclusionOf(candidate: Candidate, lead: { zip: string | null; fields: Record<string, unknown> }, minLifetimeDepositCents: bigint, now: Date): Outcome | null {
  if (candidate.customerStatus !== 'active' || candidate.lifetimeDepositsCents < minLifetimeDepositCents) return 'paused';
  if (!isWithinSchedule(candidate.bid.schedule, now)) return 'schedule';
  if (!filtersMatch(candidate.bid.filters, lead)) return 'filters';
  if (candidate.availableCents < candidate.bid.amountCents) return 'wallet';
  return null;
}

/**
 * Ingests one lead and runs its auction within the request (SPEC "Lead flow"): idempotent by (provider,
 * external id); each winner is bought in its own transaction, in rank order, until the lead type's sales are
 * used up; a bidder short of money or capped at purchase time gives way to the next.
 */
export async function ingestLead(deps: IngestDeps, providerId: string, input: NewLead): Promise<IngestResult> {
  const { db, clock } = deps;
  const now = clock.now();
  const { known, leadType } = await readIngestContext(db, providerId, input.leadType, input.externalId);
  // A retry of a finished ingest is answered before any auction work; a concurrent one is caught by storeLead.
  if (known) return earlierResult(db, providerId, input.externalId, now);
  if (!leadType) throw new ApiError('invalid_request', 'Some fields are invalid', { lead_type: 'No active lead type with this id or name' });
  const normalised = normaliseLead(input.fields);

  const id = newId('lead');
  const lead: AuctionLead = {
    id,
    providerId,
    leadTypeId: leadType.id,
    state: normalised.state,
    countyFips: normalised.countyFips,
    stored: false,
    row: {
      id,
      provider_id: providerId,
      lead_type_id: leadType.id,
      external_id: input.externalId,
      fields: JSON.stringify(input.fields),
      state: normalised.state,
      county_fips: normalised.countyFips,
      zip: normalised.zip,
      email_lower: normalised.emailLower,
      phone_e164: normalised.phoneE164,
      name_lower: normalised.nameLower,
      max_sales: leadType.maxSales,
      created_at: now,
    },
  };
  const { settings } = leadType;
  // Provider switched customer bidding off: no bid competes (D16 bidding_disabled).
  const candidates = settings.customer_bidding_enabled === false ? [] : await findCandidates(db, lead);

  const outcomes: [Candidate, Outcome][] = [];
  const minDeposit = BigInt(settings.min_lifetime_deposit_cents ?? 0);
  const matchable = { zip: normalised.zip, fields: input.fields as Record<string, unknown> };
  const competing = candidates.filter((candidate) => {
    const excluded = exclusionOf(candidate, matchable, minDeposit, now);
    if (excluded) outcomes.push([candidate, excluded]);
    return excluded === null;
  });
  const ranked = await rank(db, providerId, settings, competing, now);
  const topAmounts = ranked.slice(0, TOP_AMOUNTS).map((r) => r.rankingCents);
  const isCapped = await cappedCheck(db, providerId, ranked, now);

  const winners: { winner: Ranked; purchaseId: string; balanceAfterCents: bigint; availableAfterCents: bigint }[] = [];
  const winningCustomers = new Set<string>();
  for (const candidate of ranked) {
    // Shared leads go to different customers; once the sales are used up, everyone left is outbid.
    if (winners.length >= leadType.maxSales || winningCustomers.has(candidate.customerId)) {
      outcomes.push([candidate, 'outbid']);
      continue;
    }
    if (isCapped(candidate)) {
      outcomes.push([candidate, 'capped']);
      continue;
    }
    const bought = await buyForBid(db, lead, candidate, topAmounts, now);
    if (!bought.ok) {
      if (bought.reason === 'duplicate') return earlierResult(db, providerId, input.externalId, now);
      outcomes.push([candidate, bought.reason]);
      continue;
    }
    outcomes.push([candidate, 'won']);
    winningCustomers.add(candidate.customerId);
    winners.push({ winner: candidate, ...bought });
  }

  let listing: Listing | null = null;
  if (winners.length === 0) {
    try {
      listing = await db.transaction().execute(async (trx) => {
        await storeLead(trx, { ...lead, row: { ...lead.row, status: 'unsold' } });
        await trx.insertInto('auction_results').values({ lead_id: lead.id, winners: '[]', top_amounts_cents: topAmounts.map(String), created_at: now }).execute();
        // No winner: listed in the marketplace on the provider's default terms when it is on (SPEC "Lead flow" 4).
        return settings.marketplace_enabled === true ? insertListing(trx, lead, listingDefaults(settings, leadType.maxSales, now), now) : null;
      });
    } catch (error) {
      if (error instanceof DuplicateLead) return earlierResult(db, providerId, input.externalId, now);
      throw error;
    }
  } else if (winners.length < leadType.maxSales) {
    // Fewer sales than the lead allows: its last purchase left it `new`, so end the auction here.
    await db.updateTable('leads').set({ status: 'assigned' }).where('id', '=', lead.id).execute();
  }

  // Candidates share a handful of zones: one local date per zone, not one Temporal conversion per bid.
  const days = new Map<string, string>();
  const dayIn = (timezone: string) => days.get(timezone) ?? days.set(timezone, localDate(now, timezone).toString()).get(timezone)!;
  for (const [candidate, outcome] of outcomes) deps.outcomes.record(candidate.bid.id, dayIn(zoneAt(candidate.zone, now)), outcome);
  for (const { winner, purchaseId, balanceAfterCents, availableAfterCents } of winners) {
    const customerId = winner.customerId;
    deps.events.publish({ type: 'lead.purchased', providerId, customerId, data: { purchase_id: purchaseId, lead_id: lead.id, bid_id: winner.bid.id, price_cents: toJsonCents(winner.priceCents) } });
    deps.events.publish({ type: 'wallet.updated', providerId, customerId, data: { balance_cents: toJsonCents(balanceAfterCents), available_cents: toJsonCents(availableAfterCents) } });
  }
  if (listing) await publishListed(deps, listing);
  // Billing hook (issue 6): a purchase may take a winner's available funds below its auto-recharge threshold (D11).
  await Promise.all(winners.map(({ winner }) => afterDebit(deps, { providerId, customerId: winner.customerId })));

  return {
    leadId: lead.id,
    status: winners.length > 0 ? 'assigned' : listing ? 'listed' : 'unsold',
    winners: winners.map(({ winner }) => ({ customerExternalId: winner.customerExternalId, bidId: winner.bid.id, priceCents: winner.priceCents })),
  };
}
