import type { LeadField } from '../db/schema.js';
import { normaliseLead, type LeadInput } from '../domain/auction/normalise.js';
import { addDailySums } from '../domain/daily-sums.js';
import { postToLedger } from '../domain/ledger.js';
import { localDate } from '../domain/local-time.js';
import { newId } from '../lib/ids.js';
import type { TestContext } from './harness.js';

/** Purchased leads for the leads, returns and dashboard tests, bought the way the auction buys (purchase.ts). */

export const CONTACT_FIELDS: LeadField[] = [
  { key: 'first_name', label: 'First name', type: 'string', deliverable: true, preview: false },
  { key: 'last_name', label: 'Last name', type: 'string', deliverable: true, preview: false },
  { key: 'email', label: 'Email', type: 'string', deliverable: true, preview: false },
  { key: 'phone', label: 'Phone', type: 'string', deliverable: true, preview: false },
  { key: 'state', label: 'State', type: 'string', deliverable: true, preview: true },
  { key: 'county', label: 'County', type: 'string', deliverable: true, preview: true },
  { key: 'notes', label: 'Notes', type: 'string', deliverable: true, preview: false },
  { key: 'internal_score', label: 'Score', type: 'number', deliverable: false, preview: false },
];

export interface PurchaseOptions {
  leadId?: string;
  leadTypeId: string;
  fields: LeadInput;
  priceCents?: bigint;
  purchasedAt?: Date;
  bidId?: string | null;
}

let sequence = 0;

/** One lead bought by the customer: lead row with its search columns, purchase, ledger debit and daily sums. */
export async function addPurchasedLead(t: TestContext, tenant: { providerId: string; customerId: string }, options: PurchaseOptions): Promise<{ leadId: string; purchaseId: string }> {
  const leadId = options.leadId ?? newId('lead');
  const purchaseId = newId('pur');
  const at = options.purchasedAt ?? t.clock.now();
  const price = options.priceCents ?? 2_000n;
  const n = normaliseLead(options.fields);
  const { timezone } = await t.db.selectFrom('customers').select('timezone').where('id', '=', tenant.customerId).executeTakeFirstOrThrow();
  await t.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('leads')
      .values({
        id: leadId, provider_id: tenant.providerId, lead_type_id: options.leadTypeId, external_id: `ext-${++sequence}-${leadId}`, fields: JSON.stringify(options.fields),
        state: n.state, county_fips: n.countyFips, zip: n.zip, email_lower: n.emailLower, phone_e164: n.phoneE164, name_lower: n.nameLower, status: 'assigned', sold_count: 1, created_at: at,
      })
      .execute();
    await trx
      .insertInto('purchases')
      .values({
        id: purchaseId, provider_id: tenant.providerId, customer_id: tenant.customerId, lead_id: leadId, lead_type_id: options.leadTypeId, source: 'bid',
        bid_id: options.bidId ?? null, price_cents: price, bid_amount_cents: price, state: n.state, county_fips: n.countyFips, purchased_at: at,
      })
      .execute();
    await postToLedger(trx, tenant, { kind: 'lead_assigned', amountCents: -price, description: `Lead ${leadId}`, purchaseId, at });
    await addDailySums(trx, tenant.customerId, localDate(at, timezone).toString(), { purchasedCents: price, purchasedCount: 1 });
  });
  return { leadId, purchaseId };
}
