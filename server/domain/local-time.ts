import { Temporal } from 'temporal-polyfill';

/** The customer-local calendar date of an instant (D30: counter days are customer-local dates). */
export function localDate(instant: Date, timezone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timezone).toPlainDate();
}

export function isValidTimezone(timezone: string): boolean {
  try {
    Temporal.Now.zonedDateTimeISO(timezone);
    return true;
  } catch {
    return false;
  }
}
