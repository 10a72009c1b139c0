/** UI text of `<lp-portal-app>` (English). */
export const messages = {
  skipToMain: 'Skip to main content',
  sections: 'Sections',
  account: 'Your account',
  loading: 'Loading your portal…',
  signInAgain: 'Sign in again',
  signOut: 'Sign out',
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
