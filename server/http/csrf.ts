import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import type { AppEnv } from './env.js';

export const CSRF_HEADER = 'X-LP-CSRF';

/**
 * CSRF defence for the `/app` endpoints that read or set the session cookie (sign in, sign out, register, password
 * and email changes, invite acceptance). Two checks, both required:
 * 1. Same origin: `Sec-Fetch-Site: same-origin`, or, from a browser that sends no fetch metadata, an `Origin`
 *    whose host is this request's host. A cross-site form or fetch fails this.
 * 2. A custom header (`X-LP-CSRF: 1`): a cross-origin page can only add one after a CORS preflight, and `/app`
 *    answers no preflight (D9: CORS is for `/api/v1` only); HTML forms cannot send headers at all.
 * A custom header rather than a double-submit token: it needs no token state, and a cookie planted by a sibling
 * subdomain (cookie tossing) cannot satisfy it, which a double-submit cookie check would not rule out.
 */
export const sameOriginOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const site = c.req.header('Sec-Fetch-Site');
  const origin = c.req.header('Origin');
  const sameOrigin = site ? site === 'same-origin' : Boolean(origin && URL.canParse(origin) && new URL(origin).host === c.req.header('Host'));
  if (!sameOrigin || c.req.header(CSRF_HEADER) !== '1') throw new ApiError('forbidden', 'This request must come from the portal page itself');
  await next();
};
