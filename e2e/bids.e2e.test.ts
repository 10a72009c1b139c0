import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launch, SCREENSHOT_DIR, signIn, watchProblems } from './browser.js';
import { startServer, type RunningServer } from './server.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('/app/bids against the real API', () => {
  it('creates a bid in the form; it shows in the table and the top bar’s funding reloads', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url);
    const problems = watchProblems(page);
    await page.goto(`${server.url}/app/bids`);
    const manager = page.locator('lp-bids-manager');
    await expect.poll(() => manager.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const before = await manager.locator('tbody tr').count();

    await page.getByRole('button', { name: 'New bid' }).click();
    await page.getByLabel('Name', { exact: true }).fill('E2E — Travis County');
    await page.getByLabel('Lead type').selectOption({ label: 'Roofing — repair' });
    await page.getByLabel('Amount (USD)').fill('12.50');
    await page.getByRole('radio', { name: 'A county' }).check();
    await page.getByLabel('State', { exact: true }).selectOption('TX');
    await page.getByLabel('County FIPS code').fill('48453');
    await page.getByRole('button', { name: 'Save bid' }).click();
    // The client checks the amount against the lead type's range first.
    await expect.poll(() => page.locator('lp-bid-form #amount_cents-error').textContent()).toBe('Bid at least $15.00');

    await page.getByLabel('Amount (USD)').fill('25');
    const walletReload = page.waitForResponse((r) => r.url().endsWith('/api/v1/wallet') && r.request().method() === 'GET');
    await page.getByRole('button', { name: 'Save bid' }).click();
    await expect.poll(() => manager.locator('tbody tr').count()).toBe(before + 1);
    const row = manager.locator('tbody tr', { hasText: 'E2E — Travis County' });
    await expect.poll(() => row.locator('[part="amount"]').textContent()).toBe('$25.00');
    await expect.poll(() => row.locator('td').nth(1).textContent()).toBe('Travis County, TX');
    expect((await walletReload).status()).toBe(200);

    // Issue 3's "done": the provider posts a matching lead (the README's curl call); the buyer's wallet pays for it.
    const balance = () => page.locator('lp-wallet-balance [part="amount"]').first().textContent();
    const before$ = await balance();
    const posted = await fetch(`${server.url}/provider/v1/leads`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ external_id: 'e2e-lead-1', lead_type: 'Roofing — repair', fields: { first_name: 'Ada', last_name: 'Lee', phone: '(512) 555-0199', state: 'TX', county: 'Travis', zip: '78701', roof_age_years: 12 } }),
    });
    const sale = (await posted.json()) as { status: string; winners: { bid_id: string; price_cents: number }[] };
    expect(posted.status).toBe(200);
    expect(sale.status).toBe('assigned');
    expect(sale.winners.map((w) => w.price_cents)).toEqual([2_500]); // Roof Pros' $25 Texas bid, earlier than the new $25 one
    await page.reload();
    await expect.poll(balance, { timeout: 30_000 }).not.toBe(before$);

    await page.screenshot({ path: `${SCREENSHOT_DIR}/app-bids.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
