import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { z } from 'zod';
import type { App } from '../server/app.js';
import { AUDIENCE, TOKEN_TYPE } from '../server/auth/jwt.js';
import { ensureDemoPasswords, seedDemo, DEMO_USERS } from '../server/db/seed.js';
import type { Deps } from '../server/deps.js';
import { ApiError } from '../server/errors.js';
import type { AppEnv } from '../server/http/env.js';
import { embedSnippet } from '../server/http/embed-snippet.js';
import { perMinuteLimit } from '../server/http/rate-limit.js';
import { pageHeaders } from '../server/http/security.js';
import { publicAssets } from '../server/http/static.js';
import { newId } from '../server/lib/ids.js';
import { saveStripeKeys } from '../server/payments/accounts.js';
import { page } from '../server/routes/pages/html.js';
import { DEMO_ISSUER } from '../server/routes/pages/provider-for-host.js';

const publicDir = fileURLToPath(new URL('./public', import.meta.url));
const DEMO_TOKEN_TTL_S = 10 * 60;

/**
 * Demo mode only (D8): seeds once, then plays the part of a provider's own website — a page that embeds the widgets
 * with one script tag from the API's origin, and a backend endpoint that signs widget JWTs with the provider's own
 * ES256 key, which the API verifies through the registered public JWK (the real path).
 */
export async function mountDemo({ app, keys, origins }: App, deps: Deps): Promise<{ apiKey: string | null }> {
  const { db, config, clock } = deps;
  let apiKey: string | null = null;
  let providerId = (await db.selectFrom('provider_issuers').select('provider_id').where('issuer', '=', DEMO_ISSUER).executeTakeFirst())?.provider_id;
  if (!providerId) {
    const seeded = await seedDemo(db, config.secretKey, clock);
    providerId = seeded.providerId;
    apiKey = seeded.apiKey;
    await db.insertInto('provider_issuers').values({ issuer: DEMO_ISSUER, provider_id: providerId, kind: 'provider' }).execute();
  }
  await ensureDemoPasswords(db, providerId);
  const signingKey = await registerDemoKey(deps, providerId);
  await rewriteOrigins(deps, providerId);
  // STRIPE_* in the environment are the demo provider's Stripe account (README "Payments").
  if (config.demoStripe) await saveStripeKeys(db, config.secretKey, providerId, config.demoStripe, clock.now());
  keys.invalidate();
  origins.invalidate();

  const apiOrigin = crossOrigin(config.port);
  const demo = new Hono<AppEnv>();
  // The provider's own page: the build's embed snippet (loader + import map with SRI, D32) pointed at the portal's
  // origin, and a policy that allows that origin and the import map by its hash — nothing else inline.
  demo.get('/', async (c) => {
    const snippet = embedSnippet(config.distDir, apiOrigin);
    if (!snippet) throw new ApiError('not_found', 'The widget bundle is not built: run `npm run build`');
    await pageHeaders([], [apiOrigin], [snippet.importMapHash])(c, async () => {
      c.res = c.html(
        page({
          title: 'Acme Leads — Buyer Center (demo provider site)',
          styles: ['/demo/demo.css'],
          head: snippet.html,
          scripts: ['/demo/demo.js'],
          body: demoBody(apiOrigin),
        }),
      );
    });
    return c.res;
  });

  /** The provider's backend: in a real site this checks its own login session first. */
  demo.post('/demo/token', perMinuteLimit(60), async (c) => {
    c.header('Cache-Control', 'no-store');
    const body = z.object({ user: z.enum(['dana', 'sam']) }).safeParse(await c.req.json().catch(() => null));
    if (!body.success) throw new ApiError('invalid_request', 'Unknown demo user', { user: 'Choose dana or sam' });
    const user = DEMO_USERS.find((u) => u.key === body.data.user)!;
    const now = Math.floor(clock.now().getTime() / 1000);
    const token = await new SignJWT({
      customer_ids: user.memberships.map(([externalId]) => externalId),
      roles: Object.fromEntries(user.memberships),
      scope: 'portal',
      email: user.email,
      name: user.name,
    })
      .setProtectedHeader({ alg: 'ES256', typ: TOKEN_TYPE, kid: signingKey.kid })
      .setIssuer(DEMO_ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(`demo-${user.key}`)
      .setIssuedAt(now)
      .setExpirationTime(now + DEMO_TOKEN_TTL_S)
      .sign(signingKey.privateKey);
    return c.json({ token, expires_at: new Date((now + DEMO_TOKEN_TTL_S) * 1000).toISOString() });
  });
  demo.use('/demo/*', publicAssets(publicDir, '/demo'));
  app.route('/', demo);
  return { apiKey };
}

/** D9: the demo page is served from localhost and talks to 127.0.0.1, so every demo run crosses origins. */
const crossOrigin = (port: number) => `http://127.0.0.1:${port}`;

/** The demo provider's signing key lives in DATA_DIR (never committed); its public half is re-registered each start. */
async function registerDemoKey({ db, config }: Deps, _providerId: string) {
  const file = join(config.dataDir, 'demo-provider-signing-key.json');
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(file, JSON.stringify({ ...(await exportJWK(privateKey)), kid: `demo-${Date.now()}` }), { mode: 0o600 });
  }
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
  const { d: _private, ...publicJwk } = jwk;
  const current = await db.selectFrom('signing_keys').select('id').where('issuer', '=', DEMO_ISSUER).where('kid', '=', jwk.kid).where('revoked_at', 'is', null).executeTakeFirst();
  if (!current) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('signing_keys').set({ revoked_at: new Date() }).where('issuer', '=', DEMO_ISSUER).where('revoked_at', 'is', null).execute();
      await trx.insertInto('signing_keys').values({ id: newId('sk'), issuer: DEMO_ISSUER, alg: 'ES256', kid: jwk.kid, public_jwk: JSON.stringify(publicJwk) }).execute();
    });
  }
  return { kid: jwk.kid, privateKey: await importJWK(jwk, 'ES256') };
}

