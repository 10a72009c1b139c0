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

describe('/app/limits against the real API', () => {
  it('sets a daily cap from the nav; the top bar’s funding reloads, and the cap is still there after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url);
    const problems = watchProblems(page);
    await page.goto(`${server.url}/app`);
    await page.getByRole('link', { name: 'Bidding limits' }).click();
    const limits = page.locator('lp-bidding-limits');
    const edit = limits.locator('[data-edit="customer"]');
    await expect.poll(() => edit.count(), { timeout: 30_000 }).toBe(1);
    expect(page.url()).toBe(`${server.url}/app/limits`);

    await edit.click();
    await limits.locator('input[name="day.count"]').fill('12');
    await limits.locator('input[name="day.spend_cents"]').fill('450.50');
    const walletReload = page.waitForResponse((r) => r.url().endsWith('/api/v1/wallet') && r.request().method() === 'GET');
    await limits.getByRole('button', { name: 'Save caps' }).click();
    const today = limits.locator('[aria-labelledby="account-title"] .period').first();
    await expect.poll(() => today.textContent()).toMatch(/0 of 12 leads/);
    expect(await today.textContent()).toMatch(/\$0\.00 of \$450\.50 spent/);
    expect((await walletReload).status()).toBe(200);

    await page.reload();
    await expect.poll(() => limits.locator('[aria-labelledby="account-title"] .period').first().textContent(), { timeout: 30_000 }).toMatch(/of 12 leads/);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/app-limits.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
