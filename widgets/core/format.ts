/** Locale-aware formatting through Intl. Money arrives as integer minor units (cents), rates as basis points. */

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

/** For amounts whose reply names no currency, when neither the widget nor its portal sets one. */
export const DEFAULT_CURRENCY = 'USD';

/** The page's language, for widgets given no `locale`. */
export function defaultLocale(): string {
  return document.documentElement.lang || navigator.language || 'en-US';
}

/** `125000, 'USD', 'en-US'` -> `$1,250.00`; minor units follow the currency (JPY has none). */
export function formatMoney(minorUnits: number, currency: string, locale: string): string {
  const format = numberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}

/** `420` -> `4.2%` */
export function formatPercentFromBps(bps: number, locale: string): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(bps / 10_000);
}

export function formatDate(
  iso: string,
  locale: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
): string {
  return new Intl.DateTimeFormat(locale, options).format(new Date(iso));
}

/** Medium date and short time, e.g. `Nov 26, 2026, 5:00 PM`; in `timeZone` when given. */
export const formatDateTime = (iso: string, locale: string, timeZone?: string): string =>
  formatDate(iso, locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** `'2026-11-26T17:00Z'` seen at 18:00 -> `1 hour ago`. `now` is the server's time when the reply has one. */
export function formatRelativeTime(iso: string, locale: string, now: Date = new Date()): string {
  const seconds = (new Date(iso).getTime() - now.getTime()) / 1000;
  const [unit, size] = RELATIVE_UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? ['second', 1];
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(Math.round(seconds / size), unit);
}
