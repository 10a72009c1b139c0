import { html, type TemplateResult } from 'lit';
import type { CustomerSummary } from '../core/api.js';
import { messages } from './portal-app.messages.js';

/** A section of the /app shell, addressed as `<base-path>/<id>`. */
export interface Section {
  /** The URL segment, and the name `lp-navigate` uses (`{ section: id }`). */
  id: string;
  label: string;
  /** Roles of the active customer the nav shows it to; every role when absent. */
  roles?: readonly CustomerSummary['role'][];
  /**
   * Rendered into the shell's light DOM (D31), so e.g. a Stripe mount node is not inside a shadow root. `item` is
   * the URL's next segment (`<base-path>/<id>/<item>`, `lp-navigate`'s `item`), e.g. a lead id.
   */
  render(item?: string): TemplateResult;
}

/**
 * The sections that exist. The first is the default route. A SPEC section appears here (and in the nav) only
 * once it is built: no placeholders.
 */
export const sections: readonly Section[] = [
  {
    // The landing section; its recent leads and checklist steps send lp-navigate to the other sections.
    id: 'dashboard',
    get label() {
      return messages.dashboard; // read at render: the catalogue changes with the language
    },
    render: () => {
      void import('../dashboard/dashboard.js');
      return html`<lp-dashboard></lp-dashboard>`;
    },
  },
  {
    // /app/leads/<id> shows that lead: rows (and the dashboard's recent leads) send lp-navigate { section: 'leads', item }.
    id: 'leads',
    get label() {
      return messages.leads;
    },
    render: (lead) => {
      void import('../leads-table/leads-table.js');
      return html`<div class="lp-card"><lp-leads-table .lead=${lead}></lp-leads-table></div>`;
    },
  },
  {
    id: 'bids',
    get label() {
      return messages.bids;
    },
    render: () => {
      // Loaded when first shown, so the shell's own bundle stays within its budget (D26).
      void import('../bids-manager/bids-manager.js');
      return html`<div class="lp-card"><lp-bids-manager></lp-bids-manager></div>`;
    },
  },
  {
    id: 'marketplace',
    get label() {
      return messages.marketplace;
    },
    render: () => {
      void import('../marketplace/marketplace.js');
      return html`<div class="lp-card"><lp-marketplace></lp-marketplace></div>`;
    },
  },
  {
    id: 'limits',
    get label() {
      return messages.limits;
    },
    render: () => {
      void import('../bidding-limits/bidding-limits.js');
      return html`<div class="lp-card"><lp-bidding-limits></lp-bidding-limits></div>`;
    },
  },
  {
    id: 'notifications',
    get label() {
      return messages.notifications;
    },
    render: () => {
      void import('../notifications/notifications.js');
      return html`<div class="lp-card"><lp-notifications></lp-notifications></div>`;
    },
  },
  {
    // The wallet's click lands here (lp-navigate { section: 'billing' }: D22).
    id: 'billing',
    get label() {
      return messages.billing;
    },
    render: () => {
      void import('../billing-panel/billing-panel.js');
      return html`<lp-billing-panel></lp-billing-panel>`;
    },
  },
  {
    id: 'team',
    get label() {
      return messages.team;
    },
    roles: ['admin'],
    render: () => {
      void import('../team/team.js');
      return html`<div class="lp-card"><lp-team></lp-team></div>`;
    },
  },
];
