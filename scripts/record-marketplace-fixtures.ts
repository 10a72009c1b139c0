// Marketplace fixtures for `<lp-marketplace>` (issue 5), recorded by `npm run fixtures` after every other module, so
// turning the marketplace on and the purchases made here change no reply recorded before them.
import { MarketplaceListingList, MarketplaceListingReply, MarketplacePurchase, StandingOrder, StandingOrderList } from '../server/routes/api/marketplace.schemas.js';
import { ErrorBody } from '../server/routes/api/schemas.js';
import { setProviderSettings } from '../server/test/fixtures.js';
import { TEST_NOW, type TestContext, type TestProvider } from '../server/test/harness.js';
import { addListing } from '../server/test/marketplace-fixtures.js';
import { save, type Recorder } from './record-billing-fixtures.js';

const MIN_MS = 60_000;

/** A lead as a provider sends it; zip, roof age and property type are flagged preview in record-fixtures.ts. */
const lead = (first: string, zip: string, county: string, roof: number, type: string) => ({
  first_name: first, last_name: 'Fixture', email: `${first.toLowerCase()}@example.com`, phone: '512-555-0142', address: '9 Oak St',
  state: 'TX', county, zip, roof_age_years: roof, property_type: type, source_campaign: 'fall-promo',
});

/**
 * Roof Pros (`available`, an admin) sees three open listings (one shared), buys one, is refused one another
 * customer bought (`sold_out`), and has two standing orders (one partly filled, one canceled; the first's cancel
 * is recorded after the list). Peak Plumbing
 * (`exhausted`) is refused for funds, Sunset Siding (`paused`) for its status, and a viewer of Maple Roofing
 * (`read-only`) sees the listings without buy controls. `marketplace/listings/<id>.json` of a listing made after
 * the list was recorded is the live listing a test pushes as `marketplace.listed`.
 */
export async function recordMarketplace(t: TestContext, out: string, acme: TestProvider, leadTypeId: string, tokens: Map<string, string>) {
  const r: Recorder = { t, out };
  await setProviderSettings(t.db, acme.id, { marketplace_enabled: true });
  const admin = tokens.get('available')!;
  const list = (minutesAgo: number, fields: ReturnType<typeof lead>, maxSales = 1) =>
    addListing(t, acme.id, leadTypeId, { fields, at: new Date(TEST_NOW.getTime() - minutesAgo * MIN_MS), maxSales });

  // Filled by the standing order below (ZIP 78745 only), so it is not in the list.
  await list(50, lead('Ola', '78745', 'Travis', 9, 'Single family'));
  const old = await save(r, admin, 'available', 'POST', 'marketplace/standing-orders', 'marketplace/standing-orders.post.json', { status: 201, schema: StandingOrder }, {
    lead_type_id: leadTypeId, filters: { zips: [], radius: null, rules: [] }, max_price_cents: 400, quantity: 10, expires_at: new Date(TEST_NOW.getTime() + 7 * 86_400_000).toISOString(),
  });
  await save(r, admin, 'available', 'POST', `marketplace/standing-orders/${old.id}/cancel`, `marketplace/standing-orders/${old.id}/cancel.post.json`, { status: 200, schema: StandingOrder });
  // The form's create reply (this file replaces the one above): it fills one lead at once.
  const order = await save(r, admin, 'available', 'POST', 'marketplace/standing-orders', 'marketplace/standing-orders.post.json', { status: 201, schema: StandingOrder }, {
    lead_type_id: leadTypeId, filters: { zips: ['78745'], radius: null, rules: [{ field: 'roof_age_years', op: 'range', min: 5 }] }, max_price_cents: 3_000, quantity: 3, expires_at: null,
  });
  await save(r, admin, 'available', 'GET', 'marketplace/standing-orders', 'marketplace/standing-orders.json', { status: 200, schema: StandingOrderList });
  await save(r, admin, 'available', 'POST', `marketplace/standing-orders/${order.id}/cancel`, `marketplace/standing-orders/${order.id}/cancel.post.json`, { status: 200, schema: StandingOrder });

  const soldElsewhere = await list(40, lead('Bo', '78702', 'Travis', 15, 'Townhouse'));
  const shared = await list(30, lead('Cy', '77002', 'Harris', 22, 'Single family'), 3);
  const mine = await list(20, lead('Di', '78701', 'Travis', 12, 'Single family'));
  await save(r, admin, 'available', 'GET', 'marketplace/listings', 'marketplace/listings.json', { status: 200, schema: MarketplaceListingList });
  for (const customer of ['read-only', 'exhausted', 'paused']) {
    const token = tokens.get(customer) ?? (await t.mintToken(acme, { sub: 'vic', customerIds: [customer], roles: { [customer]: 'viewer' }, lifetimeSeconds: 3600 }));
    await save(r, token, customer, 'GET', 'marketplace/listings', 'marketplace/listings.json', { status: 200, schema: MarketplaceListingList });
  }

  const live = await list(0, lead('Ed', '78704', 'Travis', 3, 'Condo'));
  await save(r, admin, 'available', 'GET', `marketplace/listings/${live.id}`, 'marketplace/live-listing.json', { status: 200, schema: MarketplaceListingReply });

  const buy = (token: string, customer: string, id: string, status: number, schema = status === 201 ? MarketplacePurchase : ErrorBody) =>
    save(r, token, customer, 'POST', `marketplace/listings/${id}/buy`, `marketplace/listings/${id}/buy.post.json`, { status, schema }, undefined, { 'Idempotency-Key': `fixture-${customer}-${id}` });
  await buy(tokens.get('limited')!, 'limited', soldElsewhere.id, 201);
  await buy(admin, 'available', soldElsewhere.id, 409);
  await buy(admin, 'available', mine.id, 201);
  await buy(tokens.get('exhausted')!, 'exhausted', shared.id, 409);
  await buy(tokens.get('paused')!, 'paused', shared.id, 409);
}
