import { sql, type Kysely } from 'kysely';

/**
 * Notification delivery (issue 7, D21). Deliveries get an opaque public id (the idempotency id receivers dedupe by)
 * and the lead they are about, so the log reads per recipient and per lead. A claimed delivery is `sending` with a
 * lease in `next_attempt_at`: a worker that dies mid-send leaves it due again when the lease ends (at-least-once).
 * Recipients are removed softly: their delivery log stays.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE notification_deliveries
    ADD COLUMN public_id text,
    ADD COLUMN customer_id text REFERENCES customers(id),
    ADD COLUMN lead_id text,
    ADD COLUMN sent_at timestamptz`.execute(db);
  await sql`UPDATE notification_deliveries d SET public_id = 'dlv_legacy_' || d.id, customer_id = o.customer_id
    FROM notification_outbox o WHERE o.id = d.outbox_id`.execute(db);
  await sql`ALTER TABLE notification_deliveries ALTER COLUMN public_id SET NOT NULL, ALTER COLUMN customer_id SET NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX notification_deliveries_public_id ON notification_deliveries (public_id)`.execute(db);
  await sql`DROP INDEX notification_deliveries_due`.execute(db);
  await sql`CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at, id) WHERE status IN ('pending', 'sending', 'failed')`.execute(db);
  await sql`CREATE INDEX notification_deliveries_recipient ON notification_deliveries (recipient_id, id DESC)`.execute(db);
  await sql`CREATE INDEX notification_deliveries_lead ON notification_deliveries (customer_id, lead_id, id DESC) WHERE lead_id IS NOT NULL`.execute(db);
  await sql`ALTER TABLE notification_recipients ADD COLUMN deleted_at timestamptz`.execute(db);
  await sql`CREATE INDEX webhook_secrets_customer ON webhook_secrets (customer_id, created_at DESC)`.execute(db);
}
