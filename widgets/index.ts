// Defines every Lead Portal element (a side-effect import). Pages that want only some load ./embed.js instead.
import './account-status/account-status.js';
import './customer-badge/customer-badge.js';
import './customer-switcher/customer-switcher.js';
import './portal/portal.js';
import './portal-app/portal-app.js';
import './wallet-balance/wallet-balance.js';

export { LpAccountStatus } from './account-status/account-status.js';
export { LpCustomerBadge } from './customer-badge/customer-badge.js';
export { LpCustomerSwitcher } from './customer-switcher/customer-switcher.js';
export { LpPortal } from './portal/portal.js';
export { LpPortalApp } from './portal-app/portal-app.js';
export { LpWalletBalance } from './wallet-balance/wallet-balance.js';
export { ApiClient, ApiError, SessionEndedError } from './core/api-client.js';
export type { ApiClientOptions, FetchToken, Transport } from './core/api-client.js';
export type { Appearance } from './core/appearance.js';
export { rootThemeCss } from './core/page-theme.js';
