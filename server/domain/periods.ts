import { Temporal } from 'temporal-polyfill';
import { localDate, startOfLocalDay } from './local-time.js';

/** Cap periods (SPEC "Bidding limits"): local day, ISO week from Monday, calendar month, in the customer's zone. */
export type Period = 'day' | 'week' | 'month';
export const PERIODS: readonly Period[] = ['day', 'week', 'month'];

/**
 * A customer's zone with its last change (D30): `previous.timezone` is in effect until `previous.until` (a local
 * midnight of that zone), `timezone` from then on. A plain string is a zone that never changed.
 */
export interface ZoneSchedule {
  timezone: string;
  previous: { timezone: string; until: Date } | null;
}
export type Zone = string | ZoneSchedule;

const scheduleOf = (zone: Zone): ZoneSchedule => (typeof zone === 'string' ? { timezone: zone, previous: null } : zone);

/** The zone in effect at `instant`. */
export function zoneAt(zone: Zone, instant: Date): string {
  const { timezone, previous } = scheduleOf(zone);
  return previous && instant < previous.until ? previous.timezone : timezone;
}

function startIn(period: Period, instant: Date, timezone: string): Temporal.PlainDate {
  const date = localDate(instant, timezone);
  if (period === 'day') return date;
  if (period === 'week') return date.subtract({ days: date.dayOfWeek - 1 });
  return date.with({ day: 1 });
}

const following = (period: Period, start: Temporal.PlainDate) => start.add(period === 'day' ? { days: 1 } : period === 'week' ? { weeks: 1 } : { months: 1 });

/**
 * The customer-local date the period containing `instant` starts on (the `cap_usage.period_start` key).
 * After a zone change the period open at the switch keeps its key until the new zone's next boundary past it, so
 * keys only ever grow: a westward change cannot reopen a day already counted, an eastward one cannot skip usage.
 */
export function periodStart(period: Period, instant: Date, zone: Zone): Temporal.PlainDate {
  const { timezone, previous } = scheduleOf(zone);
  if (!previous || instant < previous.until) return startIn(period, instant, zoneAt(zone, instant));
  const open = startIn(period, previous.until, previous.timezone);
  const current = startIn(period, instant, timezone);
  return Temporal.PlainDate.compare(current, open) > 0 ? current : open;
}

/**
 * The instants the period containing `instant` starts and ends at. Each bound is the start of a local day, so a
 * midnight skipped by DST resolves to the first instant that exists that day, and a day may last 23 or 25 hours.
 * Around a zone change (D30) the boundary at the switch is the old zone's midnight and later ones are the new zone's.
 */
export function periodBounds(period: Period, instant: Date, zone: Zone): { start: Date; end: Date } {
  const { timezone, previous } = scheduleOf(zone);
  const key = periodStart(period, instant, zone);
  const next = following(period, key);
  if (!previous) return { start: startOfLocalDay(key, timezone), end: startOfLocalDay(next, timezone) };
  const open = startIn(period, previous.until, previous.timezone);
  const latest = (a: Date, b: Date) => (a > b ? a : b);
  const start = Temporal.PlainDate.compare(key, open) <= 0 ? startOfLocalDay(key, previous.timezone) : latest(previous.until, startOfLocalDay(key, timezone));
  const end = Temporal.PlainDate.compare(next, open) <= 0 ? startOfLocalDay(next, previous.timezone) : latest(previous.until, startOfLocalDay(next, timezone));
  return { start, end };
}

/** The next local midnight after `instant` in the zone in effect then: when a timezone change takes effect (D30). */
export function nextLocalMidnight(instant: Date, zone: Zone): Date {
  const timezone = zoneAt(zone, instant);
  return startOfLocalDay(localDate(instant, timezone).add({ days: 1 }), timezone);
}
