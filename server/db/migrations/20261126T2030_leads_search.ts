import { sql, type Kysely } from 'kysely';

/**
 * The buyer's leads list at scale (D29). Searches run inside one customer's purchases, so the search keys are
 * copied from the lead onto each purchase and indexed behind customer_id: exact phone (E.164) and email
 * (lower-cased) lookups, and a prefix of the full name or of the last name, are then index range scans of that
 * customer's rows — never a scan of the provider's leads, nor a lead lookup per scanned purchase.
 * A trigger fills the copies on insert, so every way a purchase is written (auction, marketplace, seeds) gets them.
 */
const statements = [
  'ALTER TABLE purchases ADD COLUMN search_name text, ADD COLUMN search_last_name text, ADD COLUMN phone_e164 text, ADD COLUMN email_lower text',
  `CREATE FUNCTION purchases_search_columns() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     SELECT l.name_lower, lower(btrim(l.fields->>'last_name')), l.phone_e164, l.email_lower
       INTO NEW.search_name, NEW.search_last_name, NEW.phone_e164, NEW.email_lower
       FROM leads l WHERE l.id = NEW.lead_id;
     RETURN NEW;
   END $$`,
  'CREATE TRIGGER purchases_search_columns BEFORE INSERT ON purchases FOR EACH ROW EXECUTE FUNCTION purchases_search_columns()',
  `UPDATE purchases p SET search_name = l.name_lower, search_last_name = lower(btrim(l.fields->>'last_name')), phone_e164 = l.phone_e164, email_lower = l.email_lower
     FROM leads l WHERE l.id = p.lead_id`,
  'CREATE INDEX purchases_phone ON purchases (customer_id, phone_e164) WHERE phone_e164 IS NOT NULL',
  'CREATE INDEX purchases_email ON purchases (customer_id, email_lower) WHERE email_lower IS NOT NULL',
  'CREATE INDEX purchases_name_prefix ON purchases (customer_id, search_name text_pattern_ops) WHERE search_name IS NOT NULL',
  'CREATE INDEX purchases_last_name_prefix ON purchases (customer_id, search_last_name text_pattern_ops) WHERE search_last_name IS NOT NULL',
  // Sort by price, the return-status filter, and the lead detail's notification timeline.
  'CREATE INDEX purchases_customer_price ON purchases (customer_id, price_cents DESC, id DESC)',
  'CREATE INDEX returns_customer_status ON returns (customer_id, status, purchase_id)',
  'CREATE INDEX notification_outbox_subject ON notification_outbox (customer_id, subject_ref)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
