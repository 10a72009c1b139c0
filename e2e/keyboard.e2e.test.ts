import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, DEMO_ADMIN, launch, watchProblems } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// /app with the keyboard alone (issue 10, WCAG 2.1.1): no mouse event is sent in this file.
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Focused {
  tag: string;
  label: string;
  /** The focus indicator: an outline that is drawn, or a box shadow. */
  visible: boolean;
}

/** The element that has the focus, through shadow roots, with what a screen reader would roughly call it. */
const focused = (page: Page): Promise<Focused | null> =>
  page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const label = element.getAttribute('aria-label') ?? (element as HTMLInputElement).labels?.[0]?.textContent ?? element.textContent ?? '';
    return {
      tag: element.localName,
      label: label.replace(/\s+/g, ' ').trim(),
      visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
    };
  });

/** Presses Tab until `wanted` has the focus; every stop on the way must show where the focus is. */
async function tabTo(page: Page, wanted: (f: Focused) => boolean, what: string): Promise<Focused> {
  const stops: string[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (!now) continue;
    stops.push(`${now.tag} "${now.label}"`);
    expect(now.visible, `no visible focus on ${now.tag} "${now.label}"`).toBe(true);
    if (wanted(now)) return now;
  }
  throw new Error(`Tab never reached ${what}; it stopped at: ${stops.join(', ')}`);
}

const amount = (page: Page) => page.locator('header lp-wallet-balance [part="amount"]').first();

describe('/app by keyboard only', () => {
  it('signs in, skips to the content, changes section, switches customer and edits a cap, with focus always visible', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchProblems(page);

    // Sign in: Tab to each field, type, Enter submits.
    await page.goto(`${server.url}/app/sign-in`);
    await tabTo(page, (f) => f.tag === 'input' && /email/i.test(f.label), 'the email field');
    await page.keyboard.type(DEMO_ADMIN.email);
    await tabTo(page, (f) => f.tag === 'input' && /password/i.test(f.label), 'the password field');
    await page.keyboard.type(DEMO_ADMIN.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/app`);
    await expect.poll(() => amount(page).textContent()).toBe('$1,290.00');

    // The first Tab stop is the skip link; it lands on the section's heading.
    await page.keyboard.press('Tab');
    expect((await focused(page))?.label).toMatch(/skip/i);
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ tag: 'h1', label: 'Dashboard' });

    // A section link, then Enter: the new section's heading has the focus.
    await page.keyboard.press('Shift+Tab'); // back into the top bar, which comes before the content
    await tabTo(page, (f) => f.tag === 'a' && f.label === 'Bidding limits', 'the Bidding limits link');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/app/limits`);
    await expect.poll(async () => (await focused(page))?.label).toBe('Bidding limits');

    // The customer switcher is a menu button: ArrowDown opens it, arrows move, Enter chooses.
    await tabTo(page, (f) => /customer/i.test(f.label) && f.tag === 'button', 'the customer switcher');
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 10 && !/Sunny Solar/.test((await focused(page))?.label ?? ''); i++) await page.keyboard.press('ArrowDown');
    expect((await focused(page))?.label).toMatch(/Sunny Solar/);
    await page.keyboard.press('Enter');
    await expect.poll(() => amount(page).textContent()).toBe('$62.00');

    // A cap edited with the keyboard: the form opens on Enter, Escape closes it and gives the focus back.
    await tabTo(page, (f) => f.tag === 'button' && /set a cap|edit caps/i.test(f.label), 'the account caps button');
    const opener = (await focused(page))!.label;
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page))?.tag).toBe('input');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page))?.label).toBe(opener);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page))?.tag).toBe('input');
    await page.keyboard.type('3'); // leads per day
    await tabTo(page, (f) => f.tag === 'button' && /save caps/i.test(f.label), 'Save caps');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('lp-bidding-limits').getByText('0 of 3 leads').count()).toBeGreaterThan(0);

    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
