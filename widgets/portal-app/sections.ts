import { html, type TemplateResult } from 'lit';
import '../customer-badge/customer-badge.js';
import '../wallet-balance/wallet-balance.js';
import { messages } from './portal-app.messages.js';

/** A section of the /app shell, addressed as `<base-path>/<id>`. */
export interface Section {
  /** The URL segment, and the name `lp-navigate` uses (`{ section: id }`). */
  id: string;
  label: string;
  /** Rendered into the shell's light DOM (D31), so e.g. a Stripe mount node is not inside a shadow root. */
  render(): TemplateResult;
}

/**
 * The sections that exist. The first is the default route. A SPEC section appears here (and in the nav) only
 * once it is built: no placeholders.
 */
export const sections: readonly Section[] = [
  {
    id: 'overview',
    label: messages.overview,
    render: () => html`<div class="lp-overview">
      <section class="lp-card" aria-labelledby="lp-overview-funding">
        <h2 id="lp-overview-funding">${messages.funding}</h2>
        <lp-wallet-balance variant="detail"></lp-wallet-balance>
      </section>
      <section class="lp-card" aria-labelledby="lp-overview-returns">
        <h2 id="lp-overview-returns">${messages.returnRate}</h2>
        <lp-customer-badge variant="detail"></lp-customer-badge>
      </section>
    </div>`,
  },
  {
    id: 'bids',
    label: messages.bids,
    render: () => {
      // Loaded when first shown, so the shell's own bundle stays within its budget (D26).
      void import('../bids-manager/bids-manager.js');
      return html`<div class="lp-card"><lp-bids-manager></lp-bids-manager></div>`;
    },
  },
  {
    id: 'limits',
    label: messages.limits,
    render: () => {
      void import('../bidding-limits/bidding-limits.js');
      return html`<div class="lp-card"><lp-bidding-limits></lp-bidding-limits></div>`;
    },
  },
  {
    // The wallet's click lands here (lp-navigate { section: 'billing' }: D22).
    id: 'billing',
    label: messages.billing,
    render: () => {
      void import('../billing-panel/billing-panel.js');
      return html`<lp-billing-panel></lp-billing-panel>`;
    },
  },
];
