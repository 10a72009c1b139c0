import { Temporal } from 'temporal-polyfill';
import { localDate } from './local-time.js';

/** Cap periods (SPEC "Bidding limits"): local day, ISO week from Monday, calendar month, in the customer's zone. */
export type Period = 'day' | 'week' | 'month';
export const PERIODS: readonly Period[] = ['day', 'week', 'month'];

/** The customer-local date the period containing `instant` starts on (the `cap_usage.period_start` key). */
export function periodStart(period: Period, instant: Date, timezone: string): Temporal.PlainDate {
  const date = localDate(instant, timezone);
  if (period === 'day') return date;
  if (period === 'week') return date.subtract({ days: date.dayOfWeek - 1 });
  return date.with({ day: 1 });
}

/**
 * The instants the period containing `instant` starts and ends at. Each bound is the start of a local day, so a
 * midnight skipped by DST resolves to the first instant that exists that day, and a day may last 23 or 25 hours.
 */
export function periodBounds(period: Period, instant: Date, timezone: string): { start: Date; end: Date } {
  const start = periodStart(period, instant, timezone);
  const next = start.add(period === 'day' ? { days: 1 } : period === 'week' ? { weeks: 1 } : { months: 1 });
  return { start: startOfLocalDay(start, timezone), end: startOfLocalDay(next, timezone) };
}

function startOfLocalDay(date: Temporal.PlainDate, timezone: string): Date {
  return new Date(date.toZonedDateTime({ timeZone: timezone }).epochMilliseconds);
}
