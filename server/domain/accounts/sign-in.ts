import { sql } from 'kysely';
import { verifyPassword } from '../../auth/passwords.js';
import type { Db } from '../../db/database.js';
import { ApiError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { portalIssuer } from '../providers.js';

/** Lockout: this many failures in a row (each within the window of the last) lock the email for LOCK_MS. */
export const LOCK_AFTER_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

const INVALID = 'The email or password is not right';

/** The /app account (`password_hash` set) with this email at this provider (D7: never another provider's). */
export function findPortalAccount(db: Db, providerId: string, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'password_hash', 'email_verified_at'])
    .where('provider_id', '=', providerId)
    .where('issuer', '=', portalIssuer(providerId))
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .where('password_hash', 'is not', null)
    .executeTakeFirst();
}

function locked(until: Date, now: Date): ApiError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new ApiError('account_locked', `Too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} minutes or reset your password`, undefined, { 'Retry-After': String(seconds) });
}

/**
 * Email + password sign-in. Unknown email and wrong password give the same error after the same work (the password
 * hash runs either way), and failures count per email whether or not it has an account, so a lockout tells nothing.
 */
export async function signIn(db: Db, clock: Clock, providerId: string, email: string, password: string): Promise<string> {
  const emailLower = email.trim().toLowerCase();
  const now = clock.now();
  const throttle = await db.selectFrom('sign_in_failures').select('locked_until').where('provider_id', '=', providerId).where('email_lower', '=', emailLower).executeTakeFirst();
  if (throttle?.locked_until && throttle.locked_until > now) throw locked(throttle.locked_until, now);

  const account = await findPortalAccount(db, providerId, emailLower);
  if (await verifyPassword(account?.password_hash, password)) {
    await clearFailures(db, providerId, emailLower);
    return account!.id;
  }

  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const { failures } = await sql<{ failures: number }>`
    INSERT INTO sign_in_failures (provider_id, email_lower, failures, last_failure_at) VALUES (${providerId}, ${emailLower}, 1, ${now})
    ON CONFLICT (provider_id, email_lower) DO UPDATE SET
      failures = CASE WHEN sign_in_failures.last_failure_at < ${windowStart} OR sign_in_failures.locked_until IS NOT NULL THEN 1 ELSE sign_in_failures.failures + 1 END,
      last_failure_at = ${now},
      locked_until = NULL
    RETURNING failures`
    .execute(db)
    .then((r) => r.rows[0]!);
  if (failures >= LOCK_AFTER_FAILURES) {
    const until = new Date(now.getTime() + LOCK_MS);
    await db.updateTable('sign_in_failures').set({ locked_until: until }).where('provider_id', '=', providerId).where('email_lower', '=', emailLower).execute();
    throw locked(until, now);
  }
  throw new ApiError('invalid_credentials', INVALID);
}

/** A successful sign-in or a password reset ends the count (and any lock) for the email. */
export function clearFailures(db: Db, providerId: string, emailLower: string) {
  return db.deleteFrom('sign_in_failures').where('provider_id', '=', providerId).where('email_lower', '=', emailLower).execute();
}
