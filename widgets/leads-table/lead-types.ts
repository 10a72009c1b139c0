/** The leads API's shapes, named (generated from the server's schemas: D28). */
import type { components } from '../core/api-types.js';

type Schemas = components['schemas'];

export type LeadSummary = Schemas['LeadSummary'];
export type LeadList = Schemas['LeadList'];
export type LeadColumn = Schemas['LeadColumn'];
export type LeadDetail = Schemas['LeadDetail'];
export type LeadReturn = Schemas['LeadReturn'];
export type LeadSource = Schemas['LeadSource'];
export type TimelineEntry = Schemas['LeadTimelineEntry'];
export type ReturnStatus = LeadReturn['status'];
export type LeadSort = 'purchased_at' | 'price';

type Value = string | number | boolean | null | undefined;

/** "Ada Lovelace" from the deliverable name fields; empty when the lead type delivers no name. */
export const leadName = (fields: Record<string, Value>): string =>
  [fields['first_name'], fields['last_name']].filter((part) => typeof part === 'string' && part).join(' ');

/** The look of each return status's chip (an icon-free word, so never colour alone). */
export const TONES: Record<ReturnStatus, string> = { pending: 'tone-warning', approved: 'tone-success', denied: 'tone-danger' };
