import { importJWK, SignJWT, type JWK } from 'jose';
import type { Db } from '../db/database.js';
import { portalIssuer } from '../domain/providers.js';
import type { Clock } from '../lib/clock.js';
import { decryptSecret } from '../lib/secrets.js';
import { AUDIENCE, TOKEN_TYPE } from './jwt.js';

export const PORTAL_TOKEN_TTL_S = 15 * 60;

/**
 * Mints the short-lived widget JWT for an `/app` user (D6), signed with the provider's portal key. Claims list the
 * user's current memberships; the API re-checks them against the rows on every request (D2).
 */
export async function mintPortalToken(db: Db, secretKey: Buffer, clock: Clock, providerId: string, userId: string) {
  const [key, user, customers] = await Promise.all([
    db
      .selectFrom('signing_keys')
      .select(['kid', 'secret_enc'])
      .where('issuer', '=', portalIssuer(providerId))
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow(),
    db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', userId).where('provider_id', '=', providerId).executeTakeFirstOrThrow(),
    db
      .selectFrom('memberships')
      .innerJoin('customers', 'customers.id', 'memberships.customer_id')
      .select('customers.external_id')
      .where('memberships.user_id', '=', userId)
      .orderBy('customers.created_at')
      .execute(),
  ]);
  const privateKey = await importJWK(JSON.parse(decryptSecret(secretKey, key.secret_enc!)) as JWK, 'ES256');
  const issuedAt = Math.floor(clock.now().getTime() / 1000);
  const expiresAt = issuedAt + PORTAL_TOKEN_TTL_S;
  const token = await new SignJWT({
    customer_ids: customers.map((c) => c.external_id),
    scope: 'portal',
    ...(user.email ? { email: user.email } : {}),
    ...(user.name ? { name: user.name } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: TOKEN_TYPE, kid: key.kid ?? undefined })
    .setIssuer(portalIssuer(providerId))
    .setAudience(AUDIENCE)
    .setSubject(user.id)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(privateKey);
  return { token, expiresAt: new Date(expiresAt * 1000) };
}
