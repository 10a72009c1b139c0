import { Hono, type Context } from 'hono';
import type { Branding, ProviderSettings } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { mintPortalToken } from '../../auth/portal-tokens.js';
import { sessionUser } from '../../auth/sessions.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed.js';
import { portalIssuer } from '../../domain/providers.js';
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
    // Only a session decides (D6): without one, <lp-portal-app> sends the browser to /app/sign-in.
    const userId = await sessionUser(c, deps, providerId);
    if (!userId) throw new ApiError('unauthorized', 'Sign in to continue');
    const { token, expiresAt } = await mintPortalToken(deps.db, deps.config.secretKey, deps.clock, providerId, userId);
    return c.json({ token, expires_at: expiresAt.toISOString() });
  });

  /**
   * The page around one element, for the provider this host serves, with the strict headers (CSP, framing). `render`
   * may answer with another reply instead (a redirect).
   */
  const shell = async (c: Context<AppEnv>, render: (provider: ShellProvider) => Promise<{ script: string; body: string } | Response>) => {
    const providerId = await providerForHost(deps, c.req.header('Host'));
    if (!providerId) throw new ApiError('not_found', 'No provider is configured for this host');
    const [provider, framers] = await Promise.all([
      deps.db.selectFrom('providers').select(['id', 'name', 'locale', 'branding', 'settings']).where('id', '=', providerId).executeTakeFirstOrThrow(),
      deps.db.selectFrom('provider_origins').select('origin').where('provider_id', '=', providerId).execute(),
    ]);
    const rendered = await render(provider);
    if (rendered instanceof Response) return rendered;
    const { script, body } = rendered;
    // A provider may frame its portal from its own registered origins, and nobody else may (clickjacking).
    await pageHeaders(framers.map((f) => f.origin))(c, async () => {
      c.res = c.html(
        page({ title: `${provider.name} — Customer Portal`, lang: provider.locale.split('-')[0], styles: ['/assets/app.css'], scripts: [script], body }),
      );
    });
    return c.res;
  };

  // The account pages (issue 8): their own module, not part of the embeddable suite (they exist only on /app).
  for (const [path, name] of Object.entries(ACCOUNT_PAGES)) {
    app.get(`/${path}`, (c) =>
      shell(c, async (provider) => {
        // Changing a password or email needs a session: without one, sign in first and come back.
        if (SIGNED_IN_PAGES.has(name) && !(await sessionUser(c, deps, provider.id))) return c.redirect(`/app/sign-in?next=${encodeURIComponent(`/app/${path}`)}`);
        const attributes: Record<string, string | undefined> = {
          page: name,
          'base-path': '/app',
          'provider-name': provider.name,
          'logo-url': provider.branding.logo_url ?? undefined,
          appearance: JSON.stringify(provider.branding.appearance ?? {}),
        };
        if (name === 'register') {
          attributes.consents = JSON.stringify(provider.settings.consent_links ?? []);
          if (provider.settings.self_registration === false) attributes.registration = 'closed';
        }
        if (name === 'sign-in' && deps.config.mode === 'demo') Object.assign(attributes, await demoCredentials(deps, provider.id));
        const html = Object.entries(attributes)
          .filter(([, value]) => value !== undefined)
          .map(([key, value]) => ` ${key}="${escapeHtml(value!)}"`)
          .join('');
        return { script: '/widgets/app-account.js', body: `<lp-app-account${html}></lp-app-account>` };
      }),
    );
  }

  app.get('/*', (c) =>
    shell(c, async (provider) => ({
      script: '/widgets/portal-app.js',
      body: `<lp-portal-app base-path="/app" provider-name="${escapeHtml(provider.name)}"></lp-portal-app>`,
    })),
  );
  return app;
};

type ShellProvider = { id: string; name: string; locale: string; branding: Branding; settings: ProviderSettings };

/** `/app/<path>` -> the `page` of `<lp-app-account>`; mail links open the last three with `#token=…`. */
const ACCOUNT_PAGES: Record<string, string> = {
  'sign-in': 'sign-in',
  register: 'register',
  'forgot-password': 'forgot-password',
  'reset-password': 'reset-password',
  'invites/accept': 'accept-invite',
  'verify-email': 'verify-email',
  'account/password': 'change-password',
  'account/email': 'change-email',
};
const SIGNED_IN_PAGES = new Set(['change-password', 'change-email']);

/** Demo mode's sign-in page shows the seeded admin's credentials (D6), when this provider has that account. */
async function demoCredentials({ db }: Deps, providerId: string): Promise<Record<string, string>> {
  const email = DEMO_USERS[0].email;
  const user = await db.selectFrom('users').select('id').where('provider_id', '=', providerId).where('issuer', '=', portalIssuer(providerId)).where('email', '=', email).executeTakeFirst();
  return user ? { 'demo-email': email, 'demo-password': DEMO_PASSWORD } : {};
}
