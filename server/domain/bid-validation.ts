import type { Db } from '../db/database.js';
import type { LeadField } from '../db/schema.js';
import { ApiError } from '../errors.js';
import type { BidDraft } from './bid-types.js';
import { countyIsInState, isUsState } from './geo/counties.js';
import { zipCentroid } from './geo/zips.js';
import { isValidTimezone } from './local-time.js';
import { minutesOf } from './schedule.js';

export interface LeadTypePricing {
  pricing: 'fixed' | 'range';
  priceCents: bigint | null;
  minCents: bigint | null;
  maxCents: bigint | null;
  stepCents: bigint | null;
}

export interface BiddableLeadType extends LeadTypePricing {
  id: string;
  /** Deliverable fields only: a rule on a field the buyer never sees would leak it. */
  fields: LeadField[];
}

/** The provider's active, biddable lead type, or null. */
export async function findBiddableLeadType(db: Db, providerId: string, leadTypeId: string): Promise<BiddableLeadType | null> {
  const row = await db
    .selectFrom('lead_types')
    .innerJoin('lead_categories', 'lead_categories.id', 'lead_types.category_id')
    .select(['lead_types.id', 'pricing', 'price_cents', 'min_cents', 'max_cents', 'step_cents', 'lead_categories.fields'])
    .where('lead_types.provider_id', '=', providerId)
    .where('lead_types.id', '=', leadTypeId)
    .where('lead_types.active', '=', true)
    .where('lead_types.biddable', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  const big = (v: string | null) => (v === null ? null : BigInt(v));
  return {
    id: row.id,
    pricing: row.pricing,
    priceCents: big(row.price_cents),
    minCents: big(row.min_cents),
    maxCents: big(row.max_cents),
    stepCents: big(row.step_cents),
    fields: row.fields.filter((f) => f.deliverable),
  };
}

const dollars = (cents: bigint) => `$${(Number(cents) / 100).toFixed(2)}`;

/** Why an amount is outside the lead type's pricing, or null when it fits (SPEC "Bids"). */
export function amountProblem(amount: bigint, p: LeadTypePricing): string | null {
  if (p.pricing === 'fixed') return amount === p.priceCents ? null : `This lead type has a fixed price of ${dollars(p.priceCents!)}`;
  if (amount < p.minCents!) return `Bid at least ${dollars(p.minCents!)}`;
  if (amount > p.maxCents!) return `Bid at most ${dollars(p.maxCents!)}`;
  if ((amount - p.minCents!) % p.stepCents! !== 0n) return `Bid in steps of ${dollars(p.stepCents!)} from ${dollars(p.minCents!)}`;
  return null;
}

/** Checks a complete draft against the catalogue and geography; throws one 400 naming every bad field. */
export async function validateDraft(db: Db, providerId: string, draft: BidDraft): Promise<void> {
  const fields: Record<string, string> = {};
  const leadType = await findBiddableLeadType(db, providerId, draft.leadTypeId);
  if (!leadType) fields.lead_type_id = 'No biddable lead type with this id';
  else {
    const problem = amountProblem(draft.amountCents, leadType);
    if (problem) fields.amount_cents = problem;
  }

  const { scope } = draft;
  if (scope.kind === 'nationwide') {
    if (scope.state !== null) fields['scope.state'] = 'A nationwide scope has no state';
    if (scope.countyFips !== null) fields['scope.county_fips'] = 'A nationwide scope has no county';
  } else if (scope.state === null || !isUsState(scope.state)) {
    fields['scope.state'] = 'Use a US state code such as TX';
  } else if (scope.kind === 'state' && scope.countyFips !== null) {
    fields['scope.county_fips'] = 'A state scope has no county; use kind "county"';
  } else if (scope.kind === 'county' && (scope.countyFips === null || !countyIsInState(scope.state, scope.countyFips))) {
    fields['scope.county_fips'] = `Use the 5-digit FIPS code of a county in ${scope.state}`;
  }

  draft.filters.zips.forEach((zip, i) => {
    if (!zipCentroid(zip)) fields[`filters.zips.${i}`] = `Unknown ZIP ${zip}`;
  });
  if (draft.filters.radius && !zipCentroid(draft.filters.radius.zip)) fields['filters.radius.zip'] = `Unknown ZIP ${draft.filters.radius.zip}`;
  if (leadType) {
    draft.filters.rules.forEach((rule, i) => {
      const field = leadType.fields.find((f) => f.key === rule.field);
      if (!field) fields[`filters.rules.${i}.field`] = `This lead type has no field "${rule.field}"`;
      else if (rule.op === 'range' && field.type !== 'number') fields[`filters.rules.${i}.op`] = 'Range rules need a number field';
      else if (rule.op === 'range' && rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) fields[`filters.rules.${i}.max`] = 'Max must be at least min';
    });
  }

  if (draft.schedule) {
    if (!isValidTimezone(draft.schedule.timezone)) fields['schedule.timezone'] = 'Use an IANA timezone such as America/Chicago';
    draft.schedule.hours.forEach((range, i) => {
      if (minutesOf(range.start) >= minutesOf(range.end)) fields[`schedule.hours.${i}.end`] = 'End must be after start';
    });
  }

  if (Object.keys(fields).length > 0) throw new ApiError('invalid_request', 'Some fields are invalid', fields);
}
