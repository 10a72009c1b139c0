import type { FundingStatus } from '../core/api.js';
import { localized } from '../core/i18n.js';
import { coreMessages } from '../core/messages.js';

/** UI text of `<lp-wallet-balance>` (English; translations beside it). */
export const messages = {
  label: 'Available balance',
  loading: 'Loading balance…',
  openBilling: 'open billing',
  funding: {
    available: 'Funds available',
    limited: 'Funds limited',
    exhausted: 'Funds exhausted',
  } satisfies Record<FundingStatus, string>,
  fundingExplained: {
    available: 'Your funds cover every active bid.',
    limited: 'Bids above your available funds are not competing.',
    exhausted: coreMessages.noFunds,
  } satisfies Record<FundingStatus, string>,
  held: (amount: string) => `${amount} on hold`,
  balance: 'Balance',
  onHold: 'On hold',
  available: 'Available',
  bids: 'Bid coverage',
  bidName: 'Bid',
  bidAmount: 'Amount',
  coverage: 'Coverage',
  covered: 'Covered',
  notCovered: 'Not covered',
  noBids: 'No active bids.',
  minimumBid: (amount: string) => `The smallest bid allowed is ${amount}.`,
  announcement: (amount: string, status: string) => `Available balance ${amount}. ${status}.`,
};
localized(messages, { es: () => import('./wallet-balance.messages.es.js'), 'fr-CA': () => import('./wallet-balance.messages.fr-CA.js') });
