/**
 * Reading and writing cap inputs exactly as the server checks them (`CapsInput`): a whole number of leads or of
 * cents, 0 or more, empty for no cap. Spend amounts are read with `core/money-input.ts`.
 */
export type Period = 'day' | 'week' | 'month';
export const PERIODS: readonly Period[] = ['day', 'week', 'month'];

export type Parsed = { ok: true; value: number | null } | { ok: false; problem: 'count' | 'spend' | 'tooLarge' };

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const withinRange = (value: bigint): Parsed => (value > MAX ? { ok: false, problem: 'tooLarge' } : { ok: true, value: Number(value) });

export function parseCount(text: string): Parsed {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, value: null };
  return /^\d+$/.test(trimmed) ? withinRange(BigInt(trimmed)) : { ok: false, problem: 'count' };
}

