import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, watchProblems } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// What a provider's front-end team meets when it embeds the widgets (issue 10): a strict CSP, a page that loads
// the bundle twice, each copy with its own Lit.
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page that records every CSP violation from its first script on. */
async function openWatched(url: string): Promise<{ page: Page; problems: string[]; csp: string }> {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const seen = ((window as { violations?: string[] }).violations ??= []);
      seen.push(`${e.effectiveDirective} ${e.blockedURI}`);
    });
  });
  const reply = await page.goto(url);
  return { page, problems, csp: (await reply!.allHeaders())['content-security-policy'] ?? '' };
}

const violations = (page: Page) => page.evaluate(() => (window as { violations?: string[] }).violations ?? []);

describe('embedding under a strict CSP', () => {
  it('runs the demo provider page with no unsafe-inline, no unsafe-eval and no violation', async () => {
    const { page, problems, csp } = await openWatched(`${server.url}/`);
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives['script-src'], csp).toBeDefined();
    for (const name of ['default-src', 'script-src', 'style-src']) {
      for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'"]) expect(directives[name] ?? [], `${name} in ${csp}`).not.toContain(unsafe);
    }
    // The widgets came up (they adopt constructable stylesheets, so style-src needs nothing inline).
    await expect.poll(() => page.locator('section.bar lp-wallet-balance [part="amount"]').textContent()).toBe('$1,290.00');
    await expect.poll(() => page.locator('lp-customer-badge [part="amount"]').first().textContent()).toMatch(/%|no purchases/i);
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('registration safety', () => {
  it('loads the bundle twice, each copy with its own Lit, without an error, and the widgets still work', async () => {
    const release = `/widgets/v/${readFileSync('dist/build-id', 'utf8').trim()}`;
    const page = await browser.newPage();
    const problems = watchProblems(page);
    // Two URLs of the same build are two module graphs: two Lits, two classes per tag. The second define() of a tag
    // is skipped (same version: silently), as when a provider's page and a third-party script both embed us.
    await page.route(`${server.url}/twice.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><title>twice</title>
<lp-account-status id="before"></lp-account-status>
<script type="module" src="/widgets/embed.js"></script>
<script type="module" src="${release}/embed.js"></script>
<script type="module">
  import '/widgets/account-status.js';
  import '${release}/account-status.js';
  import '${release}/portal.js';
  window.bothLoaded = true;
</script>`,
      }),
    );
    await page.goto(`${server.url}/twice.html`);
    await expect.poll(() => page.evaluate(() => (window as { bothLoaded?: boolean }).bothLoaded)).toBe(true);
    const state = await page.evaluate(async () => {
      const tag = 'lp-account-status';
      await customElements.whenDefined(tag);
      const later = document.createElement(tag);
      document.body.append(later);
      const litCopies = (globalThis as { litElementVersions?: string[] }).litElementVersions ?? [];
      return {
        upgraded: [document.getElementById('before'), later].every((el) => el instanceof customElements.get(tag)! && el!.shadowRoot !== null),
        litCopies: litCopies.length,
      };
    });
    expect(state).toEqual({ upgraded: true, litCopies: 2 });
    expect(problems).toEqual([]);
    await page.close();
  });
});
