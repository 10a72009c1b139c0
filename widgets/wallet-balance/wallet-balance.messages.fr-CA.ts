import type { Translation } from '../core/i18n.js';
import fr from '../core/messages.fr-CA.js';
import type { messages } from './wallet-balance.messages.js';

export default {
  label: 'Solde disponible',
  loading: 'Chargement du solde…',
  openBilling: 'ouvrir la facturation',
  funding: { available: 'Fonds disponibles', limited: 'Fonds limités', exhausted: 'Fonds épuisés' },
  fundingExplained: {
    available: 'Vos fonds couvrent toutes vos mises actives.',
    limited: 'Les mises supérieures à vos fonds disponibles ne sont pas en concurrence.',
    exhausted: fr.noFunds,
  },
  held: (amount: string) => `${amount} en attente`,
  balance: 'Solde',
  onHold: 'En attente',
  available: 'Disponible',
  bids: 'Couverture des mises',
  bidName: 'Mise',
  bidAmount: 'Montant',
  coverage: 'Couverture',
  covered: 'Couverte',
  notCovered: 'Non couverte',
  noBids: 'Aucune mise active.',
  minimumBid: (amount: string) => `La mise minimale permise est de ${amount}.`,
  announcement: (amount: string, status: string) => `Solde disponible ${amount}. ${status}.`,
} satisfies Translation<typeof messages>;
