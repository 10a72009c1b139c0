import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../account-status/account-status.js';
import '../customer-badge/customer-badge.js';
import '../customer-switcher/customer-switcher.js';
import '../portal/portal.js';
import '../wallet-balance/wallet-balance.js';
import { rootThemeCss } from './page-theme.js';
import { a11yViolations } from './testing/axe.js';
import { shadowQuery } from './testing/dom.js';
import { fakeToken } from './testing/fake-token.js';
import { fixtureTransport } from './testing/fixture-transport.js';

// D24: the theme is checked where it lands, in computed styles inside the widgets' shadow roots.

const style = (element: Element) => getComputedStyle(element);

async function badgeDetail(page: HTMLElement) {
  const badge = page.querySelector('lp-customer-badge')!;
  return shadowQuery(badge, 'tr.is-current');
}

async function mount() {
  return fixture<HTMLDivElement>(html`<div>
    <lp-wallet-balance token=${fakeToken()} .transport=${fixtureTransport('available')}></lp-wallet-balance>
    <lp-customer-badge variant="detail" token=${fakeToken()} .transport=${fixtureTransport('available')}></lp-customer-badge>
  </div>`);
}

describe('theme tokens', () => {
  const pageSheet = new CSSStyleSheet();
  pageSheet.replaceSync(rootThemeCss);

  afterEach(async () => {
    document.documentElement.removeAttribute('style');
    document.documentElement.removeAttribute('data-lp-theme');
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== pageSheet);
    await emulateMedia({ colorScheme: 'light' });
  });

  it('takes --lp-sys-* roles set on the page, through the shadow root', async () => {
    const page = await mount();
    const amount = await shadowQuery(page.querySelector('lp-wallet-balance')!, '[part="amount"]');
    const currentTier = await badgeDetail(page);
    const before = style(currentTier).backgroundColor;

    document.documentElement.style.setProperty('--lp-sys-color-text', 'rgb(1, 2, 3)');
    document.documentElement.style.setProperty('--lp-sys-color-primary', 'rgb(200, 0, 0)');
    expect(style(amount).color).to.equal('rgb(1, 2, 3)');
    // The selected-row colour is derived from the primary role, so it follows the page's brand colour.
    expect(style(currentTier).backgroundColor).not.to.equal(before);
  });

  it('reaches every top-bar widget: the page font role lands inside each shadow root', async () => {
    const portal = await fixture(html`<lp-portal token=${fakeToken()} .transport=${fixtureTransport('paused')}>
      <lp-wallet-balance></lp-wallet-balance>
      <lp-customer-badge></lp-customer-badge>
      <lp-customer-switcher></lp-customer-switcher>
      <lp-account-status></lp-account-status>
    </lp-portal>`);
    document.documentElement.style.setProperty('--lp-sys-font-family', 'LpThemeProbe, serif');
    for (const tag of ['lp-wallet-balance', 'lp-customer-badge', 'lp-customer-switcher', 'lp-account-status']) {
      const part = await shadowQuery(portal.querySelector(tag)!, '[part]');
      expect(style(part).fontFamily, tag).to.contain('LpThemeProbe');
    }
  });

  it('takes appearance.colorPrimary from <lp-portal>', async () => {
    const portal = await fixture(html`<lp-portal token=${fakeToken()} .transport=${fixtureTransport('available')}>
      <lp-customer-badge variant="detail"></lp-customer-badge>
    </lp-portal>`);
    const currentTier = await badgeDetail(portal as HTMLElement);
    const before = style(currentTier).backgroundColor;
    Object.assign(portal, { appearance: { colorPrimary: 'rgb(0, 160, 0)', colorText: 'rgb(4, 5, 6)' } });
    await waitUntil(() => style(currentTier).backgroundColor !== before, 'the primary colour did not reach the widget');
    expect(style(currentTier.querySelector('th')!).color).to.equal('rgb(4, 5, 6)');
  });

  it('switches to dark when the page says so, never from prefers-color-scheme', async () => {
    const page = await mount();
    const wallet = page.querySelector('lp-wallet-balance')!;
    const amount = await shadowQuery(wallet, '[part="amount"]');
    await badgeDetail(page);
    const light = style(amount).color;

    await emulateMedia({ colorScheme: 'dark' });
    expect(style(amount).color, 'prefers-color-scheme is ignored').to.equal(light);

    document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];
    document.documentElement.setAttribute('data-lp-theme', 'dark');
    document.documentElement.style.setProperty('background', 'var(--lp-sys-color-surface)');
    expect(style(amount).color).to.equal('rgb(249, 250, 251)');
    // Dark is AA too (axe measures the contrast of every text it finds).
    expect(await a11yViolations(page)).to.deep.equal([]);
  });
});
