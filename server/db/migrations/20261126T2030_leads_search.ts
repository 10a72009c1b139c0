import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the buyer's leads list at scale (D29): exact phone (E.164) and email (lower-cased) lookups, name
 * prefix on the full name and on the last name, sort by price, the return-status filter, and the lead detail's
 * notification timeline. The foundation already has the columns and the purchase-time / type+state indexes.
 */
const statements = [
  'CREATE INDEX leads_phone ON leads (provider_id, phone_e164) WHERE phone_e164 IS NOT NULL',
  'CREATE INDEX leads_email ON leads (provider_id, email_lower) WHERE email_lower IS NOT NULL',
  'CREATE INDEX leads_name_prefix ON leads (provider_id, name_lower text_pattern_ops) WHERE name_lower IS NOT NULL',
  // Buyers look people up by last name as often as by first; the expression must match the query's exactly.
  "CREATE INDEX leads_last_name_prefix ON leads (provider_id, (lower(btrim(fields->>'last_name'))) text_pattern_ops)",
  'CREATE INDEX purchases_customer_price ON purchases (customer_id, price_cents DESC, id DESC)',
  'CREATE INDEX returns_customer_status ON returns (customer_id, status, purchase_id)',
  'CREATE INDEX notification_outbox_subject ON notification_outbox (customer_id, subject_ref)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
