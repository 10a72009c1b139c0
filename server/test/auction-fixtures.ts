import type { BidFilters, BidScope, Schedule } from '../domain/bid-types.js';
import { NO_FILTERS } from '../domain/bid-types.js';
import { newId } from '../lib/ids.js';
import type { TestContext, TestProvider } from './harness.js';

/** Test helpers for auction tests: bids with scope, filters, schedule and creation time, and lead posting. */
export interface AuctionBidOptions {
  amountCents: bigint;
  scope?: BidScope;
  filters?: Partial<BidFilters>;
  schedule?: Schedule | null;
  status?: 'active' | 'paused';
  createdAt?: Date;
}

export async function addAuctionBid(t: TestContext, tenant: { providerId: string; customerId: string }, leadTypeId: string, options: AuctionBidOptions): Promise<string> {
  const id = newId('bid');
  const scope = options.scope ?? { kind: 'nationwide', state: null, countyFips: null };
  await t.db
    .insertInto('bids')
    .values({
      id,
      provider_id: tenant.providerId,
      customer_id: tenant.customerId,
      lead_type_id: leadTypeId,
      name: `Bid ${options.amountCents}`,
      amount_cents: options.amountCents,
      scope_kind: scope.kind,
      scope_state: scope.state,
      scope_county_fips: scope.countyFips,
      filters: JSON.stringify({ ...NO_FILTERS, ...options.filters }),
      schedule: options.schedule ? JSON.stringify(options.schedule) : null,
      status: options.status ?? 'active',
      ...(options.createdAt ? { created_at: options.createdAt } : {}),
    })
    .execute();
  return id;
}

export const TEXAS_LEAD = { first_name: 'Jo', last_name: 'Smith', email: 'Jo@Example.com', phone: '(512) 555-0100', state: 'tx', county: 'Travis County', zip: '78701', city: 'Austin', address: '1 Main St' };

let leadNumber = 0;

export async function postLead(t: TestContext, provider: TestProvider, leadType: string, fields: Record<string, unknown> = TEXAS_LEAD, externalId = `lead-${++leadNumber}`) {
  const res = await t.request('/provider/v1/leads', {
    method: 'POST',
    headers: { Authorization: `Bearer ${provider.apiKey}` },
    body: JSON.stringify({ external_id: externalId, lead_type: leadType, fields }),
  });
  return { status: res.status, body: (await res.json()) as any };
}
