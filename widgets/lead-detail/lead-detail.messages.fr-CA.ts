import type { Translation } from '../core/i18n.js';
import type { messages } from './lead-detail.messages.js';

const channels: Record<string, string> = { email: 'courriel', sms: 'texto' };

export default {
  loading: 'Chargement du prospect…',
  unnamed: 'Prospect sans nom',
  returned: 'Retourné',
  price: 'Prix',
  purchased: 'Acheté',
  leadType: 'Type de prospect',
  source: 'Source',
  sourceOfBid: (kind: string, bid: string) => `${kind}\u00a0: ${bid}`,
  location: 'Emplacement',
  fields: 'Détails du prospect',
  timeline: 'Historique',
  returnTitle: 'Retour',
  statuses: { pending: 'Retour en attente', approved: 'Retour approuvé', denied: 'Retour refusé' },
  yes: 'Oui',
  no: 'Non',
  requestedOn: (reason: string, date: string) => `${reason} — demandé le ${date}`,
  decision: (note: string) => `Note du fournisseur\u00a0: ${note}`,
  reason: 'Motif',
  chooseReason: 'Choisissez un motif',
  note: 'Note (facultatif)',
  deadline: (date: string) => `Les retours sont acceptés jusqu’au ${date}.`,
  policy: 'Politique de retour',
  submit: 'Demander un retour',
  submitting: 'Demande en cours…',
  requested: 'Retour demandé. Votre fournisseur l’examinera.',
  failed: 'Le retour n’a pas pu être demandé. Réessayez.',
  viewer: 'Votre rôle permet de voir les prospects, pas de les retourner.',
  timelineText: {
    purchased: (price: string) => `Acheté pour ${price}`,
    return_requested: (reason: string) => `Retour demandé\u00a0: ${reason}`,
    return_approved: 'Retour approuvé\u00a0: prix remboursé dans votre portefeuille',
    return_denied: 'Retour refusé',
  },
  notification: (event: string, to: string, status: string) => `${event}${to ? ` à ${to}` : ''}\u00a0: ${status}`,
  events: { 'lead.purchased': 'Avis de nouveau prospect', 'return.decided': 'Avis de décision de retour' },
  channel: (channel: string, recipient: string) => `${recipient} (${channels[channel] ?? channel})`,
  deliveries: { queued: 'en file d’attente', pending: 'en attente d’envoi', sending: 'envoi en cours', sent: 'envoyé', failed: 'échec, nouvel essai', dead: 'non livré' },
} satisfies Translation<typeof messages>;
