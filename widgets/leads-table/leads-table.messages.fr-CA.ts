import type { Translation } from '../core/i18n.js';
import type { messages } from './leads-table.messages.js';

/** French counts 0 and 1 in the singular. */
const plural = (n: number) => (n < 2 ? '' : 's');

export default {
  loading: 'Chargement des prospects…',
  caption: 'Prospects achetés',
  filters: 'Filtrer les prospects',
  search: 'Rechercher',
  searchHint: 'Nom, courriel ou téléphone',
  from: 'Du',
  to: 'Au',
  bid: 'Mise',
  state: 'État',
  any: 'Tous',
  apply: 'Appliquer',
  clear: 'Effacer les filtres',
  toBeforeFrom: 'Doit être identique ou postérieure à la date de début',
  badState: 'Utilisez un code de 2 lettres comme TX',
  badFilter: 'Vérifiez les filtres ci-dessus.',
  returns: { none: 'Non retourné', pending: 'Retour en attente', approved: 'Retourné', denied: 'Retour refusé' },
  columns: { purchased: 'Acheté le', name: 'Prospect', lead_type: 'Type de prospect', price: 'Prix', return: 'Retour', source: 'Source', location: 'Emplacement' },
  columnsButton: 'Colonnes',
  columnsLegend: 'Colonnes à afficher',
  sortBy: (column: string) => `Trier par ${column}`,
  unnamed: 'Prospect sans nom',
  empty: 'Aucun prospect pour l’instant',
  emptyHint: 'Les prospects que vous remportez ou achetez s’affichent ici.',
  noMatch: 'Aucun prospect ne correspond à ces filtres.',
  shown: (count: number, more: boolean) =>
    `${count.toLocaleString()} prospect${plural(count)} affiché${plural(count)}${more ? '; d’autres restent à charger' : ''}.`,
  moreFailed: 'D’autres prospects n’ont pas pu être chargés. Réessayez.',
  export: 'Exporter en CSV',
  exporting: (size: string) => `Exportation… ${size} reçus`,
  exported: (rows: number, size: string) => `${rows.toLocaleString()} prospect${plural(rows)} exporté${plural(rows)} (${size}).`,
  exportCancelled: 'Exportation annulée.',
  exportFailed: 'L’exportation a échoué. Réessayez.',
  back: 'Retour aux prospects',
} satisfies Translation<typeof messages>;
