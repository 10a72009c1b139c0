/** A bid as the domain sees it (SPEC "Bids", D15). Filters and schedule are stored as these JSON shapes. */
export type BidStatus = 'active' | 'paused' | 'archived';

export interface BidScope {
  kind: 'county' | 'state' | 'nationwide';
  state: string | null;
  countyFips: string | null;
}

export type FieldRule =
  | { field: string; op: 'eq'; value: string | number | boolean }
  | { field: string; op: 'in'; values: (string | number)[] }
  | { field: string; op: 'range'; min?: number; max?: number }
  | { field: string; op: 'exists' };

export interface BidFilters {
  zips: string[];
  radius: { zip: string; miles: number } | null;
  rules: FieldRule[];
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When a bid competes: on these weekdays, inside one of these local hour ranges ("HH:MM", end exclusive, "24:00" allowed). */
export interface Schedule {
  timezone: string;
  weekdays: Weekday[];
  hours: { start: string; end: string }[];
}

export interface BidDraft {
  name: string;
  leadTypeId: string;
  amountCents: bigint;
  scope: BidScope;
  filters: BidFilters;
  /** null: always. */
  schedule: Schedule | null;
}

export interface Bid extends BidDraft {
  id: string;
  status: BidStatus;
  createdAt: Date;
  updatedAt: Date;
}

export const NO_FILTERS: BidFilters = { zips: [], radius: null, rules: [] };
