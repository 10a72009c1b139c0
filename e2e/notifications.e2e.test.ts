import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launch, SCREENSHOT_DIR, signIn, watchProblems } from './browser.js';
import { startServer, type RunningServer } from './server.js';

interface Received {
  method: string;
  url: string;
  signature: string;
  body: string;
}

let server: RunningServer;
let browser: Browser;
let receiver: Server;
const received: Received[] = [];

beforeAll(async () => {
  // The buyer's own webhook endpoint: demo mode allows http to localhost (issue 7).
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, signature: String(req.headers['x-lp-signature'] ?? ''), body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  [server, browser] = await Promise.all([startServer(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

/** The README's verification: HMAC-SHA256 over `t.METHOD.path?query.body` with the signing secret (D21). */
function verified(secret: string, r: Received): boolean {
  const parts = new Map(r.signature.split(',').map((part) => part.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.get('t')}.${r.method}.${r.url}.${r.body}`).digest();
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('/app notifications against the real API (issue 7)', () => {
  it('adds a webhook recipient, shows its signing secret once, and a test send arrives signed with it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url);
    const problems = watchProblems(page);
    await page.goto(`${server.url}/app/notifications`);
    const widget = page.locator('lp-notifications');
    await widget.getByRole('button', { name: 'Add recipient' }).click({ timeout: 30_000 });

    const dialog = widget.locator('dialog.form');
    await dialog.getByLabel('Name').fill('My CRM');
    await dialog.getByLabel('Webhook').check();
    const url = `http://localhost:${(receiver.address() as AddressInfo).port}/hooks/leads?source=lead-portal`;
    await dialog.getByLabel('URL').fill(url);
    await dialog.getByRole('button', { name: 'Save' }).click();

    const secretInput = widget.locator('#secret');
    await expect.poll(() => secretInput.inputValue(), { timeout: 15_000 }).toMatch(/\S{20,}/);
    const secret = await secretInput.inputValue();
    const row = widget.locator('tbody tr', { hasText: 'My CRM' });
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => widget.locator('[role="status"]').allTextContents(), { timeout: 15_000 }).toContainEqual(expect.stringContaining('Test sent to My CRM: answered 204.'));

    expect(received).toHaveLength(1);
    const [test] = received as [Received];
    expect(test.url).toBe('/hooks/leads?source=lead-portal');
    expect(verified(secret, test)).toBe(true);
    expect(verified('not-the-secret', test)).toBe(false);
    expect(JSON.parse(test.body).id).toMatch(/^test_/); // a test send's idempotency id
    await page.screenshot({ path: `${SCREENSHOT_DIR}/app-notifications.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
