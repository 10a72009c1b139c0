import { localized } from '../core/i18n.js';
import type { ReturnStatus } from './lead-types.js';

/** UI text of `<lp-leads-table>` (English). */
export const messages = {
  loading: 'Loading leads…',
  caption: 'Purchased leads',
  filters: 'Filter leads',
  search: 'Search',
  searchHint: 'Name, email or phone',
  from: 'From',
  to: 'To',
  bid: 'Bid',
  state: 'State',
  any: 'Any',
  apply: 'Apply',
  clear: 'Clear filters',
  toBeforeFrom: 'Must be on or after the start date',
  badState: 'Use a 2-letter code such as TX',
  badFilter: 'Check the filters above.',
  returns: { none: 'Not returned', pending: 'Return pending', approved: 'Returned', denied: 'Return denied' } satisfies Record<ReturnStatus | 'none', string>,
  columns: { purchased: 'Purchased', name: 'Lead', lead_type: 'Lead type', price: 'Price', return: 'Return', source: 'Source', location: 'Location' },
  columnsButton: 'Columns',
  columnsLegend: 'Columns to show',
  sortBy: (column: string) => `Sort by ${column}`,
  unnamed: 'Unnamed lead',
  empty: 'No leads yet',
  emptyHint: 'Leads you win or buy appear here.',
  noMatch: 'No leads match these filters.',
  shown: (count: number, more: boolean) => `${count.toLocaleString()} lead${count === 1 ? '' : 's'} shown${more ? '; more to load' : ''}.`,
  moreFailed: 'More leads could not be loaded. Try again.',
  export: 'Export CSV',
  exporting: (size: string) => `Exporting… ${size} received`,
  exported: (rows: number, size: string) => `Exported ${rows.toLocaleString()} lead${rows === 1 ? '' : 's'} (${size}).`,
  exportCancelled: 'Export cancelled.',
  exportFailed: 'The export failed. Try again.',
  back: 'Back to leads',
};
localized(messages, { es: () => import('./leads-table.messages.es.js'), 'fr-CA': () => import('./leads-table.messages.fr-CA.js') });
