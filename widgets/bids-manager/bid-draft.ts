import { formatMoney } from '../core/format.js';
import { moneyFormat, parseSpend, spendText } from '../core/money-input.js';
import type { Bid, BidFilters, BidRule, LeadField, LeadTypeOption, NewBid, RuleOp, ScopeKind, Weekday } from './bid-types.js';
import { messages } from './bids-manager.messages.js';
import { stateByCode } from './us-states.js';

const errors = messages.errors;

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** A field rule as typed: every value is the input's text until the draft is checked. */
export interface RuleDraft {
  field: string;
  op: RuleOp;
  value: string;
  values: string;
  min: string;
  max: string;
}

/** The filters as typed (bids and the marketplace's standing orders share this model). */
export interface FilterDraft {
  zips: string;
  radiusZip: string;
  radiusMiles: string;
  rules: RuleDraft[];
}

/** The form's state: what the inputs hold, as text, so nothing is lost or rounded while the user types. */
export interface BidDraft extends FilterDraft {
  name: string;
  leadTypeId: string;
  amount: string;
  scopeKind: ScopeKind;
  state: string;
  county: string;
  scheduled: boolean;
  timezone: string;
  weekdays: Weekday[];
  hours: { start: string; end: string }[];
}

/** Messages per field, keyed by the paths the server names in a 400's `fields` (e.g. `scope.county_fips`). */
export type FieldErrors = Record<string, string>;

export interface MoneyFormat {
  locale: string;
  currency: string;
}

/**
 * "1,234.5" -> 123450 (minor units), from the text as typed: the digits are read as a string, never through a
 * float, so 0.29 is 29 cents exactly. Currency symbols, codes and group separators are ignored. Null if not an
 * amount. The reading is core/money-input's, which the limits and billing amounts use too.
 */