/** D8: every start rewrites the demo provider's origins and hostnames from the current config, so any PORT works. */
async function rewriteOrigins({ db, config }: Deps, providerId: string) {
  const list = [...new Set([`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`, config.publicUrl])];
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('provider_origins').where('provider_id', '=', providerId).execute();
    await trx.insertInto('provider_origins').values(list.map((origin) => ({ provider_id: providerId, origin }))).execute();
    await trx.deleteFrom('provider_hostnames').where('provider_id', '=', providerId).execute();
    await trx.insertInto('provider_hostnames').values(['localhost', '127.0.0.1'].map((hostname) => ({ provider_id: providerId, hostname }))).execute();
  });
}

function demoBody(apiOrigin: string): string {
  return `
<header class="site-header">
  <a class="brand" href="/"><img src="/demo/acme-logo.svg" alt="" width="32" height="32"> Acme Leads</a>
  <nav aria-label="Site"><a href="/">Buyer Center</a><a href="/app">Open the full portal</a></nav>
  <label class="who">Signed in as
    <select id="demo-user"><option value="dana">Dana Reyes (3 customers, admin)</option><option value="sam">Sam Ortiz (viewer)</option></select>
  </label>
</header>
<main>
  <h1>Buyer Center</h1>
  <p class="lede">This page is a provider's own site. The widgets below come from <code>${apiOrigin}</code> with one script tag, and
  this site's backend signs their token.</p>
  <lp-portal id="portal" api-base="${apiOrigin}">
    <section class="bar" aria-label="Your account">
      <lp-wallet-balance billing-href="/app/billing"></lp-wallet-balance>
      <lp-customer-badge></lp-customer-badge>
      <lp-customer-switcher></lp-customer-switcher>
    </section>
    <lp-account-status></lp-account-status>
    <section class="cards">
      <article class="card"><h2>Funding</h2><lp-wallet-balance variant="detail"></lp-wallet-balance></article>
      <article class="card"><h2>Return rate</h2><lp-customer-badge variant="detail"></lp-customer-badge></article>
    </section>
  </lp-portal>
</main>`;
}
