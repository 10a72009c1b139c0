import type { Translation } from '../core/i18n.js';
import type { sources } from './lead-sources.messages.js';

export default { bid: 'Puja', marketplace: 'Mercado', buy_order: 'Orden de compra', standing_order: 'Orden permanente' } satisfies Translation<typeof sources>;
