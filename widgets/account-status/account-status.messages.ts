import { localized } from '../core/i18n.js';
import { coreMessages } from '../core/messages.js';

/** UI text of `<lp-account-status>` (English; translations beside it). Active accounts show nothing. */
export const messages = {
  banners: {
    inactive: {
      title: 'Account inactive',
      text: coreMessages.noFunds,
    },
    paused: {
      title: 'Account paused',
      text: 'Your bids do not compete while the account is paused.',
    },
    archived: {
      title: 'Account archived',
      text: 'This account is read-only: it wins and buys no leads.',
    },
  },
  contact: 'Contact your provider',
  contactAt: (email: string) => `at ${email}`,
};
localized(messages, { es: () => import('./account-status.messages.es.js'), 'fr-CA': () => import('./account-status.messages.fr-CA.js') });
