import { localized } from '../core/i18n.js';

/** UI text of `<lp-portal-app>` (English; translations beside it). */
export const messages = {
  skipToMain: 'Skip to main content',
  sections: 'Sections',
  account: 'Your account',
  loading: 'Loading your portal…',
  signInAgain: 'Sign in again',
  signOut: 'Sign out',
  passwordAndEmail: 'Password & email',
  signOutFailed: 'Sign-out failed: try again',
  title: (section: string, provider: string) => `${section} — ${provider}`,
  dashboard: 'Dashboard',
  leads: 'Leads',
  bids: 'Bids',
  marketplace: 'Marketplace',
  limits: 'Bidding limits',
  notifications: 'Notifications',
  billing: 'Billing',
  team: 'Team',
};
localized(messages, { es: () => import('./portal-app.messages.es.js'), 'fr-CA': () => import('./portal-app.messages.fr-CA.js') });
