import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { CustomerStatus } from '../../db/schema.js';
import type { Bid } from '../bid-types.js';
import { bidFromRow } from '../bids.js';
import type { ZoneSchedule } from '../periods.js';

export interface Candidate {
  bid: Bid;
  customerId: string;
  customerExternalId: string;
  customerStatus: CustomerStatus;
  /** The customer's zone and its pending change (D30): periods and counter days follow `zoneAt(zone, at)`. */
  zone: ZoneSchedule;
  lifetimeDepositsCents: bigint;
  availableCents: bigint;
}

export interface LeadLocation {
  providerId: string;
  leadTypeId: string;
  state: string | null;
  countyFips: string | null;
}

/**
 * Every live bid that could compete for the lead, in one query on the bids_auction index (D15): nationwide bids,
 * bids on the lead's state, and bids on its county — a lead without a county meets only the first two. Paused
 * customers stay in so their bids' losses are counted ('paused'); archived customers compete for nothing.
 */
export async function findCandidates(db: Db, lead: LeadLocation): Promise<Candidate[]> {
  const rows = await db
    .selectFrom('bids')
    .innerJoin('customers', 'customers.id', 'bids.customer_id')
    .innerJoin('wallets', 'wallets.customer_id', 'bids.customer_id')
    .selectAll('bids')
    .select([
      'customers.external_id as customer_external_id',
      'customers.status as customer_status',
      'customers.timezone',
      'customers.timezone_previous',
      'customers.timezone_changed_at',
      'customers.lifetime_deposits_cents',
      sql<string>`wallets.balance_cents - wallets.held_cents`.as('available_cents'),
    ])
    .where('bids.provider_id', '=', lead.providerId)
    .where('bids.lead_type_id', '=', lead.leadTypeId)
    .where('bids.status', '=', 'active')
    .where('bids.deleted_at', 'is', null)
    .where('customers.provider_id', '=', lead.providerId)
    .where('customers.status', '<>', 'archived')
    .where((eb) => {
      const covers = [eb('bids.scope_kind', '=', 'nationwide')];
      if (lead.state !== null) {
        covers.push(eb.and([eb('bids.scope_kind', '=', 'state'), eb('bids.scope_state', '=', lead.state)]));
        if (lead.countyFips !== null) {
          covers.push(eb.and([eb('bids.scope_kind', '=', 'county'), eb('bids.scope_state', '=', lead.state), eb('bids.scope_county_fips', '=', lead.countyFips)]));
        }
      }
      return eb.or(covers);
    })
    .execute();
  return rows.map((row) => ({
    bid: bidFromRow(row),
    customerId: row.customer_id,
    customerExternalId: row.customer_external_id,
    customerStatus: row.customer_status,
    zone: { timezone: row.timezone, previous: row.timezone_previous && row.timezone_changed_at ? { timezone: row.timezone_previous, until: new Date(row.timezone_changed_at) } : null },
    lifetimeDepositsCents: BigInt(row.lifetime_deposits_cents),
    availableCents: BigInt(row.available_cents),
  }));
}
