import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { ApiError } from '../errors.js';
import type { AppEnv } from './env.js';

/** The peer's address; X-Forwarded-For is not trusted (anyone can send it). Outside Node (app.request): one bucket. */
function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Abuse limit for routes that mint tokens (DESIGN: sign-in, token and payment routes): `limit` requests per minute
 * per client address, in this process's memory. Over it: 429 `rate_limited` in the one error shape.
 */
export function perMinuteLimit(limit: number): MiddlewareHandler<AppEnv> {
  return rateLimiter<AppEnv>({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-7',
    keyGenerator: clientAddress,
    handler: () => {
      throw new ApiError('rate_limited', 'Too many requests; try again in a minute');
    },
  });
}

/**
 * Abuse limit for card routes (DESIGN: payment routes): `limit` requests per minute per active customer, after
 * token auth, so one buyer cannot try cards in bulk. In this process's memory, like the limit above.
 */
export function perCustomerLimit(limit: number): MiddlewareHandler<AppEnv> {
  return rateLimiter<AppEnv>({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-7',
    keyGenerator: (c) => c.get('scope').customer.id,
    handler: () => {
      throw new ApiError('rate_limited', 'Too many payment attempts; try again in a minute');
    },
  });
}
