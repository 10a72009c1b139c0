/**
 * The autoloader (DECISIONS D26): `<script type="module" src="…/widgets/embed.js">` and use the tags. It
 * imports a widget's chunk when its tag appears in the document, now or later. It must stay tiny: no Lit here.
 * Tags created inside other shadow roots are not seen; import those widgets' modules directly.
 *
 * Account settings widgets are not listed: `<lp-notifications>` (recipients, webhooks, signing secrets) and
 * `<lp-team>` load with their own module script (`widgets/notifications.js`, `widgets/team.js`) or import. D26's
 * all-chunks budget counts what this file can load, and the buying widgets come first.
 */
const widgets: Record<string, () => Promise<unknown>> = {
  'lp-portal': () => import('./portal/portal.js'),
  'lp-wallet-balance': () => import('./wallet-balance/wallet-balance.js'),
  'lp-customer-badge': () => import('./customer-badge/customer-badge.js'),
  'lp-customer-switcher': () => import('./customer-switcher/customer-switcher.js'),
  'lp-account-status': () => import('./account-status/account-status.js'),
  'lp-bids-manager': () => import('./bids-manager/bids-manager.js'),
  'lp-bidding-limits': () => import('./bidding-limits/bidding-limits.js'),
  'lp-billing-panel': () => import('./billing-panel/billing-panel.js'),
  'lp-leads-table': () => import('./leads-table/leads-table.js'),
  'lp-lead-detail': () => import('./lead-detail/lead-detail.js'),
  'lp-dashboard': () => import('./dashboard/dashboard.js'),
  'lp-marketplace': () => import('./marketplace/marketplace.js'),
};

const selector = Object.keys(widgets).join(',');
const requested = new Set<string>();

function load(tag: string): void {
  if (requested.has(tag)) return;
  requested.add(tag);
  widgets[tag]!().catch((error: unknown) => {
    requested.delete(tag); // let a later appearance of the tag try again
    console.error(`Lead Portal: <${tag}> could not be loaded`, error);
  });
}

function scan(root: Element | Document): void {
  if (root instanceof Element && root.localName in widgets) load(root.localName);
  for (const element of root.querySelectorAll(selector)) load(element.localName);
}

scan(document);
const observer = new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) if (node instanceof Element) scan(node);
  }
  if (requested.size === Object.keys(widgets).length) observer.disconnect(); // everything is loading
});
observer.observe(document.documentElement, { childList: true, subtree: true });

export {}; // a module (it has no static imports), so tests can import it
