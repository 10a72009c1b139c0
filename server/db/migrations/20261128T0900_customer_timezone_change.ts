import { sql, type Kysely } from 'kysely';

/**
 * D30: an admin's timezone change takes effect at the next local midnight. `timezone` holds the new zone at once;
 * `timezone_previous` is the zone in effect until `timezone_changed_at` (that midnight), kept so the periods open at
 * the switch keep their keys (cap usage neither lost nor counted twice).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE customers ADD COLUMN timezone_previous text, ADD COLUMN timezone_changed_at timestamptz`.execute(db);
  await sql`ALTER TABLE customers ADD CONSTRAINT customers_timezone_change CHECK ((timezone_previous IS NULL) = (timezone_changed_at IS NULL))`.execute(db);
}
