import type { Translation } from '../core/i18n.js';
import type { sources } from './lead-sources.messages.js';

export default { bid: 'Mise', marketplace: 'Marché', buy_order: 'Ordre d’achat', standing_order: 'Ordre permanent' } satisfies Translation<typeof sources>;
