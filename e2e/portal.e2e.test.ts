import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launch, SCREENSHOT_DIR, signIn, watchProblems } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// The seeded demo data (server/db/seed.ts): Roof Pros has $1,290.00 available and every bid covered; Sunny Solar
// $62.00 with one bid not covered; Pipe Masters is paused.
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, server.url);
  const problems = watchProblems(page);
  await page.goto(url);
  return { page, problems };
}

const amount = (page: Page, scope = '') => page.locator(`${scope} lp-wallet-balance [part="amount"]`.trim()).first();

describe('/app, the stand-alone portal', () => {
  it('shows the wallet, funding status, badge and switcher from the real API, with no errors or axe violations', async () => {
    const { page, problems } = await open(`${server.url}/app`);
    await expect.poll(() => amount(page).textContent()).toBe('$1,290.00');
    await expect.poll(() => page.locator('lp-wallet-balance .chip').first().textContent()).toMatch(/available/i);
    await expect.poll(() => page.locator('lp-customer-badge [part="amount"]').first().textContent()).toMatch(/%|no purchases/i);
    await expect.poll(() => page.locator('lp-customer-badge').first().textContent()).toBeDefined();
    // The landing section is the dashboard: this period's totals and the 30-day chart with its table of days.
    await expect.poll(() => page.locator('lp-dashboard section[aria-labelledby="totals"] .totals dt').allTextContents()).toEqual(['Today', 'This week', 'This month']);
    await expect.poll(() => page.locator('lp-dashboard figure tbody tr').count()).toBe(30);
    await expect.poll(() => page.locator('lp-dashboard lp-wallet-balance [part="amount"]').textContent()).toBe('$1,290.00');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/app-dashboard.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('switches customers: every widget follows, and a paused account shows its banner', async () => {
    const { page, problems } = await open(`${server.url}/app`);
    await expect.poll(() => amount(page).textContent()).toBe('$1,290.00');

    await page.locator('lp-customer-switcher [part="action"]').click();
    await page.getByRole('menuitemradio', { name: /Sunny Solar/ }).click();
    await expect.poll(() => amount(page).textContent()).toBe('$62.00');
    await expect.poll(() => page.locator('lp-wallet-balance .chip').first().textContent()).toMatch(/limited/i);

    await page.locator('lp-customer-switcher [part="action"]').click();
    await page.getByRole('menuitemradio', { name: /Pipe Masters/ }).click();
    await expect.poll(() => page.locator('lp-account-status [part="banner"]').first().textContent()).toMatch(/paused/i);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/app-paused.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sets up a new customer account from the switcher (D3): it becomes active with an empty wallet', async () => {
    const { page, problems } = await open(`${server.url}/app`);
    await expect.poll(() => amount(page).textContent()).toBe('$1,290.00');
    await page.locator('lp-customer-switcher [part="action"]').click();
    await page.getByRole('menuitem', { name: 'Set up a new customer account' }).click();
    await page.getByLabel('Business name').fill('Roof Pros LLC');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The same name again is refused by the server, next to the field.
    await expect.poll(() => page.locator('lp-customer-switcher dialog').textContent()).toMatch(/already have a customer named/);
    await page.getByLabel('Business name').fill('Lakeside Windows');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.locator('lp-customer-switcher [part="action"]').textContent()).toMatch(/Lakeside Windows/);
    await expect.poll(() => amount(page).textContent()).toBe('$0.00');
    await expect.poll(() => page.locator('lp-wallet-balance .chip').first().textContent()).toMatch(/exhausted/i);
    // Chromium logs every non-2xx reply; the refused duplicate is the only one.
    expect(problems).toEqual(['console: Failed to load resource: the server responded with a status of 409 (Conflict)']);
    await page.close();
  });

  it('answers any /app path with the portal: an unknown section shows the dashboard', async () => {
    const { page, problems } = await open(`${server.url}/app/no-such-section`);
    await expect.poll(() => amount(page).textContent()).toBe('$1,290.00');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Dashboard');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the strict page policy (D24)', () => {
  it('blocks a canary inline script on /app', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url);
    await page.goto(`${server.url}/app`);
    const violated = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
          const canary = document.createElement('script');
          canary.textContent = 'window.canaryRan = true';
          document.head.append(canary);
        }),
    );
    expect(violated).toBe('script-src-elem');
    expect(await page.evaluate(() => (window as { canaryRan?: boolean }).canaryRan)).toBeUndefined();
    await page.close();
  });
});

describe('the embed snippet (D32)', () => {
  it('lists an SRI hash for the loader and every module, matching the bytes the server serves', async () => {
    const snippet = await (await fetch(`${server.url}/widgets/embed-snippet.html`)).text();
    const { integrity } = JSON.parse(snippet.match(/<script type="importmap">([\s\S]*?)<\/script>/)![1]!) as { integrity: Record<string, string> };
    const loader = `${server.url}/widgets/v/${readFileSync('dist/build-id', 'utf8').trim()}/embed.js`;
    expect(Object.keys(integrity)).toContain(loader);
    for (const [url, expected] of Object.entries(integrity)) {
      const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
      expect(`sha384-${createHash('sha384').update(bytes).digest('base64')}`, url).toBe(expected);
    }
    expect(snippet).toContain(`src="${loader}" integrity="${integrity[loader]}"`);
  });

  it('caches the release path and hashed chunks for good and revalidates the stable entry names', async () => {
    const cacheOf = async (path: string) => (await fetch(`${server.url}/widgets/${path}`)).headers.get('cache-control');
    const snippet = await (await fetch(`${server.url}/widgets/embed-snippet.html`)).text();
    const release = snippet.match(/\/widgets\/(v\/[^/]+)\/embed\.js/)![1]!;
    const chunk = snippet.match(/\/widgets\/v\/[^/]+\/(chunks\/[^"]+\.js)/)![1]!;
    for (const path of [chunk, `${release}/embed.js`, `${release}/${chunk}`]) expect(await cacheOf(path), path).toBe('public, max-age=31536000, immutable');
    for (const entry of ['embed.js', 'customer-switcher.js', 'wallet-balance.js']) expect(await cacheOf(entry), entry).toBe('public, max-age=0, must-revalidate');
  });
});

describe('the demo provider site', () => {
  it('embeds the widgets from another origin with a token its own backend signed', async () => {
    const { page, problems } = await open(`${server.url}/`);
    await expect.poll(() => amount(page, 'section.bar').textContent()).toBe('$1,290.00');
    await expect.poll(() => page.locator('.cards lp-wallet-balance tr[part="row"]').count()).toBe(2);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/demo-site.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('follows the signed-in user: a viewer of one customer sees only that customer', async () => {
    const { page, problems } = await open(`${server.url}/`);
    await expect.poll(() => amount(page, 'section.bar').textContent()).toBe('$1,290.00');
    await page.selectOption('#demo-user', 'sam');
    await expect.poll(() => amount(page, 'section.bar').textContent()).toBe('$62.00');
    expect(problems).toEqual([]);
    await page.close();
  });
});
