import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Badge } from '../core/api.js';
import { useLocale } from '../core/i18n.js';
import { a11yViolations } from '../core/testing/axe.js';
import { hasFocus, shadowQuery, shadowText, textOf } from '../core/testing/dom.js';
import { percent } from '../core/testing/expected.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport, loadFixture, type FixtureOptions } from '../core/testing/fixture-transport.js';
import './customer-badge.js';
import type { LpCustomerBadge } from './customer-badge.js';

async function mount(scenario: string, options?: FixtureOptions, variant: 'compact' | 'detail' = 'compact') {
  const transport = fixtureTransport(scenario, options);
  return fixture<LpCustomerBadge>(
    html`<lp-customer-badge token=${fakeToken()} variant=${variant} .transport=${transport}></lp-customer-badge>`,
  );
}


/** What a tier's row must say: `lower <= rate < upper`, the last one open-ended. */
function expectedRange({ lower_bps, upper_bps }: Badge['tiers'][number]): string {
  return upper_bps === null
    ? `${percent(lower_bps)} or more`
    : `${percent(lower_bps)} to under ${percent(upper_bps)}`;
}

describe('<lp-customer-badge>', () => {
  it('shows a skeleton while loading', async () => {
    const element = await mount('available', { delayMs: Infinity });
    expect(element.shadowRoot!.querySelector('.skeleton')).to.exist;
    expect(shadowText(element)).to.contain('Loading return rate…');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('shows the return rate and the current tier on a button', async () => {
    const badge = await loadFixture<Badge>('available', 'badge');
    const element = await mount('available');
    const trigger = await shadowQuery(element, 'button[part="action"]');
    expect(textOf(trigger)).to.equal(`${badge.current_tier!.name} Return rate${percent(badge.return_rate_bps)}`);
    expect(trigger.getAttribute('aria-haspopup')).to.equal('dialog');
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('says "No purchases yet" instead of a rate without purchases', async () => {
    const badge = await loadFixture<Badge>('archived', 'badge');
    expect(badge.has_purchases).to.be.false;
    const element = await mount('archived');
    expect(textOf(await shadowQuery(element, '[part="amount"]'))).to.equal('No purchases yet');
  });

  it('shows just the rate when the provider has no tiers', async () => {
    const badge = await loadFixture<Badge>('tiers-off', 'badge');
    expect(badge.tiers_enabled).to.be.false;
    const element = await mount('tiers-off');
    expect(textOf(await shadowQuery(element, '[part="amount"]'))).to.equal(percent(badge.return_rate_bps));
    expect(element.shadowRoot!.querySelector('button, [popover], table')).to.be.null;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('opens its popover from the keyboard, moves focus in, and Escape returns focus', async () => {
    const element = await mount('available');
    const trigger = await shadowQuery(element, 'button[part="action"]');
    const popover = element.shadowRoot!.querySelector<HTMLElement>('[popover]')!;

    trigger.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => popover.matches(':popover-open'), 'the popover did not open');
    await element.updateComplete;
    expect(trigger.getAttribute('aria-expanded')).to.equal('true');
    expect(popover.contains(element.shadowRoot!.activeElement)).to.be.true;
    expect(await a11yViolations(element)).to.deep.equal([]);

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !popover.matches(':popover-open'), 'Escape did not close the popover');
    expect(hasFocus(trigger), 'focus is back on the badge').to.be.true;
    await element.updateComplete;
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
  });

  it('closes with its close button and returns focus to the badge', async () => {
    const element = await mount('available');
    const trigger = await shadowQuery(element, 'button[part="action"]');
    const popover = element.shadowRoot!.querySelector<HTMLElement>('[popover]')!;
    trigger.click();
    await waitUntil(() => popover.matches(':popover-open'));

    popover.querySelector<HTMLButtonElement>('button[aria-label="Close"]')!.click();
    await waitUntil(() => !popover.matches(':popover-open'));
    expect(hasFocus(trigger), 'focus is back on the badge').to.be.true;
  });

  it('lists every tier with its range and effect, and marks the current one', async () => {
    const badge = await loadFixture<Badge>('limited', 'badge');
    const element = await mount('limited', {}, 'detail');
    await shadowQuery(element, 'table');
    expect(element.shadowRoot!.querySelector('[popover]')).to.be.null;

    const rows = [...element.shadowRoot!.querySelectorAll('tbody tr')];
    expect(rows.map((row) => textOf(row.querySelector('td')))).to.deep.equal(badge.tiers.map(expectedRange));
    const current = rows.filter((row) => row.getAttribute('aria-current') === 'true');
    expect(current.map((row) => textOf(row.querySelector('th')))).to.deep.equal([
      `${badge.current_tier!.name} Your tier`,
    ]);
    expect(shadowText(element)).to.contain(badge.current_tier!.description);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('shows an error with a retry', async () => {
    const element = await mount('available', { fail: 'server-error', failures: 1 });
    const alert = await shadowQuery(element, '[role="alert"]');
    expect(await a11yViolations(element)).to.deep.equal([]);
    alert.querySelector('button')!.click();
    await shadowQuery(element, 'button[part="action"]');
  });

  describe('in other languages', () => {
    afterEach(() => useLocale('en'));

    it('switches its language at run time with its locale', async () => {
      const element = await fixture<LpCustomerBadge>(
        html`<lp-customer-badge token=${fakeToken()} locale="es-MX" .transport=${fixtureTransport('archived')}></lp-customer-badge>`,
      );
      const amount = () => textOf(element.shadowRoot!.querySelector('[part="amount"]'));
      const label = () => textOf(element.shadowRoot!.querySelector('.label'));
      await waitUntil(() => amount() === 'Aún sin compras', 'no Spanish');
      expect(label()).to.equal('Tasa de devolución');
      expect(await a11yViolations(element)).to.deep.equal([]);

      element.locale = 'fr-CA';
      await waitUntil(() => amount() === 'Aucun achat pour l’instant', 'no French');
      expect(label()).to.equal('Taux de retour');

      element.locale = 'en-US';
      await waitUntil(() => amount() === 'No purchases yet', 'English did not come back');
      expect(label()).to.equal('Return rate');
    });
  });
});
