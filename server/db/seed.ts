import type { Db } from './database.js';
import type { LeadField } from './schema.js';
import { addDailySums } from '../domain/daily-sums.js';
import { postToLedger } from '../domain/ledger.js';
import { insertListing, listingDefaults } from '../domain/marketplace/listings.js';
import { localDate } from '../domain/local-time.js';
import { createProvider, portalIssuer } from '../domain/providers.js';
import { hashPassword } from '../auth/passwords.js';
import { newId } from '../lib/ids.js';
import type { Clock } from '../lib/clock.js';

const DAY_MS = 86_400_000;

/** The password of every seeded /app user (demo mode only; README "Accounts (/app)"). */
export const DEMO_PASSWORD = 'lead-portal-demo';

/** Seeded /app users (D6) and the customers they belong to. */
export const DEMO_USERS = [
  { key: 'dana', name: 'Dana Reyes', email: 'dana@roofpros.example', memberships: [['roof-pros', 'admin'], ['sunny-solar', 'admin'], ['pipe-masters', 'admin']] },
  { key: 'sam', name: 'Sam Ortiz', email: 'sam@sunnysolar.example', memberships: [['sunny-solar', 'viewer']] },
] as const;

const CUSTOMERS = [
  // Funding covers every bid: "available".
  { externalId: 'roof-pros', name: 'Roof Pros LLC', status: 'active', timezone: 'America/Chicago', depositCents: 150_000n, bids: [['Roofing replacement — Travis County', 'roof-replace', 4_500n, 'county', 'TX', '48453'], ['Roof repair — Texas', 'roof-repair', 2_500n, 'state', 'TX', null]] },
  // Covers one bid but not the other: "limited".
  { externalId: 'sunny-solar', name: 'Sunny Solar Co', status: 'active', timezone: 'America/Los_Angeles', depositCents: 28_200n, bids: [['Solar install — California', 'solar', 8_000n, 'state', 'CA', null], ['Roof repair — nationwide', 'roof-repair', 2_000n, 'nationwide', null, null]] },
  // Paused, and nearly out of funds.
  { externalId: 'pipe-masters', name: 'Pipe Masters Plumbing', status: 'paused', timezone: 'America/New_York', depositCents: 16_800n, bids: [['Roof repair — New York', 'roof-repair', 3_000n, 'state', 'NY', null]] },
] as const;

const FIELDS: LeadField[] = [
  { key: 'first_name', label: 'First name', type: 'string', deliverable: true, preview: false },
  { key: 'last_name', label: 'Last name', type: 'string', deliverable: true, preview: false },
  { key: 'email', label: 'Email', type: 'string', deliverable: true, preview: false },
  { key: 'phone', label: 'Phone', type: 'string', deliverable: true, preview: false },
  { key: 'address', label: 'Street address', type: 'string', deliverable: true, preview: false },
  { key: 'city', label: 'City', type: 'string', deliverable: true, preview: true },
  { key: 'state', label: 'State', type: 'string', deliverable: true, preview: true },
  { key: 'zip', label: 'ZIP', type: 'string', deliverable: true, preview: true },
  { key: 'county', label: 'County', type: 'string', deliverable: true, preview: true },
  { key: 'roof_age_years', label: 'Roof age (years)', type: 'number', deliverable: true, preview: true },
  { key: 'source_campaign', label: 'Source campaign', type: 'string', deliverable: false, preview: false },
];

const LEAD_TYPES = [
  { key: 'roof-replace', name: 'Roofing — replacement', pricing: 'range', min: 2_000n, max: 15_000n, step: 500n },
  { key: 'roof-repair', name: 'Roofing — repair', pricing: 'range', min: 1_500n, max: 8_000n, step: 500n },
  { key: 'solar', name: 'Solar — installation', pricing: 'range', min: 3_000n, max: 20_000n, step: 500n },
] as const;

const PEOPLE = [
  ['Avery', 'Nguyen', 'Austin', 'TX', '78701', 'Travis', '48453'],
  ['Jordan', 'Patel', 'Round Rock', 'TX', '78664', 'Williamson', '48491'],
  ['Morgan', 'Lee', 'San Diego', 'CA', '92101', 'San Diego', '06073'],
  ['Riley', 'Garcia', 'Fresno', 'CA', '93721', 'Fresno', '06019'],
  ['Casey', 'Kim', 'Buffalo', 'NY', '14201', 'Erie', '36029'],
  ['Quinn', 'Brown', 'Austin', 'TX', '78702', 'Travis', '48453'],
] as const;

/**
 * Demo data (first start in demo mode): one provider with branding and three return tiers, two /app users, three
 * customers (one paused), lead types, wallets with ledger history, bids and purchased leads — so every widget
 * shows real rows. Money moves through the same ledger function the product uses.
 */
