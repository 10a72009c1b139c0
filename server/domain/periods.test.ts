import { describe, expect, it } from 'vitest';
import { periodBounds, periodStart } from './periods.js';

const hours = (b: { start: Date; end: Date }) => (b.end.getTime() - b.start.getTime()) / 3_600_000;

describe('periodStart', () => {
  it('starts a day at local midnight, not UTC midnight', () => {
    // 03:00Z on the 27th is still the evening of the 26th in Chicago.
    expect(periodStart('day', new Date('2026-11-27T03:00:00Z'), 'America/Chicago').toString()).toBe('2026-11-26');
    expect(periodStart('day', new Date('2026-11-27T06:00:00Z'), 'America/Chicago').toString()).toBe('2026-11-27');
  });

  it('starts a week on Monday in the customer’s zone', () => {
    // Thursday 2026-11-26; Monday is the 23rd.
    expect(periodStart('week', new Date('2026-11-26T18:00:00Z'), 'America/Chicago').toString()).toBe('2026-11-23');
    // Sunday 23:30 local is still the week that began the previous Monday.
    expect(periodStart('week', new Date('2026-11-30T05:30:00Z'), 'America/Chicago').toString()).toBe('2026-11-23');
    // Monday 00:00 local opens a new week.
    expect(periodStart('week', new Date('2026-11-30T06:00:00Z'), 'America/Chicago').toString()).toBe('2026-11-30');
  });

  it('starts a month on the 1st, across a year end', () => {
    expect(periodStart('month', new Date('2026-11-26T18:00:00Z'), 'America/Chicago').toString()).toBe('2026-11-01');
    expect(periodStart('month', new Date('2027-01-01T05:59:59Z'), 'America/Chicago').toString()).toBe('2026-12-01');
    expect(periodStart('month', new Date('2027-01-01T06:00:00Z'), 'America/Chicago').toString()).toBe('2027-01-01');
  });

  it('uses the zone of the customer (the same instant is a different day in Tokyo)', () => {
    expect(periodStart('day', new Date('2026-11-26T18:00:00Z'), 'Asia/Tokyo').toString()).toBe('2026-11-27');
  });
});

describe('periodBounds', () => {
  it('gives a 23-hour day at the New York spring-forward and a 25-hour day at fall-back', () => {
    const spring = periodBounds('day', new Date('2026-03-08T12:00:00Z'), 'America/New_York');
    expect(spring).toEqual({ start: new Date('2026-03-08T05:00:00Z'), end: new Date('2026-03-09T04:00:00Z') });
    expect(hours(spring)).toBe(23);
    const fall = periodBounds('day', new Date('2026-11-01T12:00:00Z'), 'America/New_York');
    expect(fall).toEqual({ start: new Date('2026-11-01T04:00:00Z'), end: new Date('2026-11-02T05:00:00Z') });
    expect(hours(fall)).toBe(25);
  });

  it('resolves a midnight that DST skips to the first instant of that day (Santiago)', () => {
    // Chile springs forward at 00:00 on 2026-09-06: local clocks go from 23:59:59 to 01:00, so the day starts at 01:00 -03.
    const day = periodBounds('day', new Date('2026-09-06T15:00:00Z'), 'America/Santiago');
    expect(day.start).toEqual(new Date('2026-09-06T04:00:00Z'));
    expect(day.end).toEqual(new Date('2026-09-07T03:00:00Z'));
    expect(hours(day)).toBe(23);
    // The previous day ends where this one starts: no gap, no overlap.
    expect(periodBounds('day', new Date('2026-09-06T03:59:59Z'), 'America/Santiago').end).toEqual(day.start);
  });

  it('gives a week from Monday 00:00 to the next Monday 00:00, lasting 169 hours across fall-back', () => {
    const week = periodBounds('week', new Date('2026-10-29T12:00:00Z'), 'America/New_York');
    expect(week).toEqual({ start: new Date('2026-10-26T04:00:00Z'), end: new Date('2026-11-02T05:00:00Z') });
    expect(hours(week)).toBe(7 * 24 + 1);
  });

  it('gives a month from the 1st 00:00 to the next 1st 00:00', () => {
    const month = periodBounds('month', new Date('2026-02-14T12:00:00Z'), 'Europe/Berlin');
    expect(month).toEqual({ start: new Date('2026-01-31T23:00:00Z'), end: new Date('2026-02-28T23:00:00Z') });
    expect(periodBounds('month', month.end, 'Europe/Berlin').start).toEqual(month.end);
  });
});
