import type { Translation } from '../core/i18n.js';
import es from '../core/messages.es.js';
import type { messages } from './customer-badge.messages.js';

export default {
  loading: 'Cargando tasa de devolución…',
  returnRate: 'Tasa de devolución',
  noPurchases: 'Aún sin compras',
  details: 'Tasa de devolución y niveles',
  close: es.close,
  basis: (days: number) => `Devoluciones aprobadas como proporción del valor de las compras, últimos ${days} días.`,
  amounts: (returned: string, purchased: string) => `${returned} devueltos de ${purchased} comprados.`,
  tierTitle: (name: string, headline: string) => `Nivel ${name}: ${headline}`,
  tiers: 'Niveles de devolución',
  tier: 'Nivel',
  range: 'Tasa de devolución',
  effect: 'Efecto',
  current: 'Tu nivel',
  rangeBetween: (lower: string, upper: string) => `De ${lower} a menos de ${upper}`,
  rangeFrom: (lower: string) => `${lower} o más`,
  effects: {
    none: () => 'Estándar',
    penalty: (percent: string) => `Pujas clasificadas ${percent} más abajo`,
    discount: (percent: string) => `${percent} de descuento en el precio de los leads`,
    match_return_rate: () => 'Pujas clasificadas más abajo según tu tasa de devolución',
  },
} satisfies Translation<typeof messages>;