export function parseAmount(text: string, { locale, currency }: MoneyFormat): number | null {
  const parsed = parseSpend(text.replace(/[^\d.,\s'’-]/g, ''), moneyFormat(locale, currency));
  return parsed.ok ? parsed.value : null;
}

/** 4500 -> "45.00" in the locale's decimal notation, for an amount input (no currency sign, no grouping). */
export const amountText = (minorUnits: number, { locale, currency }: MoneyFormat): string => spendText(minorUnits, moneyFormat(locale, currency));

export function amountProblem(cents: number, type: LeadTypeOption, format: MoneyFormat): string {
  const money = (value: number | null) => formatMoney(value ?? 0, format.currency, format.locale);
  if (cents <= 0) return errors.positive;
  if (type.pricing === 'fixed') return cents === type.price_cents ? '' : errors.fixed(money(type.price_cents));
  if (cents < type.min_cents!) return errors.min(money(type.min_cents));
  if (cents > type.max_cents!) return errors.max(money(type.max_cents));
  if ((cents - type.min_cents!) % type.step_cents! !== 0) return errors.step(money(type.step_cents), money(type.min_cents));
  return '';
}

export const emptyRule = (field = ''): RuleDraft => ({ field, op: 'eq', value: '', values: '', min: '', max: '' });

export function emptyDraft(leadType: LeadTypeOption | undefined, timezone: string, format: MoneyFormat): BidDraft {
  const suggested = leadType?.pricing === 'fixed' ? leadType.price_cents : leadType?.min_cents;
  return {
    name: '',
    leadTypeId: leadType?.id ?? '',
    amount: suggested ? amountText(suggested, format) : '',
    scopeKind: 'state',
    state: '',
    county: '',
    zips: '',
    radiusZip: '',
    radiusMiles: '',
    rules: [],
    scheduled: false,
    timezone,
    weekdays: WEEKDAYS.slice(0, 5),
    hours: [{ start: '08:00', end: '18:00' }],
  };
}

/** A saved field rule as the form edits it (bids and standing orders share the filter model). */
export const ruleDraft = (rule: BidRule): RuleDraft => ({
  ...emptyRule(rule.field),
  op: rule.op,
  value: rule.op === 'eq' ? String(rule.value) : '',
  values: rule.op === 'in' ? rule.values.join(', ') : '',
  min: rule.op === 'range' ? String(rule.min ?? '') : '',
  max: rule.op === 'range' ? String(rule.max ?? '') : '',
});

export function draftFromBid(bid: Bid, timezone: string, format: MoneyFormat): BidDraft {
  const { scope, filters, schedule } = bid;
  return {
    name: bid.name,
    leadTypeId: bid.lead_type_id,
    amount: amountText(bid.amount_cents, format),
    scopeKind: scope.kind,
    state: scope.state ?? '',
    county: scope.county_fips ?? '',
    zips: filters.zips.join(', '),
    radiusZip: filters.radius?.zip ?? '',
    radiusMiles: filters.radius ? String(filters.radius.miles) : '',
    rules: filters.rules.map(ruleDraft),
    scheduled: schedule !== null,
    timezone: schedule?.timezone ?? timezone,
    weekdays: schedule?.weekdays ?? WEEKDAYS.slice(0, 5),
    // The server's "24:00" (end of day) is 00:00 in a time input.
    hours: schedule?.hours.map(({ start, end }) => ({ start, end: end === '24:00' ? '00:00' : end })) ?? [{ start: '08:00', end: '18:00' }],
  };
}

/** Five digits: a ZIP code, or a county's FIPS code. */
const ZIP = /^\d{5}$/;
const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const splitList = (text: string, by: RegExp) => text.split(by).map((part) => part.trim()).filter(Boolean);
const numberOrNull = (text: string) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : null);

function checkRule(rule: RuleDraft, field: LeadField | undefined, at: string, problems: FieldErrors): BidRule | undefined {
  if (!field) {
    problems[`${at}.field`] = errors.field;
    return undefined;
  }
  const isNumber = field.type === 'number';
  const typed = (text: string): string | number | undefined => (isNumber ? (numberOrNull(text) ?? undefined) : text);
  switch (rule.op) {
    case 'eq': {
      if (!rule.value.trim()) return void (problems[`${at}.value`] = errors.value);
      if (field.type === 'boolean') return { field: field.key, op: 'eq', value: rule.value === 'true' };
      const value = typed(rule.value.trim());
      if (value === undefined) return void (problems[`${at}.value`] = errors.number);
      return { field: field.key, op: 'eq', value };
    }
    case 'in': {
      const values = splitList(rule.values, /,/).map(typed);
      if (values.length === 0) return void (problems[`${at}.values`] = errors.values);
      if (values.includes(undefined)) return void (problems[`${at}.values`] = errors.number);
      return { field: field.key, op: 'in', values: values as (string | number)[] };
    }
    case 'range': {
      const [min, max] = [numberOrNull(rule.min), numberOrNull(rule.max)];
      if (rule.min.trim() && min === null) return void (problems[`${at}.min`] = errors.number);
      if (rule.max.trim() && max === null) return void (problems[`${at}.max`] = errors.number);
      if (min === null && max === null) return void (problems[`${at}.min`] = errors.rangeEmpty);
      if (min !== null && max !== null && min > max) return void (problems[`${at}.max`] = errors.rangeOrder);
      return { field: field.key, op: 'range', ...(min !== null && { min }), ...(max !== null && { max }) };
    }
    case 'exists':
      return { field: field.key, op: 'exists' };
  }
}

/** Checks the filters as the server does (ZIP format, radius, rules on the lead type's fields) into `problems`. */
export function checkFilters(draft: FilterDraft, leadType: LeadTypeOption | undefined, problems: FieldErrors): BidFilters {
  const zips = splitList(draft.zips, /[\s,;]+/);
  const badZip = zips.find((zip) => !ZIP.test(zip));
  if (badZip !== undefined) problems['filters.zips'] = errors.zip(badZip);
  else if (zips.length > 1000) problems['filters.zips'] = errors.zipCount;
  const radiusZip = draft.radiusZip.trim();
  const miles = draft.radiusMiles.trim();
  if (radiusZip && !ZIP.test(radiusZip)) problems['filters.radius.zip'] = errors.radiusZip;
  if (miles && !(/^\d+$/.test(miles) && +miles >= 1 && +miles <= 500)) problems['filters.radius.miles'] = errors.miles;
  if (radiusZip && !miles) problems['filters.radius.miles'] = errors.radiusBoth;
  if (!radiusZip && miles) problems['filters.radius.zip'] = errors.radiusBoth;
  const rules = draft.rules.flatMap((rule, i) => {
    const field = leadType?.fields.find((candidate) => candidate.key === rule.field);
    return checkRule(rule, field, `filters.rules.${i}`, problems) ?? [];
  });
  return { zips, radius: radiusZip && miles ? { zip: radiusZip, miles: Number(miles) } : null, rules };
}

/**
 * Checks a draft the way the server does (bids.schemas.ts, bid-validation.ts) and builds the request body.
 * What needs the server's tables (is this ZIP or county real?) is left to it; its 400 names the field.
 */
export function checkDraft(
  draft: BidDraft,
  leadTypes: readonly LeadTypeOption[],
  format: MoneyFormat,
): { body: NewBid; errors: FieldErrors } {
  const problems: FieldErrors = {};
  const name = draft.name.trim();
  if (!name) problems['name'] = errors.name;
  else if (name.length > 200) problems['name'] = errors.nameLong;

  const leadType = leadTypes.find((type) => type.id === draft.leadTypeId);
  if (!leadType) problems['lead_type_id'] = errors.leadType;
  const cents = parseAmount(draft.amount, format);
  if (cents === null) problems['amount_cents'] = errors.amount;
  else if (leadType) {
    const problem = amountProblem(cents, leadType, format);
    if (problem) problems['amount_cents'] = problem;
  }

  const state = stateByCode(draft.state);
  const county = draft.county.trim();
  if (draft.scopeKind !== 'nationwide' && !state) problems['scope.state'] = errors.state;
  if (draft.scopeKind === 'county') {
    if (!ZIP.test(county)) problems['scope.county_fips'] = errors.county;
    else if (state && !county.startsWith(state.fips)) problems['scope.county_fips'] = errors.countyState(state.code);
  }

  const filters = checkFilters(draft, leadType, problems);

  if (draft.scheduled) {
    if (!draft.timezone) problems['schedule.timezone'] = errors.timezone;
    if (draft.weekdays.length === 0) problems['schedule.weekdays'] = errors.weekdays;
    draft.hours.forEach(({ start, end }, i) => {
      if (!start) problems[`schedule.hours.${i}.start`] = errors.time;
      else if (!end) problems[`schedule.hours.${i}.end`] = errors.time;
      else if (minutes(start) >= (end === '00:00' ? 1440 : minutes(end))) problems[`schedule.hours.${i}.end`] = errors.endAfterStart;
    });
  }

  const body: NewBid = {
    name,
    lead_type_id: draft.leadTypeId,
    amount_cents: cents ?? 0,
    scope: {
      kind: draft.scopeKind,
      state: draft.scopeKind === 'nationwide' ? null : draft.state || null,
      county_fips: draft.scopeKind === 'county' ? county || null : null,
    },
    filters,
    schedule: draft.scheduled
      ? {
          timezone: draft.timezone,
          weekdays: WEEKDAYS.filter((day) => draft.weekdays.includes(day)),
          hours: draft.hours.map(({ start, end }) => ({ start, end: end === '00:00' ? '24:00' : end })),
        }
      : null,
  };
  return { body, errors: problems };
}
