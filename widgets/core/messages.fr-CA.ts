import type { Translation } from './i18n.js';
import type { coreMessages } from './messages.js';

export default {
  loading: 'Chargement…',
  retry: 'Réessayer',
  loadFailed: 'Impossible de charger ce contenu.',
  networkFailed: 'Le serveur est injoignable. Vérifiez votre connexion.',
  reference: (requestId: string) => `Référence : ${requestId}`,
  sessionEnded: 'Votre session a pris fin.',
  sessionEndedHint: 'Reconnectez-vous pour continuer.',
  close: 'Fermer',
  cancel: 'Annuler',
  saving: 'Enregistrement…',
  loadMore: 'Afficher plus',
  actionFailed: 'L’opération a échoué. Réessayez.',
  noFunds: 'Vos fonds ne couvrent aucune de vos mises : vous ne recevez aucun prospect. Ajoutez des fonds pour reprendre.',
} satisfies Translation<typeof coreMessages>;
