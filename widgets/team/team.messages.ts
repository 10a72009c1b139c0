import { localized } from '../core/i18n.js';

/** UI text of `<lp-team>` (English; translations beside it). */
export const messages = {
  loading: 'Loading the team…',
  adminsOnly: 'Only an admin of this account manages its users.',
  caption: 'Users',
  columns: ['Name', 'Email', 'Role', ''],
  roles: { admin: 'Admin', buyer: 'Buyer', billing: 'Billing', viewer: 'Viewer' },
  roleOf: (name: string) => `Role of ${name}`,
  fromProvider: 'set by your provider',
  remove: 'Remove',
  invite: 'Invite',
  inviteTitle: 'Invite someone',
  inviteHint: 'They get an email with a link to join this account; it works once, for 7 days.',
  email: 'Email',
  role: 'Role',
  pending: 'Pending invitations',
  expires: (date: string) => `expires ${date}`,
  withdraw: 'Withdraw',
  confirmTitle: 'Remove this user?',
  confirmText: (name: string) => `${name} loses access at once.`,
  done: {
    invited: (email: string) => `Invited ${email}.`,
    withdrawn: (email: string) => `Withdrew the invitation to ${email}.`,
    changed: (name: string) => `Changed ${name}’s role.`,
    removed: (name: string) => `Removed ${name}.`,
  },
};
localized(messages, { es: () => import('./team.messages.es.js'), 'fr-CA': () => import('./team.messages.fr-CA.js') });
