import type { Translation } from '../core/i18n.js';
import type { messages } from './bidding-limits.messages.js';
import type { Period } from './cap-input.js';

/** French counts 0 and 1 in the singular. */
const prospects = (used: string) => `${used} ${/^[01]$/.test(used) ? 'prospect' : 'prospects'}`;

export default {
  loading: 'Chargement des plafonds de mise…',
  intro: 'Une fois un plafond atteint, les mises s’arrêtent jusqu’à la réinitialisation de sa période.',
  accountTitle: 'Plafonds du compte',
  accountHint: 'Tous les prospects que vous achetez comptent, par mise ou sur le marché.',
  bidsTitle: 'Plafonds par mise',
  bidsHint: 'Seuls les prospects remportés par une mise comptent.',
  noBids: 'Aucune mise pour l’instant.',
  emptyTitle: 'Aucun plafond',
  empty: 'Sans plafond, vos mises sont en concurrence pour chaque prospect que vos fonds couvrent.',
  setCap: 'Définir un plafond',
  edit: 'Modifier les plafonds',
  editFor: (name: string) => `Modifier les plafonds de ${name}`,
  readOnly: 'Votre rôle permet de voir les plafonds, pas de les modifier.',
  period: { day: 'Aujourd’hui', week: 'Cette semaine', month: 'Ce mois-ci' },
  per: (period: Period) => ({ day: 'Par jour', week: 'Par semaine', month: 'Par mois' })[period],
  leads: 'Prospects',
  spend: 'Dépenses',
  leadsOf: (used: string, cap: string) => `${prospects(used)} sur ${cap}`,
  leadsNoCap: (used: string) => `${prospects(used)}, sans plafond`,
  spendOf: (used: string, cap: string) => `Dépenses\u00a0: ${used} sur ${cap}`,
  spendNoCap: (used: string) => `Dépenses\u00a0: ${used}, sans plafond`,
  resets: (when: string) => `Réinitialisation le ${when}`,
  capReached: 'Plafond atteint',
  inputHint: 'Laissez une case vide pour n’avoir aucun plafond.',
  save: 'Enregistrer les plafonds',
  saved: 'Plafonds enregistrés.',
  saveFailed: 'Les plafonds n’ont pas pu être enregistrés. Réessayez.',
  errors: {
    count: 'Entrez un nombre entier, 0 ou plus',
    spend: 'Entrez un montant comme 250,50',
    tooLarge: 'Ce nombre est trop grand',
    fix: 'Corrigez les plafonds signalés et enregistrez de nouveau.',
  },
  timezoneTitle: 'Fuseau horaire',
  timezoneCurrent: (zone: string) => `Les périodes suivent le fuseau horaire ${zone}.`,
  timezonePending: (zone: string, when: string) => `Passe au fuseau horaire ${zone} à minuit (${when}).`,
  timezoneExplained: 'Un changement s’applique à partir du prochain minuit local; cette semaine et ce mois-ci gardent leurs comptes.',
  timezoneSave: 'Changer de fuseau horaire',
  timezoneSaved: (zone: string, when: string) => `Le fuseau horaire passe à ${zone} le ${when}.`,
  timezoneCancelled: 'Changement de fuseau horaire en attente annulé.',
  timezoneFailed: 'Le fuseau horaire n’a pas pu être changé. Réessayez.',
  timezoneAdminOnly: 'Seul un administrateur peut changer le fuseau horaire.',
} satisfies Translation<typeof messages>;
