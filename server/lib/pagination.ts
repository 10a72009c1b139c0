import { z } from 'zod';
import { ApiError } from '../errors.js';

/** `?cursor=&limit=` for every list (keyset, never OFFSET). The cursor is the last row's sort key, opaque to clients. */
export const pageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number')) return key;
  } catch {
    // fall through to the 400 below
  }
  throw invalidCursor();
}

const invalidCursor = () => new ApiError('invalid_request', 'Invalid cursor', { cursor: 'Not a cursor this API issued' });

/** A `[timestamp ISO, id]` cursor (lists sorted by time, then id), or null for the first page. */
export function decodeTimeCursor(cursor: string | undefined): [string, string] | null {
  const after = decodeCursor(cursor, 2);
  if (after && (typeof after[0] !== 'string' || typeof after[1] !== 'string' || Number.isNaN(Date.parse(after[0])))) throw invalidCursor();
  return after as [string, string] | null;
}

/** Fetch `limit + 1` rows, return `limit` and the cursor of the last one when more exist. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => readonly (string | number)[]): { items: T[]; next_cursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, next_cursor: rows.length > limit ? encodeCursor(keyOf(items[items.length - 1]!)) : null };
}
