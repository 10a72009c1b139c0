import { localized } from '../core/i18n.js';
import type { LeadSource } from './lead-types.js';

/** Where a lead came from, in `<lp-leads-table>` and `<lp-lead-detail>` (English; translations beside it). */
export const sources: Record<LeadSource['kind'], string> = { bid: 'Bid', marketplace: 'Marketplace', buy_order: 'Buy order', standing_order: 'Standing order' };
localized(sources, { es: () => import('./lead-sources.messages.es.js'), 'fr-CA': () => import('./lead-sources.messages.fr-CA.js') });
