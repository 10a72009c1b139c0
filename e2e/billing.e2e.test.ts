import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launch, SCREENSHOT_DIR, signIn, watchProblems } from './browser.js';
import { startServer, type RunningServer } from './server.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // No Stripe keys: the demo provider has not set up card payments.
  [server, browser] = await Promise.all([startServer(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('/app/billing against the real API', () => {
  it('opens from the top bar’s wallet; says card payments are not set up and still lists the transactions', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url);
    const problems = watchProblems(page);
    await page.goto(`${server.url}/app`);
    const wallet = page.locator('header lp-wallet-balance [part="action"]');
    await expect.poll(() => wallet.count(), { timeout: 30_000 }).toBe(1);
    await wallet.click();
    const panel = page.locator('lp-billing-panel');
    await expect.poll(() => panel.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(page.url()).toBe(`${server.url}/app/billing`);
    expect(await page.locator('lp-portal-app h1').textContent()).toBe('Billing');

    const provider = (await page.locator('lp-portal-app .brand').textContent())!.trim();
    expect(await panel.locator('.not-configured').textContent()).toMatch(new RegExp(`Card payments are not set up yet.*To add cards or funds, contact ${provider}\\.`, 's'));
    for (const selector of ['[data-add-card]', 'form.funds', 'form.auto']) expect(await panel.locator(selector).count(), selector).toBe(0);
    expect(await panel.locator('tbody tr th').first().textContent()).toBeTruthy();

    await page.screenshot({ path: `${SCREENSHOT_DIR}/app-billing.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
