import { localized } from './i18n.js';

/** UI text shared by every widget (English; translations beside it). Each widget keeps its own catalogue. */
export const coreMessages = {
  loading: 'Loading…',
  retry: 'Try again',
  loadFailed: 'This could not be loaded.',
  networkFailed: 'The server could not be reached. Check your connection.',
  reference: (requestId: string) => `Reference: ${requestId}`,
  sessionEnded: 'Your session has ended.',
  sessionEndedHint: 'Sign in again to continue.',
  close: 'Close',
  cancel: 'Cancel',
  saving: 'Saving…',
  loadMore: 'Load more',
  actionFailed: 'That did not work. Try again.',
  /** The wallet's and the account banner's word for an account whose funds cover no bid. */
  noFunds: 'Your funds cover none of your bids, so you get no leads. Add funds to resume.',
};
localized(coreMessages, { es: () => import('./messages.es.js'), 'fr-CA': () => import('./messages.fr-CA.js') });
