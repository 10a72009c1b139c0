import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../account-status/account-status.js';
import type { Badge, Session, Wallet } from '../core/api.js';
import { shadowQuery, shadowText, textOf } from '../core/testing/dom.js';
import { money, percent } from '../core/testing/expected.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport, loadFixture, type FixtureOptions } from '../core/testing/fixture-transport.js';
import '../customer-badge/customer-badge.js';
import '../customer-switcher/customer-switcher.js';
import '../wallet-balance/wallet-balance.js';
import './portal.js';
import { LpPortal } from './portal.js';


async function mountPortal(scenario: string, options: FixtureOptions = {}) {
  const transport = fixtureTransport(scenario, options);
  let tokensFetched = 0;
  const fetchToken = async () => (tokensFetched++, fakeToken());
  const portal = await fixture<LpPortal>(html`<lp-portal .fetchToken=${fetchToken} .transport=${transport}>
    <lp-wallet-balance></lp-wallet-balance>
    <lp-customer-badge></lp-customer-badge>
    <lp-customer-switcher></lp-customer-switcher>
    <lp-account-status></lp-account-status>
  </lp-portal>`);
  const widget = <K extends keyof HTMLElementTagNameMap>(tag: K) => portal.querySelector(tag)!;
  return { portal, transport, widget, tokensFetched: () => tokensFetched };
}

