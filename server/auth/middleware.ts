import { cors } from 'hono/cors';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { ApiError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { AppEnv } from '../http/env.js';
import { pickActiveCustomer, type AccessResolver } from './access.js';
import { verifyPortalToken } from './jwt.js';
import type { KeyRegistry } from './keys.js';
import type { OriginPolicy } from './origins.js';
import { can, routePermissions } from './roles.js';

export const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'X-Customer-Id', 'Idempotency-Key', 'Last-Event-ID'];

/** D9 preflight: the union of providers' origins; never credentials (tokens travel in a header, not cookies). */
export function apiCors(origins: OriginPolicy): MiddlewareHandler<AppEnv> {
  return cors({
    origin: async (origin) => ((await origins.anyProviderAllows(origin)) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ALLOWED_HEADERS,
    exposeHeaders: ['X-Request-Id'],
    maxAge: 600,
    credentials: false,
  });
}

/**
 * Verifies the bearer token, checks the Origin against that token's provider, resolves the user's customers and
 * the active one (D4), and enforces the role matrix for the matched route (D2).
 */
export function portalAuth(deps: { keys: KeyRegistry; access: AccessResolver; origins: OriginPolicy; clock: Clock }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    const match = header?.match(/^Bearer ([A-Za-z0-9_\-.]+)$/i); // the scheme is case-insensitive (RFC 9110)
    if (!match) throw new ApiError('unauthorized', 'Missing bearer token');
    const token = await verifyPortalToken(match[1]!, deps.keys, deps.clock);

    const origin = c.req.header('Origin');
    if (origin && !(await deps.origins.allows(token.providerId, origin, token.issuerKind === 'portal'))) {
      throw new ApiError('origin_not_allowed', `Origin ${origin} is not allowed for this provider`);
    }

    const access = await deps.access.resolve(token);
    if (!access) throw new ApiError('unauthorized', 'Unknown user');
    const customer = pickActiveCustomer(access, token, c.req.header('X-Customer-Id') || undefined);
    if (!customer) throw new ApiError('not_found', 'Customer not found');

    c.set('scope', { providerId: token.providerId, userId: access.userId, customer, customers: access.customers, token });
    await next();
  };
}

/** Looks up the matched endpoint's rule; an endpoint missing from the table fails closed. */
export const enforceRoles: MiddlewareHandler<AppEnv> = async (c, next) => {
  const endpoint = matchedRoutes(c).at(-1);
  if (!endpoint || endpoint.method === 'ALL') return next(); // no endpoint matched: the 404 handler answers
  const permission = routePermissions[`${endpoint.method} ${endpoint.path}`];
  if (!permission) throw new ApiError('forbidden', 'This route has no role rule');
  if (!can(c.get('scope').customer.role, permission)) throw new ApiError('forbidden', 'Your role does not allow this');
  await next();
};
