import { ApiError } from '../../errors.js';
import { isUsState, normaliseCounty } from '../geo/counties.js';

/** The lead fields the portal itself reads; anything else is the lead type's own (custom) fields. */
export interface LeadInput {
  first_name?: string;
  last_name?: string;
  email?: string;
  phone?: string;
  address?: string;
  city?: string;
  state?: string;
  zip?: string;
  county?: string;
  [custom: string]: unknown;
}

/** The searchable, matchable columns of a lead (D15: the county comes from county + state, never from the ZIP). */
export interface NormalisedLead {
  state: string | null;
  countyFips: string | null;
  zip: string | null;
  emailLower: string | null;
  phoneE164: string | null;
  nameLower: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** US numbers only in this version: 10 digits, or 11 with the leading country code 1. */
export function usPhoneE164(raw: string): string | null {
  const digits = raw.replace(/\D/g, '');
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return null;
}

/** Normalises a lead's fields; throws one 400 naming every bad field. */
export function normaliseLead(fields: LeadInput): NormalisedLead {
  const problems: Record<string, string> = {};
  const state = text(fields.state)?.toUpperCase() ?? null;
  if (state !== null && !isUsState(state)) problems['fields.state'] = 'Use a US state code such as TX';

  const county = text(fields.county);
  let countyFips: string | null = null;
  if (county !== null) {
    if (state === null) problems['fields.state'] = 'A county needs its state';
    else if (!problems['fields.state']) {
      countyFips = normaliseCounty(state, county);
      if (countyFips === null) problems['fields.county'] = `No county "${county}" in ${state}`;
    }
  }

  const zip = text(fields.zip);
  if (zip !== null && !/^\d{5}(-\d{4})?$/.test(zip)) problems['fields.zip'] = 'Use a 5-digit ZIP code';

  const email = text(fields.email)?.toLowerCase() ?? null;
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems['fields.email'] = 'Use an email address such as jo@example.com';

  const phone = text(fields.phone);
  const phoneE164 = phone === null ? null : usPhoneE164(phone);
  if (phone !== null && phoneE164 === null) problems['fields.phone'] = 'Use a US phone number such as (512) 555-0100';

  if (Object.keys(problems).length) throw new ApiError('invalid_request', 'Some fields are invalid', problems);
  const name = [text(fields.first_name), text(fields.last_name)].filter((part) => part !== null).join(' ').toLowerCase();
  return { state, countyFips, zip: zip?.slice(0, 5) ?? null, emailLower: email, phoneE164, nameLower: name || null };
}
