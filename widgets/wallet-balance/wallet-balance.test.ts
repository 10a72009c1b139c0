import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { FixtureOptions } from '../core/testing/fixture-transport.js';
import { fixtureTransport } from '../core/testing/fixture-transport.js';
import { a11yViolations } from '../core/testing/axe.js';
import { shadowQuery, shadowText } from '../core/testing/dom.js';
import { fakeToken } from '../core/testing/fake-token.js';
import './wallet-balance.js';
import type { LpWalletBalance } from './wallet-balance.js';

async function mount(scenario: string, options?: FixtureOptions, variant = 'compact') {
  const transport = fixtureTransport(scenario, options);
  const element = await fixture<LpWalletBalance>(
    html`<lp-wallet-balance token=${fakeToken()} variant=${variant} .transport=${transport}></lp-wallet-balance>`,
  );
  return { element, transport };
}

describe('<lp-wallet-balance>', () => {
  it('shows a skeleton while loading', async () => {
    const { element } = await mount('available', { delayMs: Infinity });
    expect(element.shadowRoot!.querySelector('.skeleton')).to.exist;
    expect(shadowText(element)).to.contain('Loading balance…');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  const cases = [
    { scenario: 'available', amount: '$1,200.00', status: 'Funds available', tone: 'tone-success', held: '$50.00 on hold' },
    { scenario: 'limited', amount: '$40.00', status: 'Funds limited', tone: 'tone-warning', held: undefined },
    { scenario: 'exhausted', amount: '$8.00', status: 'Funds exhausted', tone: 'tone-danger', held: undefined },
  ];
  for (const { scenario, amount, status, tone, held } of cases) {
    it(`shows the available balance and status "${status}" with an icon`, async () => {
      const { element } = await mount(scenario);
      expect((await shadowQuery(element, '[part="amount"]')).textContent).to.equal(amount);
      const chip = element.shadowRoot!.querySelector('.chip')!;
      expect(chip.textContent!.trim()).to.equal(status);
      expect(chip.classList.contains(tone)).to.be.true;
      expect(chip.querySelector('svg.icon')).to.exist;
      if (held) expect(shadowText(element)).to.contain(held);
      else expect(shadowText(element)).not.to.contain('on hold');
      expect(await a11yViolations(element)).to.deep.equal([]);
    });
  }

  it('lists each bid and whether it is covered in the detail variant', async () => {
    const { element } = await mount('limited', {}, 'detail');
    await shadowQuery(element, 'table');
    const rows = [...element.shadowRoot!.querySelectorAll('tbody tr')].map((row) =>
      row.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(rows).to.deep.equal(['Gutters — Denver county $25.00 Covered', 'Gutter guards — Colorado $60.00 Not covered']);
    const totals = [...element.shadowRoot!.querySelectorAll('.totals div')].map((pair) => pair.textContent!.trim());
    expect(totals).to.deep.equal(['Balance$40.00', 'On hold$0.00', 'Available$40.00']);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('says so when there are no bids', async () => {
    const { element } = await mount('new-customer', {}, 'detail');
    await shadowQuery(element, '.detail');
    expect(shadowText(element)).to.contain('No active bids. The smallest bid allowed is $15.00.');
  });

  it('shows an error with a retry that reloads, and fires lp-load-error', async () => {
    const transport = fixtureTransport('available', { fail: 'server-error', failures: 1 });
    const loadError = oneEvent(document, 'lp-load-error');
    const element = await fixture<LpWalletBalance>(
      html`<lp-wallet-balance token=${fakeToken()} .transport=${transport}></lp-wallet-balance>`,
    );
    const { detail } = await loadError;
    expect(detail.path).to.equal('/wallet');
    expect(detail.error.status).to.equal(500);
    const alert = await shadowQuery(element, '[role="alert"]');
    expect(alert.textContent).to.contain('This could not be loaded.');
    expect(alert.textContent).to.contain('Reference: req_fixture');
    expect(await a11yViolations(element)).to.deep.equal([]);

    alert.querySelector('button')!.click();
    expect((await shadowQuery(element, '[part="amount"]')).textContent).to.equal('$1,200.00');
  });

  it('explains a network failure', async () => {
    const { element } = await mount('available', { fail: 'network' });
    expect((await shadowQuery(element, '[role="alert"]')).textContent).to.contain('could not be reached');
  });

  it('ends the session when the token is refused: message, lp-session-expired, no retry', async () => {
    const expired = oneEvent(document, 'lp-session-expired');
    const { element } = await mount('available', { fail: 'unauthorized' });
    expect((await expired).detail.reason).to.equal('unauthorized');
    await waitUntil(() => shadowText(element).includes('Your session has ended.'));
    expect(element.shadowRoot!.querySelector('button')).to.be.null;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('fires lp-navigate for billing on click, Enter and Space', async () => {
    const { element } = await mount('available');
    const action = await shadowQuery(element, '[part="action"]');
    const events: string[] = [];
    element.addEventListener('lp-navigate', (event) => events.push(event.detail.section));

    action.click();
    action.focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Space' });
    expect(events).to.deep.equal(['billing', 'billing', 'billing']);
  });

  it('is a link to billing-href, which a host can cancel through lp-navigate', async () => {
    const { element } = await mount('available');
    element.billingHref = '#billing';
    const link = await shadowQuery<HTMLAnchorElement>(element, 'a[part="action"]');
    expect(link.getAttribute('href')).to.equal('#billing');

    element.addEventListener('lp-navigate', (event) => event.preventDefault(), { once: true });
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).to.be.true;
  });

  it('announces a changed balance in a polite live region, but not the first load', async () => {
    const { element } = await mount('available');
    await shadowQuery(element, '[part="amount"]');
    const live = element.shadowRoot!.querySelector('[role="status"]')!;
    expect(live.textContent).to.equal('');

    element.customerId = 'limited';
    await waitUntil(() => live.textContent === 'Available balance $40.00. Funds limited.');
  });
});
