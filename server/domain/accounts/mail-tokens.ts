import type { Db } from '../../db/database.js';
import { ApiError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { newSecretToken, sha256Hex } from '../../lib/tokens.js';

export type MailTokenPurpose = 'reset' | 'verify_email';

export const MAIL_TOKEN_TTL_MS: Record<MailTokenPurpose, number> = { reset: 30 * 60_000, verify_email: 24 * 3_600_000 };

/**
 * A single-use mailed token (password reset, email verification), stored as its SHA-256. Issuing one voids the
 * user's earlier unused ones of the same purpose, so only the newest mail works.
 */
export async function issueMailToken(db: Db, clock: Clock, userId: string, purpose: MailTokenPurpose, email: string | null = null): Promise<string> {
  const now = clock.now();
  const { token, sha256 } = newSecretToken();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
    await trx
      .insertInto('password_resets')
      .values({ token_sha256: sha256, user_id: userId, purpose, email, created_at: now, expires_at: new Date(now.getTime() + MAIL_TOKEN_TTL_MS[purpose]) })
      .execute();
  });
  return token;
}

/** Uses up a token of this purpose for a user of this provider, or fails with 410 (unknown, used, expired). */
export async function consumeMailToken(db: Db, clock: Clock, providerId: string, token: string, purpose: MailTokenPurpose): Promise<{ userId: string; email: string | null }> {
  const now = clock.now();
  const row = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_sha256', '=', sha256Hex(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('provider_id', '=', providerId))
    .returning(['user_id', 'email'])
    .executeTakeFirst();
  if (!row) throw new ApiError('token_invalid', 'This link has expired or was already used; ask for a new one');
  return { userId: row.user_id, email: row.email };
}
