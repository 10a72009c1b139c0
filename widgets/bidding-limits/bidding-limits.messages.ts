import { localized } from '../core/i18n.js';
import type { Period } from './cap-input.js';

/** UI text of `<lp-bidding-limits>` (English). */
export const messages = {
  loading: 'Loading bidding limits…',
  // Each period shows when it resets.
  intro: 'At a cap, bidding stops until its period resets.',
  accountTitle: 'Account caps',
  accountHint: 'Count every lead you buy, from bids and the marketplace.',
  bidsTitle: 'Caps per bid',
  bidsHint: 'Count only the leads a bid wins.',
  noBids: 'No bids yet.',
  emptyTitle: 'No caps set',
  empty:
    'Without caps, your bids compete for every lead your funds cover.',
  setCap: 'Set a cap',
  edit: 'Edit caps',
  editFor: (name: string) => `Edit caps of ${name}`,
  readOnly: 'Your role can view caps but not change them.',
  period: { day: 'Today', week: 'This week', month: 'This month' } satisfies Record<Period, string>,
  per: (period: Period) => `Per ${period}`,
  leads: 'Leads',
  spend: 'Spend',
  leadsOf: (used: string, cap: string) => `${used} of ${cap} leads`,
  leadsNoCap: (used: string) => `${used} leads, no cap`,
  spendOf: (used: string, cap: string) => `${used} of ${cap} spent`,
  spendNoCap: (used: string) => `${used} spent, no cap`,
  resets: (when: string) => `Resets ${when}`,
  capReached: 'Cap reached',
  inputHint: 'Leave a box empty for no cap.',
  save: 'Save caps',
  saved: 'Caps saved.',
  saveFailed: 'The caps could not be saved. Try again.',
  errors: {
    count: 'Enter a whole number, 0 or more',
    spend: 'Enter an amount such as 250.50',
    tooLarge: 'This number is too large',
    fix: 'Fix the highlighted caps and save again.',
  },
  timezoneTitle: 'Timezone',
  timezoneCurrent: (zone: string) => `Periods follow ${zone}.`,
  timezonePending: (zone: string, when: string) => `Changes to ${zone} at midnight (${when}).`,
  timezoneExplained:
    'A change applies from the next local midnight; this week and month keep their counts.',
  timezoneSave: 'Change timezone',
  timezoneSaved: (zone: string, when: string) => `Timezone changes to ${zone} at ${when}.`,
  timezoneCancelled: 'Pending timezone change cancelled.',
  timezoneFailed: 'The timezone could not be changed. Try again.',
  timezoneAdminOnly: 'Only an admin can change the timezone.',
};
localized(messages, { es: () => import('./bidding-limits.messages.es.js'), 'fr-CA': () => import('./bidding-limits.messages.fr-CA.js') });
