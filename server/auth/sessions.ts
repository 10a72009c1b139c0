import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import { newSecretToken, sha256Hex } from '../lib/tokens.js';

/**
 * `/app` sign-in sessions (issue 8). The cookie's only use is minting short-lived widget JWTs at `/app/token`
 * (D6), so it is scoped to `/app`, HttpOnly (no script reads it), Secure and SameSite=Lax. Only its SHA-256 is
 * stored, so a leaked table cannot be replayed. The lifetime is absolute: signing in again starts a new one.
 */
export const SESSION_COOKIE = 'lp_session';
export const SESSION_TTL_MS = 14 * 86_400_000;

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}

/**
 * A new session with a fresh random id on every sign-in (no fixation: an id planted before sign-in never becomes
 * a signed-in one); the caller's previous session, if any, ends.
 */
export async function startSession(c: Context, deps: { db: Db; clock: Clock }, providerId: string, userId: string): Promise<void> {
  const previous = readSessionCookie(c);
  if (previous) await deps.db.deleteFrom('sessions').where('id_sha256', '=', sha256Hex(previous)).execute();
  const { token, sha256 } = newSecretToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await deps.db.insertInto('sessions').values({ id_sha256: sha256, user_id: userId, provider_id: providerId, created_at: now, last_seen_at: now, expires_at: expiresAt }).execute();
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/app', expires: expiresAt });
}

/** The signed-in user of this provider, or null (no cookie, unknown, expired, or another provider's session). */
export async function sessionUser(c: Context, deps: { db: Db; clock: Clock }, providerId: string): Promise<string | null> {
  const token = readSessionCookie(c);
  if (!token) return null;
  const now = deps.clock.now();
  const session = await deps.db
    .updateTable('sessions')
    .set({ last_seen_at: now })
    .where('id_sha256', '=', sha256Hex(token))
    .where('provider_id', '=', providerId)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return session?.user_id ?? null;
}

export async function endSession(c: Context, db: Db): Promise<void> {
  const token = readSessionCookie(c);
  if (token) await db.deleteFrom('sessions').where('id_sha256', '=', sha256Hex(token)).execute();
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/app' });
}
