import { sql, type Kysely } from 'kysely';

/**
 * Marketplace (issue 5, D19). A lead has at most one open listing, and a customer at most one open buy order per
 * listing: both are the idempotency and race guards of their create paths. Open listings are scanned by expiry by
 * the scheduler; standing orders are read per customer for their history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE UNIQUE INDEX listings_one_open_per_lead ON marketplace_listings (lead_id) WHERE status = 'open'`.execute(db);
  await sql`CREATE INDEX listings_open_expiry ON marketplace_listings (expires_at) WHERE status = 'open'`.execute(db);
  await sql`CREATE INDEX listings_provider_time ON marketplace_listings (provider_id, listed_at DESC, id DESC)`.execute(db);
  await sql`CREATE UNIQUE INDEX buy_orders_one_open ON buy_orders (listing_id, customer_id) WHERE status = 'open'`.execute(db);
  await sql`CREATE INDEX standing_orders_customer ON standing_orders (customer_id, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX purchases_standing_order ON purchases (standing_order_id) WHERE standing_order_id IS NOT NULL`.execute(db);
}
