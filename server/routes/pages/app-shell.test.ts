import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountDemo } from '../../../demo/server.js';
import { DEMO_PASSWORD } from '../../db/seed.js';
import { portalIssuer } from '../../domain/providers.js';
import { targets } from '../../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';

/** README "Content Security Policy": the policy the server's own pages send, with frame-ancestors per provider. */
const documentedPolicy = (frameAncestors: string) =>
  "default-src 'self'; script-src 'self' https://js.stripe.com; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self' https://api.stripe.com; frame-src https://js.stripe.com https://hooks.stripe.com; object-src 'none'; " +
  `base-uri 'none'; form-action 'self'; frame-ancestors ${frameAncestors}`;

const sameOrigin = { 'Sec-Fetch-Site': 'same-origin' };

function expectStrictPage(res: Response, html: string) {
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
  const csp = res.headers.get('Content-Security-Policy') ?? '';
  const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';
  expect(scriptSrc).toBe("script-src 'self' https://js.stripe.com");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).toMatch(/(^|; )frame-ancestors /);
  expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');

  const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, 'every script has a src').toMatch(/\ssrc="[^"]+"/);
  expect(html).not.toMatch(/<script\b[^>]*>\s*[^<\s]/i); // nothing between <script …> and </script>
  expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
  expect(html).not.toMatch(/\sstyle=/i);
}

describe.each(targets)('/app shell on %s (production mode)', (target) => {
  let t: TestContext;
  let acme: TestProvider;

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    await t.db.insertInto('provider_hostnames').values({ hostname: 'portal.acme.test', provider_id: acme.id }).execute();
    const bare = await t.addProvider('Bare Leads');
    await t.db.deleteFrom('provider_origins').where('provider_id', '=', bare.id).execute();
    await t.db.insertInto('provider_hostnames').values({ hostname: 'portal.bare.test', provider_id: bare.id }).execute();
  });
  afterAll(() => t.close());

  it('refuses /app/token without Sec-Fetch-Site: same-origin, with Cache-Control: no-store', async () => {
    const variants: Record<string, string>[] = [{}, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' }, { 'Sec-Fetch-Site': 'none' }];
    for (const headers of variants) {
      const res = await t.request('/app/token', { headers: { Host: 'portal.acme.test', ...headers } });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.get('Cache-Control')).toBe('no-store');
      expect((await res.json()).error.code).toBe('forbidden');
    }
  });

  it('answers 401 from /app/token in production mode without a session', async () => {
    const res = await t.request('/app/token', { headers: { Host: 'portal.acme.test', ...sameOrigin } });
    expect(res.status).toBe(401);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('serves /app and its client-side sections as a strict, script-free HTML shell', async () => {
    for (const path of ['/app', '/app/leads', '/app/billing']) {
      const res = await t.request(path, { headers: { Host: 'portal.acme.test' } });
      const html = await res.text();
      expectStrictPage(res, html);
      expect(html).toContain('<lp-portal-app');
      expect(html).toContain('Acme Leads');
    }
  });

  it('serves each account page as <lp-app-account> with its own module, branded, never the demo credentials', async () => {
    const pages = { 'sign-in': 'sign-in', register: 'register', 'forgot-password': 'forgot-password', 'reset-password': 'reset-password', 'invites/accept': 'accept-invite', 'verify-email': 'verify-email' };
    for (const [path, name] of Object.entries(pages)) {
      const res = await t.request(`/app/${path}`, { headers: { Host: 'portal.acme.test' } });
      const html = await res.text();
      expectStrictPage(res, html);
      expect(html).toContain(`<lp-app-account page="${name}" base-path="/app" provider-name="Acme Leads"`);
      expect(html).toContain('src="/widgets/app-account.js"');
      expect(html).not.toContain('portal-app.js');
      expect(html).not.toContain('demo-password');
    }
  });

  it('tells the register page the provider’s consent links, and when self-registration is off', async () => {
    const links = [{ label: 'Terms', url: 'https://acme.test/terms?a=1&b="2"' }];
    await t.db.updateTable('providers').set({ settings: JSON.stringify({ consent_links: links }) }).where('id', '=', acme.id).execute();
    let html = await (await t.request('/app/register', { headers: { Host: 'portal.acme.test' } })).text();
    const consents = /consents="([^"]*)"/.exec(html)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(JSON.parse(consents)).toEqual(links);
    expect(html).not.toContain('registration="closed"');
    await t.db.updateTable('providers').set({ settings: JSON.stringify({ self_registration: false }) }).where('id', '=', acme.id).execute();
    html = await (await t.request('/app/register', { headers: { Host: 'portal.acme.test' } })).text();
    expect(html).toContain('registration="closed"');
    await t.db.updateTable('providers').set({ settings: JSON.stringify({ self_service_customers: true }) }).where('id', '=', acme.id).execute();
  });

  it('sends exactly the documented policy, framed only by the provider’s registered origins', async () => {
    const acmePage = await t.request('/app', { headers: { Host: 'portal.acme.test' } });
    expect(acmePage.headers.get('Content-Security-Policy')).toBe(documentedPolicy(acme.origin));
    const barePage = await t.request('/app', { headers: { Host: 'portal.bare.test' } });
    expect(barePage.headers.get('Content-Security-Policy')).toBe(documentedPolicy("'none'"));
  });

  it('answers 404 for a host no provider registered (no DEFAULT_PROVIDER in production)', async () => {
    const res = await t.request('/app', { headers: { Host: 'unknown.example' } });
    expect(res.status).toBe(404);
  });

  it('escapes the provider name in the page', async () => {
    const evil = await t.addProvider('Evil <script>alert(1)</script> Leads');
    await t.db.insertInto('provider_hostnames').values({ hostname: 'portal.evil.test', provider_id: evil.id }).execute();
    const res = await t.request('/app', { headers: { Host: 'portal.evil.test' } });
    const html = await res.text();
    expectStrictPage(res, html);
    expect(html).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt; Leads');
  });
});