export async function seedDemo(db: Db, secretKey: Buffer, clock: Clock): Promise<{ providerId: string; apiKey: string }> {
  const now = clock.now();
  const { providerId, apiKey } = await createProvider(db, secretKey, {
    name: 'Acme Leads',
    supportEmail: 'support@acmeleads.example',
    branding: { logo_url: '/demo/acme-logo.svg', appearance: { colorPrimary: '#0b5cad', borderRadius: '8px' } },
    settings: {
      self_service_customers: true,
      returns_enabled: true,
      return_window_days: 7,
      return_reasons: ['Wrong number', 'Duplicate', 'Outside service area', 'Not interested'],
      return_tiers_enabled: true,
      return_rate_window_days: 90,
      marketplace_enabled: true,
      customer_bidding_enabled: true,
      deposit_fee_bps: 290,
      min_deposit_cents: 5_000,
    },
  });

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('return_tiers')
      .values([
        { id: newId('tier'), provider_id: providerId, position: 1, name: 'Gold', headline: 'Top buyer', brief: 'Returns under 5% of spend.', description: 'Gold buyers keep returns under 5% of their spend. Your bids compete at full strength.', color: '#8a6d00', icon: 'star', lower_bps: 0, upper_bps: 500, effect_kind: 'none', effect_bps: 0 },
        { id: newId('tier'), provider_id: providerId, position: 2, name: 'Silver', headline: 'Good standing', brief: 'Returns from 5% to 15%.', description: 'Silver buyers return between 5% and 15% of spend. Bids rank 5% lower in auctions; you still pay your full bid.', color: '#5b6470', icon: 'shield', lower_bps: 500, upper_bps: 1500, effect_kind: 'penalty', effect_bps: 500 },
        { id: newId('tier'), provider_id: providerId, position: 3, name: 'Bronze', headline: 'High returns', brief: 'Returns of 15% or more.', description: 'Bronze buyers return 15% or more of spend. Bids rank lower by your return rate.', color: '#8c4a1f', icon: 'alert', lower_bps: 1500, upper_bps: null, effect_kind: 'match_return_rate', effect_bps: 0 },
      ])
      .execute();
  });

  const categoryId = newId('lcat');
  await db.insertInto('lead_categories').values({ id: categoryId, provider_id: providerId, name: 'Home services', fields: JSON.stringify(FIELDS) }).execute();
  const leadTypeIds = new Map<string, string>();
  for (const t of LEAD_TYPES) {
    const id = newId('lt');
    leadTypeIds.set(t.key, id);
    await db.insertInto('lead_types').values({ id, provider_id: providerId, category_id: categoryId, name: t.name, pricing: t.pricing, min_cents: t.min, max_cents: t.max, step_cents: t.step }).execute();
  }

  const customerIds = new Map<string, string>();
  let person = 0;
  for (const [index, c] of CUSTOMERS.entries()) {
    const customerId = newId('cus');
    customerIds.set(c.externalId, customerId);
    const tenant = { providerId, customerId };
    const created = new Date(now.getTime() - (60 - index) * DAY_MS);
    await db.insertInto('customers').values({ id: customerId, provider_id: providerId, external_id: c.externalId, name: c.name, status: c.status, timezone: c.timezone, billing_email: `billing@${c.externalId}.example`, created_at: created }).execute();
    await db.insertInto('wallets').values({ customer_id: customerId, provider_id: providerId, currency: 'USD' }).execute();
    await db.transaction().execute((trx) =>
      postToLedger(trx, tenant, { kind: 'funds_added_by_provider', amountCents: c.depositCents, description: 'Opening deposit (received by wire)', actor: 'provider', at: created }),
    );

    const bidIds: string[] = [];
    for (const [bidIndex, [name, type, amount, kind, state, fips]] of c.bids.entries()) {
      const bidId = newId('bid');
      bidIds.push(bidId);
      await db
        .insertInto('bids')
        .values({ id: bidId, provider_id: providerId, customer_id: customerId, lead_type_id: leadTypeIds.get(type)!, name, amount_cents: amount, scope_kind: kind, scope_state: state, scope_county_fips: fips, filters: '{}', schedule: null, created_at: new Date(created.getTime() + (bidIndex + 1) * 3_600_000) })
        .execute();
    }

    // Purchases spread over the last weeks, debited through the ledger; one is returned and approved.
    for (let i = 0; i < 6; i++) {
      const [first, last, city, state, zip, county, fips] = PEOPLE[person++ % PEOPLE.length]!;
      const bidIndex = i % c.bids.length;
      const [, type, amount] = c.bids[bidIndex]!;
      const at = new Date(now.getTime() - ((5 - i) * 4 + 1 + index) * DAY_MS - (i + 1) * 3_600_000); // oldest first
      const leadId = newId('lead');
      const purchaseId = newId('pur');
      const email = `${first}.${last}${index}${i}@mail.example`.toLowerCase();
      const phone = `+1512555${String(1000 + index * 10 + i)}`;
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('leads')
          .values({
            id: leadId, provider_id: providerId, lead_type_id: leadTypeIds.get(type)!, external_id: `demo-${c.externalId}-${i}`,
            fields: JSON.stringify({ first_name: first, last_name: last, email, phone, address: `${100 + i} Main St`, city, state, zip, county, roof_age_years: 8 + i, source_campaign: 'spring-promo' }),
            state, county_fips: fips, zip, email_lower: email, phone_e164: phone, name_lower: `${first} ${last}`.toLowerCase(), status: 'assigned', sold_count: 1, created_at: at,
          })
          .execute();
        await trx
          .insertInto('purchases')
          .values({ id: purchaseId, provider_id: providerId, customer_id: customerId, lead_id: leadId, lead_type_id: leadTypeIds.get(type)!, source: 'bid', bid_id: bidIds[bidIndex]!, price_cents: amount, bid_amount_cents: amount, state, county_fips: fips, purchased_at: at })
          .execute();
        await postToLedger(trx, tenant, { kind: 'lead_assigned', amountCents: -amount, description: `Lead ${first} ${last[0]}. — ${city}, ${state}`, purchaseId, at });
        await addDailySums(trx, customerId, localDate(at, c.timezone).toString(), { purchasedCents: amount, purchasedCount: 1 });
        if (i === 2 && index > 0) {
          const returnId = newId('ret');
          await trx.insertInto('returns').values({ id: returnId, provider_id: providerId, customer_id: customerId, purchase_id: purchaseId, reason_code: 'Wrong number', note: 'Number disconnected', status: 'approved', decided_at: new Date(at.getTime() + DAY_MS), created_at: new Date(at.getTime() + 3_600_000) }).execute();
          await trx.updateTable('purchases').set({ status: 'returned' }).where('id', '=', purchaseId).execute();
          await postToLedger(trx, tenant, { kind: 'lead_returned', amountCents: amount, description: `Lead returned: ${first} ${last[0]}.`, purchaseId, returnId, at: new Date(at.getTime() + DAY_MS) });
          await addDailySums(trx, customerId, localDate(at, c.timezone).toString(), { returnedCents: amount });
        }
      });
    }

    if (index === 0) {
      // Where the first customer's notices go (issue 7), so /app/notifications shows a list: its sales desk, and a
      // CRM webhook left off (a real receiver would need the customer's own URL).
      const recipient = { provider_id: providerId, customer_id: customerId, http_method: null, payload_template: null, bid_ids: null, fields: null, created_at: created, updated_at: created };
      await db.insertInto('notification_recipients').values([
        { ...recipient, id: newId('rcp'), name: 'Sales desk', channel: 'email', address: `leads@${c.externalId}.example`, kinds: ['lead.purchased', 'wallet.low_balance'] },
        { ...recipient, id: newId('rcp'), name: 'CRM webhook', channel: 'webhook', address: 'https://crm.example.com/hooks/leads', http_method: 'POST', kinds: ['lead.purchased'], enabled: false },
      ]).execute();
    }
  }

  // Unsold leads in the marketplace, listed over the last hours on the default terms (they expire a day after listing).
  for (const [i, [first, last, city, state, zip, county, fips]] of PEOPLE.entries()) {
    const type = LEAD_TYPES[i % LEAD_TYPES.length]!;
    const at = new Date(now.getTime() - (i + 1) * 47 * 60_000);
    const leadId = newId('lead');
    const email = `${first}.${last}.m${i}@mail.example`.toLowerCase();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('leads')
        .values({
          id: leadId, provider_id: providerId, lead_type_id: leadTypeIds.get(type.key)!, external_id: `demo-market-${i}`,
          fields: JSON.stringify({ first_name: first, last_name: last, email, phone: `+1512555${2000 + i}`, address: `${200 + i} Oak Ave`, city, state, zip, county, roof_age_years: 10 + i, source_campaign: 'fall-promo' }),
          state, county_fips: fips, zip, email_lower: email, phone_e164: `+1512555${2000 + i}`, name_lower: `${first} ${last}`.toLowerCase(), status: 'unsold', created_at: at,
        })
        .execute();
      await insertListing(trx, { id: leadId, providerId, leadTypeId: leadTypeIds.get(type.key)! }, listingDefaults({}, 1, at), at);
    });
  }

  for (const u of DEMO_USERS) {
    const userId = newId('usr');
    await db.insertInto('users').values({ id: userId, provider_id: providerId, issuer: portalIssuer(providerId), subject: userId, email: u.email, name: u.name, email_verified_at: now, created_at: new Date(now.getTime() - 90 * DAY_MS + DEMO_USERS.indexOf(u) * 1000) }).execute();
    for (const [externalId, role] of u.memberships) {
      await db.insertInto('memberships').values({ user_id: userId, customer_id: customerIds.get(externalId)!, role, source: 'portal' }).execute();
    }
  }
  return { providerId, apiKey };
}

/** Demo users sign in with DEMO_PASSWORD; set on every demo start, so data seeded before /app accounts gets it too. */
export async function ensureDemoPasswords(db: Db, providerId: string): Promise<void> {
  const users = await db
    .selectFrom('users')
    .select('id')
    .where('provider_id', '=', providerId)
    .where('issuer', '=', portalIssuer(providerId))
    .where('email', 'in', DEMO_USERS.map((u) => u.email))
    .where('password_hash', 'is', null)
    .execute();
  for (const user of users) await db.updateTable('users').set({ password_hash: await hashPassword(DEMO_PASSWORD) }).where('id', '=', user.id).execute();
}
