import { Temporal } from 'temporal-polyfill';
import { WEEKDAYS, type Schedule } from './bid-types.js';

/** "HH:MM" to minutes after midnight; "24:00" is the end of the day. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `instant` falls on a scheduled weekday and inside one of its hour ranges, in the schedule's timezone. */
export function isWithinSchedule(schedule: Schedule | null, instant: Date): boolean {
  if (!schedule) return true;
  const local = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(schedule.timezone);
  if (!schedule.weekdays.includes(WEEKDAYS[local.dayOfWeek - 1]!)) return false;
  const minute = local.hour * 60 + local.minute;
  return schedule.hours.some((range) => minutesOf(range.start) <= minute && minute < minutesOf(range.end));
}
