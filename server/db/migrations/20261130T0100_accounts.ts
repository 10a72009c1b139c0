import { sql, type Kysely } from 'kysely';

/**
 * /app accounts (issue 8). Failed sign-ins are counted per provider and email whether or not an account has that
 * email, so a lockout reply never tells an attacker which emails exist (users.failed_logins could not do that).
 * An email-verification token names the address it verifies, so a change of email is confirmed by its new owner.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE sign_in_failures (
    provider_id text NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    email_lower text NOT NULL,
    failures int NOT NULL CHECK (failures >= 0),
    last_failure_at timestamptz NOT NULL,
    locked_until timestamptz,
    PRIMARY KEY (provider_id, email_lower)
  )`.execute(db);
  await sql`ALTER TABLE password_resets ADD COLUMN email text`.execute(db);
  await sql`CREATE INDEX password_resets_user ON password_resets (user_id)`.execute(db);
}
