import { sql, type Kysely } from 'kysely';

/**
 * Billing (issue 6): the publishable key sits beside the provider's Stripe secrets; auto-recharge remembers the
 * ledger row at which it last fired, so any later row back above the threshold re-arms it (once per crossing,
 * whichever feature's credit lifted the balance); transaction filters by kind get their own index.
 */
const statements = [
  `ALTER TABLE provider_secrets DROP CONSTRAINT provider_secrets_name_check`,
  `ALTER TABLE provider_secrets ADD CONSTRAINT provider_secrets_name_check
     CHECK (name IN ('stripe_secret_key', 'stripe_webhook_secret', 'stripe_publishable_key', 'smtp_url', 'sms_gateway_token'))`,
  `ALTER TABLE auto_recharge ADD COLUMN fired_after_entry bigint`,
  `CREATE INDEX ledger_customer_kind ON ledger_entries (customer_id, kind, id DESC)`,
  `CREATE INDEX payments_customer ON payments (customer_id, created_at DESC)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
