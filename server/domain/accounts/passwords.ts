import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import type { Db } from '../../db/database.js';
import { ApiError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { clearFailures } from './sign-in.js';

/**
 * Sets a user's password and ends every session they have (a reset or change must lock out whoever else held one);
 * it also lifts a sign-in lockout on their email. The caller may start a fresh session afterwards.
 */
export async function setPassword(db: Db, clock: Clock, providerId: string, userId: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  const now = clock.now();
  const user = await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('users').set({ password_hash: hash, updated_at: now }).where('id', '=', userId).where('provider_id', '=', providerId).returning('email').executeTakeFirstOrThrow();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await trx.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', userId).where('purpose', '=', 'reset').where('used_at', 'is', null).execute();
    return updated;
  });
  if (user.email) await clearFailures(db, providerId, user.email.toLowerCase());
}

/** A signed-in user proves who they are again before changing their password or email. */
export async function checkCurrentPassword(db: Db, userId: string, password: string): Promise<void> {
  const user = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, password))) throw new ApiError('invalid_request', 'Some fields are invalid', { current_password: 'This is not your current password' });
}
