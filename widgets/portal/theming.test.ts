import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../account-status/account-status.js';
import '../bidding-limits/bidding-limits.js';
import '../bids-manager/bids-manager.js';
import '../billing-panel/billing-panel.js';
import { stripeDouble } from '../billing-panel/testing/stripe-double.js';
import type { Appearance } from '../core/appearance.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport } from '../core/testing/fixture-transport.js';
import '../customer-badge/customer-badge.js';
import '../customer-switcher/customer-switcher.js';
import '../dashboard/dashboard.js';
import '../leads-table/leads-table.js';
import '../marketplace/marketplace.js';
import '../notifications/notifications.js';
import '../wallet-balance/wallet-balance.js';
import './portal.js';
import type { LpPortal } from './portal.js';

/** Every embeddable widget, as a provider would place them under one portal. The dashboard nests more widgets. */
const tags = [
  'lp-wallet-balance',
  'lp-customer-badge',
  'lp-customer-switcher',
  'lp-account-status',
  'lp-bids-manager',
  'lp-bidding-limits',
  'lp-billing-panel',
  'lp-notifications',
  'lp-leads-table',
  'lp-dashboard',
  'lp-marketplace',
] as const;

const brand: Appearance = { colorPrimary: '#0f766e', fontFamily: 'Georgia, serif', borderRadius: '2px' };
const defaultPrimary = 'rgb(29, 78, 216)'; // --lp-ref-blue-700
const brandPrimary = 'rgb(15, 118, 110)';

/** Every element under `root`, through nested shadow roots: what a person sees of a widget. */
function everything(root: Element | ShadowRoot): Element[] {
  const found: Element[] = [];
  for (const element of root.querySelectorAll('*')) {
    found.push(element);
    if (element.shadowRoot) found.push(...everything(element.shadowRoot));
  }
  return found;
}

/** How many painted colours of the widget's elements are exactly `rgb`. */
function paintedWith(widget: Element, rgb: string): number {
  let count = 0;
  for (const element of everything(widget.shadowRoot!)) {
    const style = getComputedStyle(element);
    for (const value of [style.color, style.backgroundColor, style.borderTopColor, style.borderBottomColor, style.fill, style.stroke]) {
      if (value === rgb) count++;
    }
  }
  return count;
}

describe('theming: one appearance on <lp-portal> reaches every widget, nested ones included', () => {
  it('repaints every primary-coloured part in the brand colour and sets the brand font and radius everywhere', async () => {
    const stripe = stripeDouble();
    const portal = await fixture<LpPortal>(html`<lp-portal .fetchToken=${async () => fakeToken()} .transport=${fixtureTransport('available')}>
      ${tags.map((tag) => document.createElement(tag))}
    </lp-portal>`);
    (portal.querySelector('lp-billing-panel') as HTMLElement & { stripeLoader: unknown }).stripeLoader = stripe.load;
    const widgets = tags.map((tag) => portal.querySelector(tag)!);
    // Loaded: no skeleton left anywhere, and the dashboard's own wallet shows its amount.
    await waitUntil(() => widgets.every((w) => w.shadowRoot && !everything(w.shadowRoot).some((e) => e.classList.contains('skeleton'))), 'the widgets did not load', { timeout: 8000 });
    await waitUntil(() => portal.querySelector('lp-dashboard')!.shadowRoot!.querySelector('lp-wallet-balance')?.shadowRoot?.querySelector('[part="amount"]'), 'the nested wallet did not load');

    const before = widgets.map((w) => paintedWith(w, defaultPrimary));
    expect(before.filter((n) => n > 0).length, `default-primary parts per widget: ${before}`).to.be.greaterThan(5);

    portal.appearance = brand;
    await portal.updateComplete;
    for (const [i, widget] of widgets.entries()) {
      expect(paintedWith(widget, defaultPrimary), `${tags[i]} still shows the default primary`).to.equal(0);
      expect(paintedWith(widget, brandPrimary), `${tags[i]} shows the brand primary where it showed the default`).to.equal(before[i]);
      expect(getComputedStyle(widget).fontFamily, tags[i]).to.equal('Georgia, serif');
    }
    const nestedWallet = portal.querySelector('lp-dashboard')!.shadowRoot!.querySelector('lp-wallet-balance')!;
    expect(getComputedStyle(nestedWallet).fontFamily).to.equal('Georgia, serif');
    const button = everything(portal.querySelector('lp-bids-manager')!.shadowRoot!).find((e) => e.matches('.button'))!;
    expect(getComputedStyle(button).borderTopLeftRadius).to.equal('2px');
  });
});
