import { localized } from '../core/i18n.js';
import { coreMessages } from '../core/messages.js';

/** UI text of `<lp-customer-badge>` (English; translations beside it). */
export const messages = {
  loading: 'Loading return rate…',
  returnRate: 'Return rate',
  noPurchases: 'No purchases yet',
  details: 'Return rate and tiers',
  close: coreMessages.close,
  basis: (days: number) => `Approved returns as a share of purchases by value, last ${days} days.`,
  amounts: (returned: string, purchased: string) => `${returned} returned of ${purchased} purchased.`,
  tierTitle: (name: string, headline: string) => `${name} tier: ${headline}`,
  tiers: 'Return tiers',
  tier: 'Tier',
  range: 'Return rate',
  effect: 'Effect',
  current: 'Your tier',
  rangeBetween: (lower: string, upper: string) => `${lower} to under ${upper}`,
  rangeFrom: (lower: string) => `${lower} or more`,
  effects: {
    none: () => 'Standard',
    penalty: (percent: string) => `Bids ranked ${percent} lower`,
    discount: (percent: string) => `${percent} off lead prices`,
    match_return_rate: () => 'Bids ranked lower by your return rate',
  },
};
localized(messages, { es: () => import('./customer-badge.messages.es.js'), 'fr-CA': () => import('./customer-badge.messages.fr-CA.js') });
