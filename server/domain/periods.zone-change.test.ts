import { describe, expect, it } from 'vitest';
import { nextLocalMidnight, PERIODS, periodBounds, periodStart, zoneAt, type ZoneSchedule } from './periods.js';

/** D30: a zone change takes effect at the next local midnight; open periods keep their key until the new zone's boundary. */
const change = (from: string, to: string, changedAt: string): ZoneSchedule => {
  const until = nextLocalMidnight(new Date(changedAt), from);
  return { timezone: to, previous: { timezone: from, until } };
};
const hours = (b: { start: Date; end: Date }) => (b.end.getTime() - b.start.getTime()) / 3_600_000;
const key = (period: 'day' | 'week' | 'month', at: string, zone: ZoneSchedule) => periodStart(period, new Date(at), zone).toString();

describe('a timezone change (D30)', () => {
  // Wednesday 2026-11-25 15:00 in Chicago; the next local midnight is Thursday 00:00 CST = 06:00Z.
  const changedAt = '2026-11-25T21:00:00Z';

  it('takes effect at the next local midnight of the zone in effect', () => {
    const east = change('America/Chicago', 'America/New_York', changedAt);
    expect(east.previous!.until).toEqual(new Date('2026-11-26T06:00:00Z'));
    expect(zoneAt(east, new Date('2026-11-26T05:59:59Z'))).toBe('America/Chicago');
    expect(zoneAt(east, new Date('2026-11-26T06:00:00Z'))).toBe('America/New_York');
  });

  it('eastward: the first new day runs from the old midnight to the new one (23 hours); the open week ends at the new zone’s Monday', () => {
    const east = change('America/Chicago', 'America/New_York', changedAt);
    // 23:30 Wednesday in Chicago is already Thursday in New York, but the old zone still holds until its midnight.
    expect(key('day', '2026-11-26T05:30:00Z', east)).toBe('2026-11-25');
    expect(periodBounds('day', new Date('2026-11-26T05:30:00Z'), east)).toEqual({ start: new Date('2026-11-25T06:00:00Z'), end: new Date('2026-11-26T06:00:00Z') });
    const first = periodBounds('day', new Date('2026-11-26T06:00:00Z'), east);
    expect(key('day', '2026-11-26T06:00:00Z', east)).toBe('2026-11-26');
    expect(first).toEqual({ start: new Date('2026-11-26T06:00:00Z'), end: new Date('2026-11-27T05:00:00Z') });
    expect(hours(first)).toBe(23);
    expect(periodBounds('week', new Date('2026-11-27T12:00:00Z'), east)).toEqual({ start: new Date('2026-11-23T06:00:00Z'), end: new Date('2026-11-30T05:00:00Z') });
    expect(periodBounds('month', new Date('2026-11-27T12:00:00Z'), east)).toEqual({ start: new Date('2026-11-01T05:00:00Z'), end: new Date('2026-12-01T05:00:00Z') });
  });

  it('westward: the day that opens at the old midnight keeps its own key and lasts until the new zone’s next midnight (26 hours)', () => {
    const west = change('America/Chicago', 'America/Los_Angeles', changedAt);
    // 23:00 Wednesday in Los Angeles, after the switch: a new day (Thursday's key), not Wednesday's counted one again.
    expect(key('day', '2026-11-26T07:00:00Z', west)).toBe('2026-11-26');
    const first = periodBounds('day', new Date('2026-11-26T07:00:00Z'), west);
    expect(first).toEqual({ start: new Date('2026-11-26T06:00:00Z'), end: new Date('2026-11-27T08:00:00Z') });
    expect(hours(first)).toBe(26);
    expect(key('day', '2026-11-27T08:00:00Z', west)).toBe('2026-11-27');
    expect(periodBounds('week', new Date('2026-11-26T07:00:00Z'), west)).toEqual({ start: new Date('2026-11-23T06:00:00Z'), end: new Date('2026-11-30T08:00:00Z') });
  });

  it('westward on a Monday: the new week opens at the old Monday midnight, not back in last week', () => {
    const west = change('America/Chicago', 'America/Los_Angeles', '2026-11-29T20:00:00Z'); // Sunday afternoon
    // 23:00 Sunday in Los Angeles, after Chicago's Monday midnight.
    expect(key('week', '2026-11-30T07:00:00Z', west)).toBe('2026-11-30');
    expect(periodBounds('week', new Date('2026-11-30T07:00:00Z'), west)).toEqual({ start: new Date('2026-11-30T06:00:00Z'), end: new Date('2026-12-07T08:00:00Z') });
  });

  it('keeps DST-safe bounds: a switch into New York on its spring-forward day gives a 23-hour first day', () => {
    const east = change('America/Chicago', 'America/New_York', '2026-03-07T20:00:00Z');
    expect(periodBounds('day', new Date('2026-03-08T12:00:00Z'), east)).toEqual({ start: new Date('2026-03-08T06:00:00Z'), end: new Date('2026-03-09T04:00:00Z') });
  });

  // Every pair, including a 25-hour jump across the date line and a DST change inside the window.
  const pairs: [string, string, string][] = [
    ['America/Chicago', 'America/New_York', changedAt],
    ['America/Chicago', 'America/Los_Angeles', changedAt],
    ['America/Chicago', 'America/Los_Angeles', '2026-11-29T20:00:00Z'],
    ['Pacific/Pago_Pago', 'Pacific/Kiritimati', '2026-11-25T23:00:00Z'],
    ['Pacific/Kiritimati', 'Pacific/Pago_Pago', '2026-11-30T23:00:00Z'],
    ['Europe/London', 'America/Santiago', '2026-09-04T12:00:00Z'],
    ['America/New_York', 'Asia/Tokyo', '2026-02-27T15:00:00Z'],
  ];
  it.each(pairs)('%s -> %s: periods tile time with growing keys, each instant inside its bounds', (from, to, at) => {
    const zone = change(from, to, at);
    const origin = new Date(at).getTime();
    for (const period of PERIODS) {
      let last: { key: string; start: Date; end: Date } | null = null;
      for (let h = -72; h <= 24 * 40; h++) {
        const instant = new Date(origin + h * 3_600_000);
        const k = periodStart(period, instant, zone).toString();
        const bounds = periodBounds(period, instant, zone);
        expect(bounds.start <= instant && instant < bounds.end, `${period} ${instant.toISOString()}`).toBe(true);
        if (last && k !== last.key) {
          expect(k > last.key, `${period} key ${k} after ${last.key}`).toBe(true);
          expect(bounds.start, `${period} starts where the last ended`).toEqual(last.end);
        } else if (last) {
          expect(bounds).toEqual({ start: last.start, end: last.end });
        }
        last = { key: k, ...bounds };
      }
    }
  });
});
