// Every Lead Portal element, defined on import, and the public classes: the module a bundler imports the suite
// from (`dist/index.js`, the package's main export). Pages load ./embed.js (the autoloader, D26) or a widget's own module. The portal comes first, so widgets already in the page upgrade inside a defined portal.
export { LpPortal } from './portal/portal.js';
export { LpAccountStatus } from './account-status/account-status.js';
export { LpBiddingLimits } from './bidding-limits/bidding-limits.js';
export { LpBidsManager } from './bids-manager/bids-manager.js';
export { LpBillingPanel } from './billing-panel/billing-panel.js';
export { LpCustomerBadge } from './customer-badge/customer-badge.js';
export { LpCustomerSwitcher } from './customer-switcher/customer-switcher.js';
export { LpLeadDetail } from './lead-detail/lead-detail.js';
export { LpLeadsTable } from './leads-table/leads-table.js';
export { LpNotifications } from './notifications/notifications.js';
export { LpDashboard } from './dashboard/dashboard.js';
export { LpMarketplace } from './marketplace/marketplace.js';
export { LpTeam } from './team/team.js';
export { LpPortalApp } from './portal-app/portal-app.js';
export { LpWalletBalance } from './wallet-balance/wallet-balance.js';
export { ApiClient, ApiError, SessionEndedError } from './core/api-client.js';
export type { ApiClientOptions, FetchToken, Transport } from './core/api-client.js';
export type { Appearance } from './core/appearance.js';
export { rootThemeCss } from './core/page-theme.js';
