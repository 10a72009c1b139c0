import type { Translation } from '../core/i18n.js';
import fr from '../core/messages.fr-CA.js';
import type { messages } from './account-status.messages.js';

export default {
  banners: {
    inactive: { title: 'Compte inactif', text: fr.noFunds },
    paused: { title: 'Compte en pause', text: 'Vos mises ne sont pas en concurrence tant que le compte est en pause.' },
    archived: { title: 'Compte archivé', text: 'Ce compte est en lecture seule\u00a0: il ne remporte ni n’achète aucun prospect.' },
  },
  contact: 'Communiquez avec votre fournisseur',
  contactAt: (email: string) => `à ${email}`,
} satisfies Translation<typeof messages>;
