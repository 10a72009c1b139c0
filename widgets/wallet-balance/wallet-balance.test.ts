import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Wallet } from '../core/api.js';
import { a11yViolations } from '../core/testing/axe.js';
import { shadowQuery, shadowText, textOf } from '../core/testing/dom.js';
import { money } from '../core/testing/expected.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport, loadFixture, type FixtureOptions } from '../core/testing/fixture-transport.js';
import './wallet-balance.js';
import type { LpWalletBalance } from './wallet-balance.js';

async function mount(scenario: string, options?: FixtureOptions, variant: 'compact' | 'detail' = 'compact') {
  const transport = fixtureTransport(scenario, options);
  return fixture<LpWalletBalance>(
    html`<lp-wallet-balance token=${fakeToken()} variant=${variant} .transport=${transport}></lp-wallet-balance>`,
  );
}


describe('<lp-wallet-balance>', () => {
  it('shows a skeleton while loading', async () => {
    const element = await mount('available', { delayMs: Infinity });
    expect(element.shadowRoot!.querySelector('.skeleton')).to.exist;
    expect(shadowText(element)).to.contain('Loading balance…');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  const statuses = [
    { scenario: 'available', label: 'Funds available', tone: 'tone-success' },
    { scenario: 'limited', label: 'Funds limited', tone: 'tone-warning' },
    { scenario: 'exhausted', label: 'Funds exhausted', tone: 'tone-danger' },
  ];
  for (const { scenario, label, tone } of statuses) {
    it(`shows the available balance and "${label}" as icon and text`, async () => {
      const wallet = await loadFixture<Wallet>(scenario, 'wallet');
      expect(wallet.funding.status).to.equal(scenario);
      const element = await mount(scenario);

      expect(textOf(await shadowQuery(element, '[part="amount"]'))).to.equal(money(wallet.available_cents));
      const chip = element.shadowRoot!.querySelector('.chip')!;
      expect(textOf(chip)).to.equal(label);
      expect(chip.classList.contains(tone)).to.be.true;
      expect(chip.querySelector('svg.icon')).to.exist;
      const held = `${money(wallet.held_cents)} on hold`;
      if (wallet.held_cents > 0) expect(shadowText(element)).to.contain(held);
      else expect(shadowText(element)).not.to.contain('on hold');
      expect(await a11yViolations(element)).to.deep.equal([]);
    });
  }

  it('lists the totals and each bid with its coverage in the detail variant', async () => {
    const wallet = await loadFixture<Wallet>('limited', 'wallet');
    const element = await mount('limited', {}, 'detail');
    await shadowQuery(element, 'table');

    const totals = [...element.shadowRoot!.querySelectorAll('.totals div')].map((pair) => [
      textOf(pair.querySelector('dt')),
      textOf(pair.querySelector('dd')),
    ]);
    expect(totals).to.deep.equal([
      ['Balance', money(wallet.balance_cents)],
      ['On hold', money(wallet.held_cents)],
      ['Available', money(wallet.available_cents)],
    ]);
    const rows = [...element.shadowRoot!.querySelectorAll('tbody tr')].map(textOf);
    expect(rows).to.deep.equal(
      wallet.funding.bids.map(
        (bid) => `${bid.name} ${money(bid.amount_cents)} ${bid.covered ? 'Covered' : 'Not covered'}`,
      ),
    );
    expect(wallet.funding.bids.some((bid) => !bid.covered)).to.be.true;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('says so when there are no bids', async () => {
    const wallet = await loadFixture<Wallet>('archived', 'wallet');
    expect(wallet.funding.bids).to.be.empty;
    const element = await mount('archived', {}, 'detail');
    await shadowQuery(element, '.detail');
    expect(shadowText(element)).to.contain(
      `No active bids. The smallest bid allowed is ${money(wallet.funding.min_bid_cents!)}.`,
    );
  });

  it('shows an error with a retry that reloads, and fires lp-load-error', async () => {
    const loadError = oneEvent(document, 'lp-load-error');
    const element = await mount('available', { fail: 'server-error', failures: 1 });
    const { detail } = await loadError;
    expect(detail.path).to.equal('/wallet');
    expect(detail.error.status).to.equal(500);
    const alert = await shadowQuery(element, '[role="alert"]');
    expect(textOf(alert)).to.contain('This could not be loaded.');
    expect(textOf(alert)).to.contain('Reference: req_fixture');
    expect(await a11yViolations(element)).to.deep.equal([]);

    alert.querySelector('button')!.click();
    await shadowQuery(element, '[part="amount"]');
  });

  it('explains a network failure', async () => {
    const element = await mount('available', { fail: 'network' });
    expect(textOf(await shadowQuery(element, '[role="alert"]'))).to.contain('could not be reached');
  });

  it('ends the session when the token is refused: message, lp-session-expired, no retry', async () => {
    const expired = oneEvent(document, 'lp-session-expired');
    const element = await mount('available', { fail: 'unauthorized' });
    expect((await expired).detail.reason).to.equal('unauthorized');
    await waitUntil(() => shadowText(element).includes('Your session has ended.'));
    expect(element.shadowRoot!.querySelector('button')).to.be.null;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('fires lp-navigate for billing on click, Enter and Space', async () => {
    const element = await mount('available');
    const action = await shadowQuery(element, '[part="action"]');
    const sections: string[] = [];
    element.addEventListener('lp-navigate', (event) => sections.push(event.detail.section));

    action.click();
    action.focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Space' });
    expect(sections).to.deep.equal(['billing', 'billing', 'billing']);
  });

  it('is a link to billing-href, which a host may cancel through lp-navigate', async () => {
    const element = await mount('available');
    element.billingHref = '#billing';
    const link = await shadowQuery<HTMLAnchorElement>(element, 'a[part="action"]');
    expect(link.getAttribute('href')).to.equal('#billing');

    element.addEventListener('lp-navigate', (event) => event.preventDefault(), { once: true });
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).to.be.true;
  });

  it('announces a changed balance in a polite live region, but not the first load', async () => {
    const limited = await loadFixture<Wallet>('limited', 'wallet');
    const element = await mount('available');
    await shadowQuery(element, '[part="amount"]');
    const live = element.shadowRoot!.querySelector('[role="status"]')!;
    expect(live.textContent).to.equal('');

    element.customerId = 'limited';
    await waitUntil(
      () => live.textContent === `Available balance ${money(limited.available_cents)}. Funds limited.`,
      'the new balance was not announced',
    );
  });
});
