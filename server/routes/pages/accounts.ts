import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { PASSWORD_MAX } from '../../auth/passwords.js';
import { endSession, startSession } from '../../auth/sessions.js';
import type { Deps } from '../../deps.js';
import { signIn } from '../../domain/accounts/sign-in.js';
import { ApiError } from '../../errors.js';
import { sameOriginOnly } from '../../http/csrf.js';
import type { AppEnv } from '../../http/env.js';
import { validationHook } from '../../http/errors.js';
import { perMinuteLimit } from '../../http/rate-limit.js';
import { providerForHost } from './provider-for-host.js';

const Email = z.string().trim().toLowerCase().max(254).email('Enter an email address');
const SignIn = z.strictObject({ email: Email, password: z.string().min(1, 'Enter your password').max(PASSWORD_MAX) });

/** A JSON body checked by `schema`; a failure is the one 400 shape naming each field. */
export async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const result = schema.safeParse(await c.req.json().catch(() => undefined));
  validationHook(result);
  return result.data as z.infer<T>;
}

/** The provider `/app` serves on this request's host (D7); every account lookup is scoped by it. */
export async function hostProvider(deps: Deps, c: Context): Promise<string> {
  const providerId = await providerForHost(deps, c.req.header('Host'));
  if (!providerId) throw new ApiError('not_found', 'No provider is configured for this host');
  return providerId;
}

const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.header('Cache-Control', 'no-store');
  await next();
};
const guarded = [noStore, sameOriginOnly] as const;

/** `/app` account endpoints (issue 8): JSON over the session cookie, each behind the CSRF check. */
export const accountRoutes = (deps: Deps) => {
  const { db } = deps;
  // Per route, not `use('*')`: this app is mounted at /app's root, where a wildcard would also guard the pages.
  const app = new Hono<AppEnv>();

  app.post('/session', ...guarded, perMinuteLimit(20), async (c) => {
    const input = await body(c, SignIn);
    const providerId = await hostProvider(deps, c);
    const userId = await signIn(db, deps.clock, providerId, input.email, input.password);
    await startSession(c, deps, providerId, userId);
    const user = await db.selectFrom('users').select(['id', 'name', 'email', 'email_verified_at']).where('id', '=', userId).executeTakeFirstOrThrow();
    return c.json({ user: { id: user.id, name: user.name, email: user.email, email_verified: user.email_verified_at !== null } }, 200);
  });

  app.delete('/session', ...guarded, async (c) => {
    await endSession(c, db);
    return c.body(null, 204);
  });
  return app;
};
