import type { Db } from '../../db/database.js';
import type { LeadField } from '../../db/schema.js';

/**
 * What a buyer may see of a purchased lead (D20): only the fields its category flags deliverable. A stored field
 * the category does not list is not deliverable either (fail closed).
 */
export interface LeadTypeFields {
  id: string;
  name: string;
  /** Deliverable fields only, in the category's order. */
  fields: LeadField[];
}

export type FieldValue = string | number | boolean | null;

/** Every lead type of the provider (inactive ones too: old purchases still show) with its deliverable fields. */
export async function leadTypeFields(db: Db, providerId: string): Promise<Map<string, LeadTypeFields>> {
  const rows = await db
    .selectFrom('lead_types')
    .innerJoin('lead_categories', 'lead_categories.id', 'lead_types.category_id')
    .select(['lead_types.id', 'lead_types.name', 'lead_categories.fields'])
    .where('lead_types.provider_id', '=', providerId)
    .orderBy('lead_types.name')
    .execute();
  return new Map(rows.map((row) => [row.id, { id: row.id, name: row.name, fields: row.fields.filter((f) => f.deliverable) }]));
}

/** The lead's deliverable values keyed by field; a missing or non-scalar value is null. */
export function deliverableValues(type: LeadTypeFields | undefined, stored: Record<string, unknown>): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const field of type?.fields ?? []) {
    const value = stored[field.key];
    values[field.key] = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
  }
  return values;
}

/** The union of the lead types' deliverable fields, first occurrence first: the columns of a table or export. */
export function fieldColumns(types: Iterable<LeadTypeFields>): Pick<LeadField, 'key' | 'label' | 'type'>[] {
  const columns = new Map<string, Pick<LeadField, 'key' | 'label' | 'type'>>();
  for (const type of types) for (const { key, label, type: kind } of type.fields) if (!columns.has(key)) columns.set(key, { key, label, type: kind });
  return [...columns.values()];
}

/** Lead types on which every one of `keys` is deliverable, so a search on them cannot reveal a hidden value. */
export function typesDelivering(types: Iterable<LeadTypeFields>, keys: readonly string[]): string[] {
  return [...types].filter((type) => keys.every((key) => type.fields.some((f) => f.key === key))).map((type) => type.id);
}
