import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launch, SCREENSHOT_DIR, signIn, watchProblems } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// The seeded demo data (server/db/seed.ts): Roof Pros has $1,290.00 available and no returns yet; its latest lead,
// bought yesterday for $25.00 inside the 7-day return window, has the phone number +1 512-555-1005.
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('/app leads and returns against the real API (issue 4, "Done means")', () => {
  it('finds a lead by phone number, requests a return; the provider approves it and the wallet and badge follow', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url);
    const problems = watchProblems(page);
    await page.goto(`${server.url}/app`);
    const wallet = page.locator('header lp-wallet-balance [part="amount"]').first();
    const rate = page.locator('header lp-customer-badge [part="amount"]').first();
    await expect.poll(() => wallet.textContent(), { timeout: 30_000 }).toBe('$1,290.00');
    await expect.poll(() => rate.textContent()).toBe('0%');

    await page.getByRole('link', { name: 'Leads' }).click();
    const table = page.locator('lp-leads-table');
    await table.getByLabel('Search').fill('(512) 555-1005');
    await table.getByRole('button', { name: 'Apply' }).click();
    const rows = table.locator('tbody tr[part="row"]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    await rows.first().click();

    await expect.poll(() => page.url()).toMatch(/\/app\/leads\/lead_\w+$/);
    const detail = page.locator('lp-lead-detail');
    await expect.poll(() => detail.locator('dd').allTextContents()).toContain('+15125551005');
    await detail.getByLabel('Reason').selectOption('Wrong number');
    await detail.getByLabel('Note (optional)').fill('Nobody by that name at this number');
    await detail.getByRole('button', { name: 'Request return' }).click();
    await expect.poll(() => detail.locator('article').first().textContent()).toContain('Return pending');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/app-lead-return.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // The provider works through its queue with the API key, as the README's curl does.
    const queue = await server.provider('GET', '/returns?status=pending');
    const request = queue.items.find((r: { note: string }) => r.note === 'Nobody by that name at this number');
    expect(request).toMatchObject({ reason_code: 'Wrong number', refund_cents: 2_500, customer: { external_id: 'roof-pros' } });
    expect((await server.provider('POST', `/returns/${request.id}/approve`)).status).toBe('approved');

    // No reload: the portal follows the server's events (D22), so the top bar shows the refund and the new rate.
    await expect.poll(() => wallet.textContent(), { timeout: 15_000 }).toBe('$1,315.00');
    await expect.poll(() => rate.textContent()).toBe('11.9%'); // $25 returned of $210 bought
    await expect.poll(() => detail.locator('article').first().textContent()).toContain('Return approved');
    expect(problems).toEqual([]);
    await page.close();
  });
});
