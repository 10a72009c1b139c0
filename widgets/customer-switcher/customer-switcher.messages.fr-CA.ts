import type { Translation } from '../core/i18n.js';
import type { messages } from './customer-switcher.messages.js';

export default {
  loading: 'Chargement des clients…',
  customer: 'Client',
  menu: 'Changer de client',
  status: { active: 'Actif', paused: 'En pause', archived: 'Archivé' },
  create: 'Créer un nouveau compte client',
  createIntro: 'Vous en devenez l’administrateur. Il a son propre portefeuille, ses mises et ses paramètres.',
  name: 'Nom de l’entreprise',
  nameRequired: 'Entrez le nom de l’entreprise.',
  submit: 'Créer le compte',
  submitting: 'Création…',
  createFailed: 'Impossible de créer le compte. Réessayez.',
} satisfies Translation<typeof messages>;
