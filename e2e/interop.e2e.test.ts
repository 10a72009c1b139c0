import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launch, SCREENSHOT_DIR, watchProblems } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Interop proof (issue 10): a provider's React 19 app and Vue 3 app (demo/react, demo/vue), built with Vite from the
// package's exports, each served from its own origin with its own backend, talking to the portal's API on another.
// Custom Elements Everywhere-style: complex data arrives as properties, primitives as attributes, hyphenated DOM
// events are heard; and the theme, the events and the token renewal work as a front-end team would use them.

const frameworks = ['react', 'vue'] as const;
type Framework = (typeof frameworks)[number];

/** What both demos set on <lp-portal> (demo/<framework>/main.ts[x]) and in their stylesheet. */
const APPEARANCE = { colorPrimary: '#6d28d9', borderRadius: '12px' };
const AMOUNT_COLOR = 'rgb(91, 33, 182)'; // --lp-wallet-balance-amount-color: #5b21b6

interface ProviderSite {
  /** http://localhost:<its own port> */
  url: string;
  /** POST /demo/token calls, i.e. the app's `fetchToken` calls. */
  tokenCalls: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/**
 * A provider's own site for one built app: its files, with the portal's origin written into the page, under a strict
 * CSP; and its backend's token endpoint, which (after checking its own login, in real life) gets a widget token
 * from the demo provider's signer, server to server.
 */
async function providerSite(dir: string, portalOrigin: string, signer: string): Promise<ProviderSite> {
  const csp = `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${portalOrigin}; img-src 'self' data:; object-src 'none'; base-uri 'none'`;
  const site = { url: '', tokenCalls: 0, close: () => new Promise<void>((done) => server.close(() => done())) };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    if (req.method === 'POST' && path === '/demo/token') {
      site.tokenCalls++;
      const body = await new Promise<string>((done) => {
        let text = '';
        req.on('data', (chunk) => (text += chunk)).on('end', () => done(text));
      });
      const reply = await fetch(`${signer}/demo/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(await reply.text());
      return;
    }
    const file = resolve(dir, `.${path === '/' ? '/index.html' : path}`);
    let content: string;
    try {
      if (req.method !== 'GET' || !file.startsWith(dir + sep)) throw new Error('not here');
      content = readFileSync(file, 'utf8');
    } catch {
      res.writeHead(404).end();
      return;
    }
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    if (type === 'text/html') content = content.replaceAll('{{PORTAL_ORIGIN}}', portalOrigin);
    res.writeHead(200, { 'Content-Type': `${type}; charset=utf-8`, 'Content-Security-Policy': csp }).end(content);
  });
  await new Promise<void>((done) => server.listen(0, done));
  site.url = `http://localhost:${(server.address() as AddressInfo).port}`;
  return site;
}

let server: RunningServer;
let browser: Browser;
let outDir: string;
const sites = {} as Record<Framework, ProviderSite>;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'lp-interop-'));
  // The apps import `lead-portal/…` through the package's exports map: dist/ and dist/types/ must be built.
  const builds = frameworks.map((framework) =>
    build({ configFile: `demo/${framework}/vite.config.ts`, logLevel: 'warn', build: { outDir: join(outDir, framework), emptyOutDir: true } }),
  );
  [server, browser] = await Promise.all([startServer(), launch(), ...builds]);
  // D9: the API answers only the provider's registered origins (the widgets call it from each app's origin); the API
  // itself is at 127.0.0.1, so every call crosses origins.
  const portalOrigin = server.url.replace('localhost', '127.0.0.1');
  for (const framework of frameworks) sites[framework] = await providerSite(join(outDir, framework), portalOrigin, server.url);
  const provider = (method: string, body?: unknown) =>
    fetch(`${server.url}/provider/v1/origins`, { method, headers: { Authorization: `Bearer ${server.apiKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const { origins } = (await (await provider('GET')).json()) as { origins: string[] };
  const put = await provider('PUT', { origins: [...origins, ...frameworks.map((framework) => sites[framework].url)] });
  expect(put.status, await put.text()).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(Object.values(sites).map((site) => site.close()));
  await server?.stop();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe.each(frameworks)('the %s demo', (framework) => {
  it('sets properties and attributes, hears lp-* events, applies the theme and renews the token through fetchToken', async () => {
    const site = sites[framework];
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => ((window as { violations?: string[] }).violations ??= []).push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    await page.goto(site.url);
    const wallet = page.locator('section.bar lp-wallet-balance');
    await expect.poll(() => wallet.locator('[part="amount"]').textContent()).toBe('$1,290.00');
    // Every widget inside the portal shares its client: one token for all of them.
    expect(site.tokenCalls).toBe(1);

    const seen = await page.evaluate(() => {
      const portal = document.querySelector('lp-portal')!;
      const bar = document.querySelector('section.bar')!.querySelector('lp-wallet-balance')!;
      const action = getComputedStyle(bar.shadowRoot!.querySelector('[part="action"]')!);
      return {
        // A complex value arrives as the property itself, never as a stringified attribute.
        appearance: portal.appearance,
        appearanceAttribute: portal.getAttribute('appearance'),
        fetchToken: typeof portal.fetchToken,
        fetchTokenAttribute: portal.getAttribute('fetchtoken') ?? portal.getAttribute('fetch-token'),
        // A primitive bound as an attribute arrives as the attribute, and the element reads it.
        customerIdAttribute: portal.getAttribute('customer-id'),
        customerId: portal.customerId,
        apiBase: portal.apiBase,
        billingHref: bar.billingHref,
        // The theme: `appearance` on the portal reaches a nested widget's shadow root, and the app's CSS sets a
        // widget's own token.
        primary: action.getPropertyValue('--lp-sys-color-primary').trim(),
        radius: action.borderTopLeftRadius,
        amountColor: getComputedStyle(bar.shadowRoot!.querySelector('[part="amount"]')!).color,
      };
    });
    expect(seen).toEqual({
      appearance: APPEARANCE,
      appearanceAttribute: null,
      fetchToken: 'function',
      fetchTokenAttribute: null,
      customerIdAttribute: 'roof-pros',
      customerId: 'roof-pros',
      apiBase: server.url.replace('localhost', '127.0.0.1'),
      billingHref: '/billing',
      primary: APPEARANCE.colorPrimary,
      radius: APPEARANCE.borderRadius,
      amountColor: AMOUNT_COLOR,
    });
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/interop-${framework}.png`, fullPage: true });

    // lp-navigate, heard by the framework's handler on the wallet: the app renders its own billing page and cancels
    // the event, so the wallet's link does not load /billing.
    await wallet.locator('[part="action"]').click();
    await expect.poll(() => page.getByRole('heading', { name: 'Billing', exact: true }).count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('button', { name: 'Back to the Buyer Center' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Funding', exact: true }).count()).toBe(1);

    // The next wallet request meets a 401 (a token the API no longer takes): the client asks fetchToken once more
    // and repeats the request (widgets/core/api-client.ts).
    let refused = 0;
    await page.route('**/api/v1/wallet*', (route) => {
      if (refused > 0 || route.request().method() !== 'GET') return route.fallback();
      refused++;
      return route.fulfill({ status: 401, json: { error: { code: 'unauthorized', message: 'Token refused', request_id: 'test' } }, headers: { 'Access-Control-Allow-Origin': site.url } });
    });
    // lp-customer-switched, heard on the portal: the app keeps the customer in its state and binds it back.
    await page.locator('lp-customer-switcher [part="action"]').click();
    await page.getByRole('menuitemradio', { name: /Sunny Solar/ }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Now buying for' }).textContent()).toBe('Now buying for Sunny Solar Co');
    await expect.poll(() => wallet.locator('[part="amount"]').textContent()).toBe('$62.00');
    expect(refused).toBe(1);
    expect(site.tokenCalls).toBe(2);
    expect(await page.evaluate(() => document.querySelector('lp-portal')!.getAttribute('customer-id'))).toBe('sunny-solar');

    expect(await page.evaluate(() => (window as { violations?: string[] }).violations ?? [])).toEqual([]);
    // Chromium logs every non-2xx reply: the refused request is the only one.
    expect(problems).toEqual(['console: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
    await page.close();
  });
});
