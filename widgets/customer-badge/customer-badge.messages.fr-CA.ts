import type { Translation } from '../core/i18n.js';
import fr from '../core/messages.fr-CA.js';
import type { messages } from './customer-badge.messages.js';

export default {
  loading: 'Chargement du taux de retour…',
  returnRate: 'Taux de retour',
  noPurchases: 'Aucun achat pour l’instant',
  details: 'Taux de retour et niveaux',
  close: fr.close,
  basis: (days: number) => `Retours approuvés en proportion de la valeur des achats, ${days} derniers jours.`,
  amounts: (returned: string, purchased: string) => `${returned} retournés sur ${purchased} achetés.`,
  tierTitle: (name: string, headline: string) => `Niveau ${name}\u00a0: ${headline}`,
  tiers: 'Niveaux de retour',
  tier: 'Niveau',
  range: 'Taux de retour',
  effect: 'Effet',
  current: 'Votre niveau',
  rangeBetween: (lower: string, upper: string) => `De ${lower} à moins de ${upper}`,
  rangeFrom: (lower: string) => `${lower} ou plus`,
  effects: {
    none: () => 'Standard',
    penalty: (percent: string) => `Mises classées ${percent} plus bas`,
    discount: (percent: string) => `${percent} de rabais sur le prix des prospects`,
    match_return_rate: () => 'Mises classées plus bas selon votre taux de retour',
  },
} satisfies Translation<typeof messages>;