describe('<lp-portal>', () => {
  it('gives every widget one client: one token for all of them', async () => {
    const wallet = await loadFixture<Wallet>('available', 'wallet');
    const { widget, transport, tokensFetched } = await mountPortal('available');
    expect(textOf(await shadowQuery(widget('lp-wallet-balance'), '[part="amount"]'))).to.equal(money(wallet.available_cents));
    await shadowQuery(widget('lp-customer-switcher'), '.trigger');
    expect(tokensFetched()).to.equal(1);
    expect(transport.requests.map((request) => new URL(request.url).pathname).sort()).to.deep.equal(
      ['/api/v1/account', '/api/v1/badge', '/api/v1/session', '/api/v1/wallet'],
    );
  });

  it('switches the customer of every widget inside it when one fires lp-customer-switched', async () => {
    const [session, paused, pausedBadge] = await Promise.all([
      loadFixture<Session>('available', 'session'),
      loadFixture<Wallet>('paused', 'wallet'),
      loadFixture<Badge>('paused', 'badge'),
    ]);
    const target = session.customers.find((customer) => customer.external_id === 'paused')!;
    const { portal, widget, transport } = await mountPortal('available');
    const switcher = widget('lp-customer-switcher');
    await shadowQuery(switcher, '.trigger');
    const before = transport.requests.length;

    const switched = oneEvent(portal, 'lp-customer-switched');
    switcher.shadowRoot!.querySelector<HTMLElement>('.trigger')!.click();
    const item = [...switcher.shadowRoot!.querySelectorAll<HTMLElement>('[role="menuitemradio"]')].find((option) =>
      textOf(option)!.startsWith(target.name),
    )!;
    item.click();
    await switched;

    await waitUntil(
      () => textOf(widget('lp-wallet-balance').shadowRoot!.querySelector('[part="amount"]')) === money(paused.available_cents),
      'the wallet did not follow',
    );
    await waitUntil(
      () => textOf(widget('lp-customer-badge').shadowRoot!.querySelector('[part="amount"]')) === percent(pausedBadge.return_rate_bps),
      'the badge did not follow',
    );
    await shadowQuery(widget('lp-account-status'), '[part="banner"]');
    await waitUntil(() => textOf(switcher.shadowRoot!.querySelector('.trigger'))!.includes(target.name));

    const after = transport.requests.slice(before);
    expect(after.map((request) => `${new URL(request.url).pathname} ${request.headers.get('X-Customer-Id')}`).sort()).to.deep.equal([
      '/api/v1/account paused',
      '/api/v1/badge paused',
      '/api/v1/session paused',
      '/api/v1/wallet paused',
    ]);
  });

  it('reloads every widget after lp-bid-changed, lp-limits-changed and lp-funds-added (D22)', async () => {
    const { widget, transport } = await mountPortal('available');
    await shadowQuery(widget('lp-wallet-balance'), '[part="amount"]');
    const walletLoads = () => transport.requests.filter((request) => new URL(request.url).pathname === '/api/v1/wallet').length;
    const events = [
      new CustomEvent('lp-bid-changed', { detail: { action: 'created', bid_id: 'bid_1' }, bubbles: true, composed: true }),
      new CustomEvent('lp-limits-changed', { detail: { subject: 'customer' }, bubbles: true, composed: true }),
      new CustomEvent('lp-funds-added', { detail: { payment_id: 'pay_1', amount_cents: 10_000 }, bubbles: true, composed: true }),
    ];
    for (const [i, event] of events.entries()) {
      widget('lp-account-status').dispatchEvent(event);
      await waitUntil(() => walletLoads() === i + 2, `the wallet did not reload after ${event.type}`);
    }
  });

  it('keeps showing the last reply while its widgets reload after a change: no loading flash', async () => {
    const { widget, transport } = await mountPortal('available');
    const wallet = widget('lp-wallet-balance');
    await shadowQuery(wallet, '[part="amount"]');
    const walletLoads = () => transport.requests.filter((request) => new URL(request.url).pathname === '/api/v1/wallet').length;
    widget('lp-account-status').dispatchEvent(new CustomEvent('lp-funds-added', { detail: { payment_id: 'pay_1', amount_cents: 100 }, bubbles: true, composed: true }));
    await wallet.updateComplete;
    expect(walletLoads()).to.equal(2); // the reload is under way …
    expect(wallet.shadowRoot!.querySelector('[part="amount"]'), 'the amount gave way to a skeleton').to.exist; // … and the amount stays
  });

  it('follows the server’s event stream for the active customer and reloads every widget once per burst (D22)', async () => {
    const { portal, widget, transport } = await mountPortal('available');
    await shadowQuery(widget('lp-wallet-balance'), '[part="amount"]');
    await waitUntil(() => transport.streams.length === 1, 'no event stream was opened');
    expect(transport.streams[0]!.headers.get('Authorization')).to.match(/^Bearer /);
    const walletLoads = () => transport.requests.filter((request) => new URL(request.url).pathname === '/api/v1/wallet').length;

    // A purchase changes several things at once: the server sends them together, the widgets reload once.
    transport.push('lead.purchased', { lead_id: 'lead_1' });
    transport.push('wallet.updated', { balance_cents: 1_000 });
    await waitUntil(() => walletLoads() === 2, 'the wallet did not reload after the server’s events');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(walletLoads()).to.equal(2);

    // Another customer: the stream is reopened for it, and the old one closed.
    portal.customerId = 'paused';
    await waitUntil(() => transport.streams.length === 2, 'no stream for the new customer');
    expect(transport.streams[1]!.headers.get('X-Customer-Id')).to.equal('paused');
    expect(transport.streams[0]!.signal.aborted).to.be.true;
    portal.remove();
    expect(transport.streams[1]!.signal.aborted).to.be.true;
  });

  it('formats with its locale', async () => {
    const wallet = await loadFixture<Wallet>('available', 'wallet');
    const { portal, widget } = await mountPortal('available');
    portal.locale = 'de-DE';
    const expected = new Intl.NumberFormat('de-DE', { style: 'currency', currency: wallet.currency })
      .format(wallet.available_cents / 100)
      .replace(/\s+/g, ' ');
    await waitUntil(() => textOf(widget('lp-wallet-balance').shadowRoot!.querySelector('[part="amount"]')) === expected);
  });

  it('sets its appearance as --lp-sys-* custom properties, and clears them', async () => {
    const { portal } = await mountPortal('available');
    portal.appearance = { colorPrimary: 'rgb(1, 2, 3)', borderRadius: '3px', fontFamily: 'serif' };
    await portal.updateComplete;
    expect(portal.style.getPropertyValue('--lp-sys-color-primary')).to.equal('rgb(1, 2, 3)');
    expect(portal.style.getPropertyValue('--lp-sys-radius')).to.equal('3px');
    expect(portal.style.getPropertyValue('--lp-sys-font-family')).to.equal('serif');

    portal.appearance = { colorPrimary: 'rgb(4, 5, 6)' };
    await portal.updateComplete;
    expect(portal.style.getPropertyValue('--lp-sys-color-primary')).to.equal('rgb(4, 5, 6)');
    expect(portal.style.getPropertyValue('--lp-sys-radius')).to.equal('');
  });

  it('fires lp-session-expired once when the session ends, and every widget says so', async () => {
    const expired: string[] = [];
    const listener = (event: GlobalEventHandlersEventMap['lp-session-expired']) => expired.push(event.detail.reason);
    document.addEventListener('lp-session-expired', listener);
    try {
      const { portal, widget } = await mountPortal('available', { fail: 'unauthorized' });
      for (const tag of ['lp-wallet-balance', 'lp-customer-badge', 'lp-customer-switcher'] as const) {
        await waitUntil(() => shadowText(widget(tag)).includes('Your session has ended.'), `${tag} did not say so`);
      }
      expect(expired).to.deep.equal(['unauthorized']);
      expect(portal.isConnected).to.be.true;
    } finally {
      document.removeEventListener('lp-session-expired', listener);
    }
  });

  it('reaches widgets that were upgraded before the portal was defined', async () => {
    const wallet = await loadFixture<Wallet>('available', 'wallet');
    const host = await fixture(html`<lp-test-late-portal><lp-wallet-balance></lp-wallet-balance></lp-test-late-portal>`);
    const balance = host.querySelector('lp-wallet-balance')!;
    await balance.updateComplete;
    expect(balance.shadowRoot!.querySelector('.skeleton'), 'waits for a portal').to.exist;

    Object.assign(host, { fetchToken: async () => fakeToken(), transport: fixtureTransport('available') });
    customElements.define('lp-test-late-portal', class extends LpPortal {});
    expect(textOf(await shadowQuery(balance, '[part="amount"]'))).to.equal(money(wallet.available_cents));
  });
});
