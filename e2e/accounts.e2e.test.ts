import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailTo } from '../server/test/accounts-fixtures.js';
import { SmtpReceiver } from '../server/test/notify-receivers.js';
import { axeViolations, launch, SCREENSHOT_DIR, signIn, watchProblems } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// /app accounts (issue 8) in a real browser against a real server whose account mail goes to a local SMTP server.
let server: RunningServer;
let browser: Browser;
let smtp: SmtpReceiver;

beforeAll(async () => {
  smtp = await new SmtpReceiver().start();
  [server, browser] = await Promise.all([startServer({ SMTP_URL: smtp.url }), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

const newPage = () => browser.newPage({ viewport: { width: 1280, height: 900 } });
const heading = (page: Page) => page.locator('main h1').first();
/** Chromium logs each non-2xx reply; these are the ones a flow expects. */
const refused = (status: string) => `console: Failed to load resource: the server responded with a status of ${status}`;

async function signInWithForm(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('/app accounts', () => {
  it('registers in two steps, lands in the portal, signs out, and signs back in to the page it asked for', async () => {
    const page = await newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/app/register`);
    await page.getByLabel('Your name').fill('Riley Park');
    // An email that has an account: the server's refusal reopens step 1 on that field.
    await page.getByLabel('Email').fill('dana@roofpros.example');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('lp-app-account #user-password-error').textContent()).toMatch(/at least 10/);
    await page.getByLabel('Password').fill('riley-park-2026');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('lp-app-account').getByText('Step 2 of 2').count()).toBe(1);
    await page.getByLabel('Business name').fill('Park Roofing');
    expect(await page.getByLabel('Billing email').inputValue()).toBe('dana@roofpros.example');
    await page.getByLabel('Billing email').fill('billing@parkroofing.example');
    await page.getByLabel('Phone').fill('+1 512 555 0142');
    await page.getByLabel('Street address').fill('100 Congress Ave');
    await page.getByLabel('City').fill('Austin');
    await page.getByLabel('State', { exact: true }).selectOption('TX');
    await page.getByLabel('ZIP code').fill('78701');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/app-register.png`, fullPage: true });
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.locator('lp-app-account #user-email-error').textContent()).toMatch(/already exists/);
    expect(await page.getByLabel('Your name').inputValue()).toBe('Riley Park');

    await page.getByLabel('Email').fill('riley@parkroofing.example');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${server.url}/app`);
    await expect.poll(() => page.locator('lp-customer-switcher [part="action"]').textContent()).toMatch(/Park Roofing/);
    await expect.poll(() => heading(page).textContent()).toBe('Dashboard');
    // The new customer's admin sees the Team section.
    expect(await page.getByRole('link', { name: 'Team' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/app/sign-in`);
    await page.goto(`${server.url}/app/limits`);
    await page.waitForURL(`${server.url}/app/sign-in?next=%2Fapp%2Flimits`);
    await signInWithForm(page, 'riley@parkroofing.example', 'wrong-password-1');
    await expect.poll(() => page.locator('lp-app-account [role="alert"]').textContent()).toMatch(/email or password/i);
    await signInWithForm(page, 'riley@parkroofing.example', 'riley-park-2026');
    await page.waitForURL(`${server.url}/app/limits`);
    await expect.poll(() => heading(page).textContent()).toBe('Bidding limits');
    // The refused duplicate, /app/token without a session, and the wrong password.
    expect(problems.sort()).toEqual([refused('401 (Unauthorized)'), refused('401 (Unauthorized)'), refused('409 (Conflict)')]);
    await page.close();
  });

  it('resets a forgotten password through the mailed link (token in the fragment), once', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/app/sign-in`);
    expect(await page.locator('lp-app-account').getByText('dana@roofpros.example').count()).toBe(1); // demo mode shows the credentials
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(`${server.url}/app/forgot-password`);
    const before = smtp.mails.length;
    await page.getByLabel('Email').fill('sam@sunnysolar.example');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect.poll(() => page.locator('lp-app-account [role="status"]').textContent()).toMatch(/on its way/);
    expect(await axeViolations(page)).toEqual([]);

    const { link } = await mailTo(smtp, 'sam@sunnysolar.example', before);
    expect(link).toMatch(new RegExp(`^${server.url}/app/reset-password#token=`));
    await page.goto(link);
    await expect.poll(() => page.url()).toBe(`${server.url}/app/reset-password`); // the token left the address bar
    await page.getByLabel('New password').fill('sam-new-password-1');
    await page.getByRole('button', { name: 'Save password' }).click();
    await expect.poll(() => page.locator('lp-app-account [role="status"]').textContent()).toMatch(/password is changed/);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/app-reset-password.png`, fullPage: true });

    // The link works once.
    await page.goto('about:blank');
    await page.goto(link);
    await page.getByLabel('New password').fill('sam-newer-password-2');
    await page.getByRole('button', { name: 'Save password' }).click();
    await expect.poll(() => page.locator('lp-app-account [role="alert"]').textContent()).toMatch(/expired or was already used/);

    await page.goto(`${server.url}/app/sign-in`);
    await signInWithForm(page, 'sam@sunnysolar.example', 'sam-new-password-1');
    await page.waitForURL(`${server.url}/app`);
    await expect.poll(() => heading(page).textContent()).toBe('Dashboard');
    await page.close();
  });

  it('an admin invites a viewer, who joins through the mailed link; the viewer has no Team section and the API refuses them the team', async () => {
    const admin = await newPage();
    const problems = watchProblems(admin);
    await signIn(admin, server.url);
    await admin.goto(`${server.url}/app/team`);
    const team = admin.locator('lp-team');
    await expect.poll(() => team.locator('tbody tr').count()).toBeGreaterThan(0);
    const before = smtp.mails.length;
    await team.getByLabel('Email').fill('vera@example.com');
    await team.getByLabel('Role', { exact: true }).selectOption('viewer');
    await team.getByRole('button', { name: 'Invite' }).click();
    await expect.poll(() => team.locator('[role="status"]').textContent()).toBe('Invited vera@example.com.');
    await expect.poll(() => team.locator('li', { hasText: 'vera@example.com' }).textContent()).toMatch(/vera@example\.com · Viewer · expires/);
    expect(await axeViolations(admin)).toEqual([]);
    await admin.screenshot({ path: `${SCREENSHOT_DIR}/app-team.png`, fullPage: true });
    expect(problems).toEqual([]);

    const { link } = await mailTo(smtp, 'vera@example.com', before);
    const vera = await newPage();
    await vera.goto(link);
    await vera.getByRole('button', { name: 'Accept invitation' }).click();
    // No account yet: the page asks for a name and a password.
    await vera.getByLabel('Your name').fill('Vera Viewer');
    await vera.getByLabel('Password').fill('vera-password-1');
    expect(await axeViolations(vera)).toEqual([]);
    await vera.getByRole('button', { name: 'Accept invitation' }).click();
    await vera.waitForURL(`${server.url}/app`);
    await expect.poll(() => vera.locator('lp-customer-switcher [part="action"]').textContent()).toMatch(/Roof Pros/);
    expect(await vera.getByRole('link', { name: 'Team' }).count()).toBe(0);
    const status = await vera.evaluate(async () => {
      const { token } = (await (await fetch('/app/token')).json()) as { token: string };
      return (await fetch('/api/v1/team', { headers: { Authorization: `Bearer ${token}` } })).status;
    });
    expect(status).toBe(403);
    // Typed in by hand, the section says only admins manage the team, with nothing to change.
    await vera.goto(`${server.url}/app/team`);
    await expect.poll(() => vera.locator('lp-team .notice').textContent()).toMatch(/Only an admin/);
    expect(await vera.locator('lp-team button, lp-team select').count()).toBe(0);

    // Back at the admin's: the viewer is on the team; the admin removes them after confirming.
    await admin.reload();
    const row = team.locator('tbody tr', { hasText: 'Vera Viewer' });
    await row.getByRole('button', { name: 'Remove' }).click();
    await team.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => team.locator('[role="status"]').textContent()).toBe('Removed Vera Viewer.');
    await admin.close();
    await vera.close();
  });
});
