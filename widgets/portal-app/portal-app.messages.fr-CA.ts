import type { Translation } from '../core/i18n.js';
import type { messages } from './portal-app.messages.js';

export default {
  skipToMain: 'Passer au contenu principal',
  sections: 'Sections',
  account: 'Votre compte',
  loading: 'Chargement de votre portail…',
  signInAgain: 'Se reconnecter',
  signOut: 'Se déconnecter',
  passwordAndEmail: 'Mot de passe et courriel',
  signOutFailed: 'La déconnexion a échoué\u00a0: réessayez',
  title: (section: string, provider: string) => `${section} — ${provider}`,
  dashboard: 'Tableau de bord',
  leads: 'Prospects',
  bids: 'Mises',
  marketplace: 'Marché',
  limits: 'Plafonds de mise',
  notifications: 'Notifications',
  billing: 'Facturation',
  team: 'Équipe',
} satisfies Translation<typeof messages>;
