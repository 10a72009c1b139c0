import { Temporal } from 'temporal-polyfill';
import { WEEKDAYS, type Schedule } from './bid-types.js';

/** "HH:MM" to minutes after midnight; "24:00" is the end of the day. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Local weekday and minute per zone at one instant. An auction checks hundreds of schedules at one instant in a
 * handful of zones, so the Temporal conversion runs once per zone, not once per bid.
 */
let localTimes = { at: Number.NaN, byZone: new Map<string, { weekday: string; minute: number }>() };
function localTime(instant: Date, timezone: string) {
  if (localTimes.at !== instant.getTime()) localTimes = { at: instant.getTime(), byZone: new Map() };
  let local = localTimes.byZone.get(timezone);
  if (!local) {
    const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timezone);
    local = { weekday: WEEKDAYS[zoned.dayOfWeek - 1]!, minute: zoned.hour * 60 + zoned.minute };
    localTimes.byZone.set(timezone, local);
  }
  return local;
}

/** Whether `instant` falls on a scheduled weekday and inside one of its hour ranges, in the schedule's timezone. */
export function isWithinSchedule(schedule: Schedule | null, instant: Date): boolean {
  if (!schedule) return true;
  const { weekday, minute } = localTime(instant, schedule.timezone);
  if (!schedule.weekdays.includes(weekday as Schedule['weekdays'][number])) return false;
  return schedule.hours.some((range) => minutesOf(range.start) <= minute && minute < minutesOf(range.end));
}
