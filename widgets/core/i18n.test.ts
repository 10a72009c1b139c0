import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Wallet } from './api.js';
import { catalogueFor, useLocale } from './i18n.js';
import { a11yViolations } from './testing/axe.js';
import { shadowQuery, textOf } from './testing/dom.js';
import { fakeToken } from './testing/fake-token.js';
import { fixtureTransport, loadFixture } from './testing/fixture-transport.js';
import '../wallet-balance/wallet-balance.js';
import type { LpWalletBalance } from '../wallet-balance/wallet-balance.js';

describe('message catalogues (i18n)', () => {
  afterEach(() => useLocale('en'));

  it('picks the exact catalogue, else one of the same language, else none', () => {
    const available = ['en', 'es', 'fr-CA'];
    expect(catalogueFor('fr-CA', available)).to.equal('fr-CA');
    expect(catalogueFor('fr-FR', available)).to.equal('fr-CA');
    expect(catalogueFor('es-MX', available)).to.equal('es');
    expect(catalogueFor('en-US', available)).to.equal('en');
    expect(catalogueFor('de-DE', available)).to.be.undefined;
  });

  it('switches a widget’s language at run time with its locale: text, money and the live region follow', async () => {
    const wallet = await loadFixture<Wallet>('available', 'wallet');
    const element = await fixture<LpWalletBalance>(
      html`<lp-wallet-balance token=${fakeToken()} locale="en-US" .transport=${fixtureTransport('available')}></lp-wallet-balance>`,
    );
    const amount = async () => textOf(await shadowQuery(element, '[part="amount"]'))?.replace(/\s/g, ' ');
    const label = () => textOf(element.shadowRoot!.querySelector('.chip'));
    // Compared with spaces normalised: Intl puts no-break spaces where the page's text has plain ones.
    const money = (locale: string) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }).format(wallet.available_cents / 100).replace(/\s/g, ' ');

    expect(await amount()).to.equal(money('en-US'));
    expect(label()).to.equal('Funds available');

    element.locale = 'es-MX';
    await waitUntil(() => label() === 'Fondos disponibles', 'no Spanish');
    expect(await amount()).to.equal(money('es-MX'));
    expect(element.shadowRoot!.textContent).to.contain('Saldo disponible');
    expect(await a11yViolations(element)).to.deep.equal([]);

    element.locale = 'fr-CA';
    await waitUntil(() => label() === 'Fonds disponibles', 'no French');
    expect(await amount()).to.equal(money('fr-CA'));

    element.locale = 'en-US';
    await waitUntil(() => label() === 'Funds available', 'English did not come back');
    expect(element.shadowRoot!.textContent).to.contain('Available balance');
  });
});
