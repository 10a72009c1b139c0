/**
 * Money typed into an input, read exactly: amounts are parsed from the text, never through a float, so "0.29" is
 * 29 cents, and written back without grouping so they read back unchanged.
 */
export type ParsedMoney = { ok: true; value: number | null } | { ok: false; problem: 'spend' | 'tooLarge' };

export interface MoneyFormat {
  currency: string;
  symbol: string;
  decimal: string;
  group: string;
  /** Minor-unit digits of the currency (2 for USD, 0 for JPY). */
  digits: number;
}

export function moneyFormat(locale: string, currency: string): MoneyFormat {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const parts = format.formatToParts(12345.6);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { currency, symbol: part('currency'), decimal: part('decimal') || '.', group: part('group'), digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** "1,250.5" -> 125050 (USD, en-US); the currency symbol and group separators are ignored. */
export function parseSpend(text: string, format: MoneyFormat): ParsedMoney {
  let plain = text.replace(/\s/g, '');
  if (format.symbol) plain = plain.split(format.symbol).join('');
  if (format.group) plain = plain.split(format.group).join('');
  if (!plain) return { ok: true, value: null };
  const [whole, fraction = '', ...rest] = plain.split(format.decimal);
  if (rest.length || !/^\d+$/.test(whole!) || !/^\d*$/.test(fraction) || fraction.length > format.digits) return { ok: false, problem: 'spend' };
  const value = BigInt(whole!) * 10n ** BigInt(format.digits) + BigInt(fraction.padEnd(format.digits, '0') || '0');
  return value > MAX ? { ok: false, problem: 'tooLarge' } : { ok: true, value: Number(value) };
}

/** 125050 -> "1250.50": what an input shows for a cap (no grouping, so it reads back unchanged). */
export function spendText(minorUnits: number, format: MoneyFormat): string {
  if (format.digits === 0) return String(minorUnits);
  const scale = 10 ** format.digits;
  return `${Math.trunc(minorUnits / scale)}${format.decimal}${String(minorUnits % scale).padStart(format.digits, '0')}`;
}
