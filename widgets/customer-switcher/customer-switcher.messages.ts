import type { CustomerStatus } from '../core/api.js';
import { localized } from '../core/i18n.js';

/** UI text of `<lp-customer-switcher>` (English; translations beside it). */
export const messages = {
  loading: 'Loading customers…',
  customer: 'Customer',
  menu: 'Switch customer',
  status: {
    active: 'Active',
    paused: 'Paused',
    archived: 'Archived',
  } satisfies Record<CustomerStatus, string>,
  create: 'Set up a new customer account',
  createIntro: 'You become its admin. It has its own wallet, bids and settings.',
  name: 'Business name',
  nameRequired: 'Enter the business name.',
  submit: 'Create account',
  submitting: 'Creating…',
  createFailed: 'The account could not be created. Try again.',
};
localized(messages, { es: () => import('./customer-switcher.messages.es.js'), 'fr-CA': () => import('./customer-switcher.messages.fr-CA.js') });
