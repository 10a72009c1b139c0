import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromeArgs, findChrome } from '../scripts/find-chrome.mjs';

export const SCREENSHOT_DIR = 'test-results/e2e';

export async function launch(): Promise<Browser> {
  const executablePath = findChrome();
  if (!executablePath) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROME_PATH)');
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({ executablePath, args: chromeArgs.filter((a) => a !== '--headless') });
}

/** Collects console errors, page errors and failed requests, so a test can assert a clean page. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // ERR_ABORTED is a widget cancelling a superseded request (customer or user switched), not a failure.
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  return problems;
}

/** axe-core (WCAG 2.2 AA) on the current page; returns violations as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  const require = createRequire(import.meta.url);
  // Evaluated over the DevTools protocol, so the page's strict CSP (no inline scripts) does not block it.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }> } }).axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'],
    }),
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

/** The seeded demo admin (server/db/seed.ts DEMO_USERS, DEMO_PASSWORD). */
export const DEMO_ADMIN = { email: 'dana@roofpros.example', password: 'lead-portal-demo' };

/**
 * Signs `page` in (the demo admin by default) as the sign-in page does: POST /app/session from the page itself, so
 * the session cookie lands in the page's browser context. /app opens signed in afterwards.
 */
export async function signIn(page: Page, baseUrl: string, account = DEMO_ADMIN): Promise<void> {
  await page.goto(`${baseUrl}/app/sign-in`);
  const status = await page.evaluate(
    async ({ email, password }) =>
      (await fetch('/app/session', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-LP-CSRF': '1' }, body: JSON.stringify({ email, password }) })).status,
    account,
  );
  if (status !== 200) throw new Error(`sign-in as ${account.email} answered ${status}`);
}
