import { ApiError } from '../../errors.js';
import { usPhoneE164 } from '../auction/normalise.js';

/**
 * The buyer's one search box (D29): an email is an exact lower-cased lookup, a phone number an exact E.164 lookup,
 * anything else a prefix of the full name or of the last name. Each is served by its own index.
 */
export type Search = { kind: 'email'; email: string } | { kind: 'phone'; e164: string } | { kind: 'name'; prefix: string };

/** The fields a search reads: it only runs on lead types delivering all of them (D20). */
export const searchedFields: Record<Search['kind'], readonly string[]> = {
  email: ['email'],
  phone: ['phone'],
  name: ['first_name', 'last_name'],
};

const PHONE_LIKE = /^[\d\s().+-]+$/;

export function parseSearch(q: string | undefined): Search | null {
  const text = q?.trim().replace(/\s+/g, ' ') ?? '';
  if (text === '') return null;
  if (text.includes('@')) return { kind: 'email', email: text.toLowerCase() };
  if (PHONE_LIKE.test(text) && /\d/.test(text)) {
    const e164 = usPhoneE164(text);
    if (!e164) throw new ApiError('invalid_request', 'Some fields are invalid', { q: 'Enter the full 10-digit phone number, e.g. (512) 555-0100' });
    return { kind: 'phone', e164 };
  }
  return { kind: 'name', prefix: text.toLowerCase() };
}

/** A LIKE pattern matching values that start with `prefix` literally. */
export const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
