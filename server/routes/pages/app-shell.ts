import { Hono } from 'hono';
import type { Deps } from '../../deps.js';
import { mintPortalToken } from '../../auth/portal-tokens.js';
import { readSessionCookie, sessionUser } from '../../auth/sessions.js';
import { ApiError } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { perMinuteLimit } from '../../http/rate-limit.js';
import { pageHeaders } from '../../http/security.js';
import { accountRoutes } from './accounts.js';
import { escapeHtml, page } from './html.js';
import { providerForHost } from './provider-for-host.js';

/**
 * The stand-alone portal (SPEC "Stand-alone /app"): one page whose `<lp-portal-app>` routes sections client-side,
 * the account endpoints, and `/app/token`, which mints the widget JWT for the session's user (D6).
 */
export const appShell = (deps: Deps) => {
  const app = new Hono<AppEnv>();
  app.route('/', accountRoutes(deps));

  app.get('/token', perMinuteLimit(60), async (c) => {
    c.header('Cache-Control', 'no-store');
    // Same-origin only: another site must not be able to mint a token with this origin's session.
    if (c.req.header('Sec-Fetch-Site') !== 'same-origin') throw new ApiError('forbidden', 'Token requests must come from this origin');
    const providerId = await providerForHost(deps, c.req.header('Host'));
    if (!providerId) throw new ApiError('unauthorized', 'Sign in to continue');
    // Demo mode without any session cookie still signs in the seeded demo user, until the sign-in page (the UI part
    // of issue 8) shows the demo credentials (D6); a cookie, even a stale one, always decides.
    const demoFallback = deps.config.mode === 'demo' && !readSessionCookie(c);
    const userId = demoFallback ? await demoPortalUser(deps, providerId) : await sessionUser(c, deps, providerId);
    if (!userId) throw new ApiError('unauthorized', 'Sign in to continue');
    const { token, expiresAt } = await mintPortalToken(deps.db, deps.config.secretKey, deps.clock, providerId, userId);
    return c.json({ token, expires_at: expiresAt.toISOString() });
  });

  app.get('/*', async (c) => {
    const providerId = await providerForHost(deps, c.req.header('Host'));
    if (!providerId) throw new ApiError('not_found', 'No provider is configured for this host');
    const [provider, framers] = await Promise.all([
      deps.db.selectFrom('providers').select(['name', 'locale']).where('id', '=', providerId).executeTakeFirstOrThrow(),
      deps.db.selectFrom('provider_origins').select('origin').where('provider_id', '=', providerId).execute(),
    ]);
    // A provider may frame its portal from its own registered origins, and nobody else may (clickjacking).
    await pageHeaders(framers.map((f) => f.origin))(c, async () => {
      c.res = c.html(
        page({
          title: `${provider.name} — Customer Portal`,
          lang: provider.locale.split('-')[0],
          styles: ['/assets/app.css'],
          scripts: ['/widgets/portal-app.js'],
          body: `<lp-portal-app base-path="/app" provider-name="${escapeHtml(provider.name)}"></lp-portal-app>`,
        }),
      );
    });
    return c.res;
  });
  return app;
};

/** The seeded demo account: the first portal-sourced user of the provider (seed.ts creates it first). */
async function demoPortalUser({ db }: Deps, providerId: string): Promise<string | null> {
  const user = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select('users.id')
    .where('users.provider_id', '=', providerId)
    .where('users.issuer', 'like', 'urn:lead-portal:app:%')
    .orderBy('users.created_at')
    .orderBy('users.id')
    .executeTakeFirst();
  return user?.id ?? null;
}
