import { localized } from '../core/i18n.js';
import type { ReturnStatus } from '../leads-table/lead-types.js';

/** UI text of `<lp-lead-detail>` (English). */
export const messages = {
  loading: 'Loading the lead…',
  unnamed: 'Unnamed lead',
  returned: 'Returned',
  price: 'Price',
  purchased: 'Purchased',
  leadType: 'Lead type',
  source: 'Source',
  sourceOfBid: (kind: string, bid: string) => `${kind}: ${bid}`,
  location: 'Location',
  fields: 'Lead details',
  timeline: 'Timeline',
  returnTitle: 'Return',
  statuses: { pending: 'Return pending', approved: 'Return approved', denied: 'Return denied' } satisfies Record<ReturnStatus, string>,
  yes: 'Yes',
  no: 'No',
  requestedOn: (reason: string, date: string) => `${reason} — requested ${date}`,
  decision: (note: string) => `Provider’s note: ${note}`,
  reason: 'Reason',
  chooseReason: 'Choose a reason',
  note: 'Note (optional)',
  deadline: (date: string) => `Returns are accepted until ${date}.`,
  policy: 'Return policy',
  submit: 'Request return',
  submitting: 'Requesting…',
  requested: 'Return requested. Your provider will review it.',
  failed: 'The return could not be requested. Try again.',
  viewer: 'Your role can view leads but not return them.',
  timelineText: {
    purchased: (price: string) => `Purchased for ${price}`,
    return_requested: (reason: string) => `Return requested: ${reason}`,
    return_approved: 'Return approved: price refunded to your wallet',
    return_denied: 'Return denied',
  },
  notification: (event: string, to: string, status: string) => `${event}${to ? ` to ${to}` : ''}: ${status}`,
  events: { 'lead.purchased': 'New lead notice', 'return.decided': 'Return decision notice' } as Record<string, string>,
  channel: (channel: string, recipient: string) => `${recipient} (${channel})`,
  deliveries: { queued: 'queued', pending: 'waiting to send', sending: 'sending', sent: 'sent', failed: 'failed, retrying', dead: 'not delivered' },
};
localized(messages, { es: () => import('./lead-detail.messages.es.js'), 'fr-CA': () => import('./lead-detail.messages.fr-CA.js') });
