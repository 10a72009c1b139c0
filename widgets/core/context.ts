import { createContext } from '@lit/context';
import type { ApiClient } from './api-client.js';

/** What `<lp-portal>` shares with every widget inside it (or a lone widget builds for itself). */
export interface PortalContext {
  /** Sends requests for `customerId`; replaced when the customer switches. */
  client: ApiClient;
  /** External id of the active customer; undefined means the token's first customer (D4). */
  customerId: string | undefined;
  locale: string;
  currency: string;
  /** Bumps whenever the client or customer changes, so data controllers refetch. */
  revision: number;
}

// A string key (not a Symbol) so two copies of the widgets on one page still find each other's portal.
export const portalContext = createContext<PortalContext | undefined>('lp-portal/v1');
