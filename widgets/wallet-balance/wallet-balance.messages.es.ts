import type { Translation } from '../core/i18n.js';
import es from '../core/messages.es.js';
import type { messages } from './wallet-balance.messages.js';

export default {
  label: 'Saldo disponible',
  loading: 'Cargando saldo…',
  openBilling: 'abrir facturación',
  funding: { available: 'Fondos disponibles', limited: 'Fondos limitados', exhausted: 'Fondos agotados' },
  fundingExplained: {
    available: 'Tus fondos cubren todas tus pujas activas.',
    limited: 'Las pujas por encima de tus fondos disponibles no compiten.',
    exhausted: es.noFunds,
  },
  held: (amount: string) => `${amount} retenidos`,
  balance: 'Saldo',
  onHold: 'Retenido',
  available: 'Disponible',
  bids: 'Cobertura de pujas',
  bidName: 'Puja',
  bidAmount: 'Monto',
  coverage: 'Cobertura',
  covered: 'Cubierta',
  notCovered: 'No cubierta',
  noBids: 'No hay pujas activas.',
  minimumBid: (amount: string) => `La puja mínima permitida es ${amount}.`,
  announcement: (amount: string, status: string) => `Saldo disponible ${amount}. ${status}.`,
} satisfies Translation<typeof messages>;
