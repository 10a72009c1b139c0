import type { BidFilters, FieldRule } from '../bid-types.js';
import { zipCentroid, type Centroid } from '../geo/zips.js';

const EARTH_RADIUS_MILES = 3958.8;

/** Great-circle distance in miles (haversine). */
export function milesBetween(a: Centroid, b: Centroid): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.sqrt(h));
}

function ruleMatches(rule: FieldRule, value: unknown): boolean {
  const present = value !== undefined && value !== null && value !== '';
  switch (rule.op) {
    case 'exists':
      return present;
    case 'eq':
      return present && String(value) === String(rule.value);
    case 'in':
      return present && rule.values.map(String).includes(String(value));
    case 'range': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) && (rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max);
    }
  }
}

/** Whether a lead passes a bid's ZIP list, ZIP radius and field rules (a lead without a ZIP fails ZIP filters). */
export function filtersMatch(filters: BidFilters, lead: { zip: string | null; fields: Record<string, unknown> }): boolean {
  if (filters.zips.length > 0 && (lead.zip === null || !filters.zips.includes(lead.zip))) return false;
  if (filters.radius) {
    const from = zipCentroid(filters.radius.zip);
    const to = lead.zip === null ? null : zipCentroid(lead.zip);
    if (!from || !to || milesBetween(from, to) > filters.radius.miles) return false;
  }
  return filters.rules.every((rule) => ruleMatches(rule, lead.fields[rule.field]));
}
