import { Temporal } from 'temporal-polyfill';

/** The customer-local calendar date of an instant (D30: counter days are customer-local dates). */
export function localDate(instant: Date, timezone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timezone).toPlainDate();
}

/** The first instant of a local day: a midnight skipped by DST resolves to the first instant that exists that day. */
export function startOfLocalDay(date: Temporal.PlainDate, timezone: string): Date {
  return new Date(date.toZonedDateTime({ timeZone: timezone }).epochMilliseconds);
}

export function isValidTimezone(timezone: string): boolean {
  try {
    Temporal.Now.zonedDateTimeISO(timezone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical IANA spelling ("america/chicago" -> "America/Chicago"), or null for an unknown zone or a bare offset. */
export function canonicalTimezone(timezone: string): string | null {
  if (!/^[A-Za-z]/.test(timezone) || timezone.length > 100) return null;
  try {
    return Temporal.Now.zonedDateTimeISO(timezone).timeZoneId;
  } catch {
    return null;
  }
}
