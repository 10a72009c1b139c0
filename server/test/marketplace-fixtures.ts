import { normaliseLead, type LeadInput } from '../domain/auction/normalise.js';
import { insertListing, type Listing } from '../domain/marketplace/listings.js';
import { newId } from '../lib/ids.js';
import type { TestContext } from './harness.js';

export interface ListingOptions {
  id?: string;
  fields?: LeadInput;
  firstPriceCents?: bigint;
  stepCents?: bigint;
  intervalSeconds?: number;
  floorCents?: bigint;
  /** Default: one day after listing. */
  expiresAt?: Date;
  maxSales?: number;
  at?: Date;
}

let sequence = 0;

/** An unsold lead and its open listing, written the way the provider API lists one (insertListing). */
export async function addListing(t: TestContext, providerId: string, leadTypeId: string, options: ListingOptions = {}): Promise<Listing> {
  const at = options.at ?? t.clock.now();
  const fields = options.fields ?? { first_name: 'Ann', last_name: 'Lee', email: 'ann@example.com', phone: '512-555-0142', address: '9 Oak St', state: 'TX', county: 'Travis', zip: '78701' };
  const n = normaliseLead(fields);
  const leadId = newId('lead');
  return t.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('leads')
      .values({
        id: leadId, provider_id: providerId, lead_type_id: leadTypeId, external_id: `listed-${++sequence}-${leadId}`, fields: JSON.stringify(fields), state: n.state,
        county_fips: n.countyFips, zip: n.zip, email_lower: n.emailLower, phone_e164: n.phoneE164, name_lower: n.nameLower, status: 'unsold', created_at: at,
      })
      .execute();
    const listing = await insertListing(trx, { id: leadId, providerId, leadTypeId }, {
      firstPriceCents: options.firstPriceCents ?? 2_500n,
      stepCents: options.stepCents ?? 250n,
      intervalSeconds: options.intervalSeconds ?? 900,
      floorCents: options.floorCents ?? 500n,
      expiresAt: options.expiresAt ?? new Date(at.getTime() + 86_400_000),
      maxSales: options.maxSales ?? 1,
    }, at);
    if (options.id) await trx.updateTable('marketplace_listings').set({ id: options.id }).where('id', '=', listing.id).execute();
    return { ...listing, id: options.id ?? listing.id };
  });
}
