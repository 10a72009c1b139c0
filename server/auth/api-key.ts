import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/database.js';
import { hashApiKey } from '../domain/providers.js';
import { ApiError } from '../errors.js';
import type { AppEnv } from '../http/env.js';

const KEY_PATTERN = /^Bearer (lpk_([0-9a-f]{12})_[A-Za-z0-9_-]{20,100})$/i; // scheme case-insensitive (RFC 9110)

/**
 * Provider API authentication (D10): `Authorization: Bearer lpk_<prefix>_<secret>`. The prefix finds the key row,
 * the SHA-256 of the whole key proves it, compared in constant time. Every provider route is scoped by the result.
 */
export function providerAuth(db: Db): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const match = c.req.header('Authorization')?.match(KEY_PATTERN);
    if (!match) throw new ApiError('unauthorized', 'Missing or malformed API key');
    const [, key, prefix] = match;
    const row = await db
      .selectFrom('provider_api_keys')
      .select(['id', 'provider_id', 'key_sha256'])
      .where('prefix', '=', prefix!)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const presented = Buffer.from(hashApiKey(key!), 'hex');
    if (!row || !timingSafeEqual(presented, Buffer.from(row.key_sha256, 'hex'))) throw new ApiError('unauthorized', 'Invalid API key');
    c.set('provider', { providerId: row.provider_id, apiKeyId: row.id });
    await next();
  };
}
