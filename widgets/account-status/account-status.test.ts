import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { AccountStatus } from '../core/api.js';
import { useLocale } from '../core/i18n.js';
import { a11yViolations } from '../core/testing/axe.js';
import { shadowQuery, shadowText, textOf } from '../core/testing/dom.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport, loadFixture, type FixtureOptions } from '../core/testing/fixture-transport.js';
import './account-status.js';
import type { LpAccountStatus } from './account-status.js';

async function mount(scenario: string, options?: FixtureOptions) {
  const transport = fixtureTransport(scenario, options);
  const element = await fixture<LpAccountStatus>(
    html`<lp-account-status token=${fakeToken()} .transport=${transport}></lp-account-status>`,
  );
  return { element, transport };
}


describe('<lp-account-status>', () => {
  it('shows nothing for an active account but keeps its live region', async () => {
    const { element, transport } = await mount('available');
    await waitUntil(() => transport.requests.length === 1);
    await element.updateComplete;
    const live = element.shadowRoot!.querySelector('[role="status"]');
    expect(live).to.exist;
    expect(textOf(live)).to.equal('');
    expect(element.getBoundingClientRect().height).to.equal(0);
  });

  it('shows nothing while loading', async () => {
    const { element } = await mount('paused', { delayMs: Infinity });
    expect(shadowText(element)).to.equal('');
  });

  const banners = [
    { scenario: 'paused', title: 'Account paused', tone: 'tone-warning' },
    { scenario: 'archived', title: 'Account archived', tone: 'tone-neutral' },
    { scenario: 'exhausted', title: 'Account inactive', tone: 'tone-danger' },
  ];
  for (const { scenario, title, tone } of banners) {
    it(`explains "${title}" and links to the provider's support address`, async () => {
      const account = await loadFixture<AccountStatus>(scenario, 'account');
      const element = (await mount(scenario)).element;
      const banner = await shadowQuery(element, '[part="banner"]');
      expect(banner.closest('[role="status"]'), 'inside the live region').to.exist;
      expect(banner.classList.contains(tone)).to.be.true;
      expect(banner.querySelector('svg.icon')).to.exist;
      expect(textOf(banner.querySelector('.title'))).to.equal(title);
      const link = banner.querySelector('a')!;
      expect(link.getAttribute('href')).to.equal(`mailto:${account.support_email}`);
      expect(textOf(link)).to.equal('Contact your provider');
      expect(await a11yViolations(element)).to.deep.equal([]);
    });
  }

  it('announces a status that appears after a customer switch', async () => {
    const { element } = await mount('available');
    await element.updateComplete;
    element.customerId = 'paused';
    const banner = await shadowQuery(element, '[part="banner"]');
    expect(textOf(banner.closest('[role="status"]'))).to.contain('Account paused');
  });

  it('shows an error with a retry outside the live region', async () => {
    const { element } = await mount('paused', { fail: 'server-error', failures: 1 });
    const alert = await shadowQuery(element, '[role="alert"]');
    expect(alert.closest('[role="status"]')).to.be.null;
    expect(await a11yViolations(element)).to.deep.equal([]);
    alert.querySelector('button')!.click();
    await shadowQuery(element, '[part="banner"]');
  });

  describe('in other languages', () => {
    afterEach(() => useLocale('en'));

    it('switches its language at run time with its locale', async () => {
      const element = await fixture<LpAccountStatus>(
        html`<lp-account-status token=${fakeToken()} locale="es-MX" .transport=${fixtureTransport('paused')}></lp-account-status>`,
      );
      const banner = await shadowQuery(element, '[part="banner"]');
      const title = () => textOf(banner.querySelector('.title'));
      await waitUntil(() => title() === 'Cuenta en pausa', 'no Spanish');
      expect(textOf(banner.querySelector('a'))).to.equal('Contacta a tu proveedor');
      expect(await a11yViolations(element)).to.deep.equal([]);

      element.locale = 'fr-CA';
      await waitUntil(() => title() === 'Compte en pause', 'no French');
      expect(textOf(banner.querySelector('a'))).to.equal('Communiquez avec votre fournisseur');

      element.locale = 'en-US';
      await waitUntil(() => title() === 'Account paused', 'English did not come back');
    });
  });
});
