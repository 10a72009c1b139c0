import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launch, SCREENSHOT_DIR, signIn, watchProblems } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// The seeded demo data (server/db/seed.ts): the marketplace is on with unsold leads listed; Roof Pros has $1,290.00.
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('/app marketplace against the real API (issue 5)', () => {
  it('a listing the provider posts appears without a reload; buying it lowers the top bar’s wallet', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url);
    const problems = watchProblems(page);
    await page.goto(`${server.url}/app`);
    const wallet = page.locator('header lp-wallet-balance [part="amount"]').first();
    await expect.poll(() => wallet.textContent(), { timeout: 30_000 }).toBe('$1,290.00');
    await page.getByRole('link', { name: 'Marketplace' }).click();
    const market = page.locator('lp-marketplace');
    await expect.poll(() => market.locator('[part="tile"]').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    // The provider takes one of its listings back (it leaves the page) and lists the lead again at a fixed $30.
    const { items } = await server.provider('GET', '/listings?status=open');
    const old = items[0];
    await server.provider('POST', `/listings/${old.id}/withdraw`);
    await expect.poll(() => market.locator(`[data-id="${old.id}"]`).count(), { timeout: 15_000 }).toBe(0);
    const listed = await server.provider('POST', '/listings', { lead_id: old.lead_external_id, first_price_cents: 3_000, step_cents: 0, floor_cents: 3_000 });
    const tile = market.locator(`[data-id="${listed.id}"]`);
    await expect.poll(() => tile.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => tile.locator('[part="price"]').textContent()).toBe('$30.00');
    // It faded in (unless the reader prefers reduced motion): check it once it is fully there.
    await tile.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
    await page.screenshot({ path: `${SCREENSHOT_DIR}/app-marketplace.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await tile.getByRole('button', { name: /Buy now/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Buy for $30.00' }).click();
    await expect.poll(() => market.getByRole('status').first().textContent()).toContain('Bought for $30.00.');
    await expect.poll(() => tile.count()).toBe(0);
    await expect.poll(() => wallet.textContent(), { timeout: 15_000 }).toBe('$1,260.00');
    expect(problems).toEqual([]);
  });
});