describe.each(targets)('/app shell on %s (demo mode)', (target) => {
  let t: TestContext;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lp-demo-'));
    t = await createTestContext(target, { mode: 'demo', dataDir, port: 8787, publicUrl: 'http://localhost:8787' });
    await mountDemo(t.built, t.deps);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 401 from /app/token without a session, in demo mode too (no demo fallback: the sign-in page shows the credentials)', async () => {
    const res = await t.request('/app/token', { headers: { Host: 'localhost:8787', ...sameOrigin } });
    expect(res.status).toBe(401);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });

  it('signs in the seeded demo admin with the demo password; /app/token mints an ES256 token /api/v1/session accepts, with their 3 customers', async () => {
    const signIn = await t.request('/app/session', {
      method: 'POST',
      headers: { Host: 'localhost:8787', ...sameOrigin, 'X-LP-CSRF': '1' },
      body: JSON.stringify({ email: 'dana@roofpros.example', password: DEMO_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const res = await t.request('/app/token', { headers: { Host: 'localhost:8787', ...sameOrigin, Cookie: cookie } });
    expect(res.status).toBe(200);
    const { token, expires_at } = await res.json();

    const provider = await t.db.selectFrom('providers').select('id').executeTakeFirstOrThrow();
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'lp-portal+jwt' });
    const claims = decodeJwt(token);
    expect(claims.iss).toBe(portalIssuer(provider.id));
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(3600);
    expect(new Date(expires_at).getTime()).toBe(claims.exp! * 1000);

    const session = await t.request('/api/v1/session', { token });
    expect(session.status).toBe(200);
    const body = await session.json();
    expect(body.user).toMatchObject({ name: 'Dana Reyes', email: 'dana@roofpros.example' });
    expect(body.customers.map((c: { external_id: string }) => c.external_id).sort()).toEqual(['pipe-masters', 'roof-pros', 'sunny-solar']);
    expect(body.provider.id).toBe(provider.id);
    // A stale cookie is refused: the portal asks to sign in again.
    const stale = await t.request('/app/token', { headers: { Host: 'localhost:8787', ...sameOrigin, Cookie: 'lp_session=gone' } });
    expect(stale.status).toBe(401);
  });

  it('serves the password and email pages to a signed-in user only; others go to sign in and come back', async () => {
    for (const path of ['account/password', 'account/email']) {
      const anonymous = await t.request(`/app/${path}`, { headers: { Host: 'localhost:8787' } });
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get('location')).toBe(`/app/sign-in?next=${encodeURIComponent(`/app/${path}`)}`);
    }
    const signIn = await t.request('/app/session', {
      method: 'POST',
      headers: { Host: 'localhost:8787', ...sameOrigin, 'X-LP-CSRF': '1' },
      body: JSON.stringify({ email: 'dana@roofpros.example', password: DEMO_PASSWORD }),
    });
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    for (const [path, page] of [['account/password', 'change-password'], ['account/email', 'change-email']]) {
      const reply = await t.request(`/app/${path}`, { headers: { Host: 'localhost:8787', Cookie: cookie } });
      expect(reply.status).toBe(200);
      expect(await reply.text()).toContain(`<lp-app-account page="${page}"`);
    }
  });

  it('shows the demo credentials on the sign-in page only', async () => {
    const signIn = await (await t.request('/app/sign-in', { headers: { Host: 'localhost:8787' } })).text();
    expect(signIn).toContain('demo-email="dana@roofpros.example"');
    expect(signIn).toContain(`demo-password="${DEMO_PASSWORD}"`);
    const register = await (await t.request('/app/register', { headers: { Host: 'localhost:8787' } })).text();
    expect(register).not.toContain('demo-password');
  });

  it('serves the /app shell for the demo provider with the strict headers', async () => {
    const res = await t.request('/app/leads', { headers: { Host: 'localhost:8787' } });
    expectStrictPage(res, await res.text());
  });

  it('still refuses a cross-site /app/token request in demo mode', async () => {
    const res = await t.request('/app/token', { headers: { Host: 'localhost:8787', 'Sec-Fetch-Site': 'cross-site' } });
    expect(res.status).toBe(403);
  });
});
