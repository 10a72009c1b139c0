import { describe, expect, it } from 'vitest';
import { competingState, type CompetingContext } from './bid-standing.js';
import type { Schedule } from './bid-types.js';
import { amountProblem } from './bid-validation.js';
import { countyIsInState, isUsState, normaliseCounty } from './geo/counties.js';
import { zipCentroid } from './geo/zips.js';
import { isWithinSchedule } from './schedule.js';

const range = { pricing: 'range' as const, priceCents: null, minCents: 1_500n, maxCents: 10_000n, stepCents: 250n };

describe('amountProblem (SPEC "Bids": fixed price or min <= amount <= max on the step)', () => {
  it.each([1_500n, 1_750n, 10_000n])('accepts %s on a range', (amount) => {
    expect(amountProblem(amount, range)).toBeNull();
  });
  it.each([
    [1_499n, 'Bid at least $15.00'],
    [10_250n, 'Bid at most $100.00'],
    [1_600n, 'Bid in steps of $2.50 from $15.00'],
  ])('refuses %s with a message', (amount, message) => {
    expect(amountProblem(amount, range)).toBe(message);
  });
  it('accepts only the fixed price', () => {
    const fixed = { pricing: 'fixed' as const, priceCents: 1_000n, minCents: null, maxCents: null, stepCents: null };
    expect(amountProblem(1_000n, fixed)).toBeNull();
    expect(amountProblem(1_100n, fixed)).toBe('This lead type has a fixed price of $10.00');
  });
});

describe('geography (D15)', () => {
  it.each([
    ['TX', 'Harris', '48201'],
    ['tx', 'Harris County', '48201'],
    ['MO', 'Saint Louis', '29189'],
    ['MO', 'St. Louis city', '29510'],
    ['LA', 'Orleans Parish', '22071'],
    ['VA', 'Fairfax', '51059'],
    ['AK', 'Anchorage', '02020'],
  ])('normalises %s / %s to %s', (state, county, fips) => {
    expect(normaliseCounty(state, county)).toBe(fips);
  });
  it('returns null for a county the state does not have', () => {
    expect(normaliseCounty('OK', 'Harris')).toBeNull();
    expect(normaliseCounty('XX', 'Harris')).toBeNull();
  });
  it('knows the 50 states and DC, and which counties belong to each', () => {
    expect(['TX', 'DC', 'AK', 'HI'].every(isUsState)).toBe(true);
    expect(['PR', 'GU', 'XX', 'tx'].some(isUsState)).toBe(false);
    expect(countyIsInState('TX', '48201')).toBe(true);
    expect(countyIsInState('OK', '48201')).toBe(false);
  });
  it('finds US ZIP centroids only', () => {
    expect(zipCentroid('60601')).toMatchObject({ latitude: expect.any(Number), longitude: expect.any(Number) });
    expect(zipCentroid('00000')).toBeNull();
    expect(zipCentroid('K1A')).toBeNull();
  });
});

describe('isWithinSchedule', () => {
  const weekdaysNineToFive: Schedule = { timezone: 'America/New_York', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: [{ start: '09:00', end: '17:00' }] };
  it.each([
    ['2026-11-26T14:00:00Z', true], // Thu 09:00 EST: start is inclusive
    ['2026-11-26T22:00:00Z', false], // Thu 17:00 EST: end is exclusive
    ['2026-11-28T15:00:00Z', false], // Saturday
    ['2026-07-01T13:30:00Z', true], // Wed 09:30 EDT
    ['2026-07-01T21:30:00Z', false], // Wed 17:30 EDT
  ])('at %s: %s', (instant, expected) => {
    expect(isWithinSchedule(weekdaysNineToFive, new Date(instant))).toBe(expected);
  });
  it('treats no schedule as always, and 24:00 as the end of the day', () => {
    expect(isWithinSchedule(null, new Date())).toBe(true);
    const lateShift: Schedule = { timezone: 'UTC', weekdays: ['thu'], hours: [{ start: '20:00', end: '24:00' }] };
    expect(isWithinSchedule(lateShift, new Date('2026-11-26T23:59:00Z'))).toBe(true);
    expect(isWithinSchedule(lateShift, new Date('2026-11-27T00:00:00Z'))).toBe(false);
  });
});

describe('competingState (D16: one reason, the user’s own choices first)', () => {
  const base: CompetingContext = { customerStatus: 'active', bidding: { state: 'open' }, availableCents: 5_000n, now: new Date('2026-11-26T18:00:00Z'), cappedBidIds: new Set() };
  const bid = { id: 'bid_1', status: 'active' as const, amountCents: 2_000n, schedule: null };
  const offHours: Schedule = { timezone: 'UTC', weekdays: ['mon'], hours: [{ start: '00:00', end: '01:00' }] };

  it('competes when nothing stops it', () => {
    expect(competingState(bid, base)).toEqual({ competing: true, reason: null });
  });
  it.each([
    ['paused', { ...bid, status: 'paused' as const }, { customerStatus: 'archived' as const }],
    ['archived', { ...bid, status: 'archived' as const }, {}],
    ['customer_paused', bid, { customerStatus: 'paused' as const, availableCents: 0n }],
    ['customer_archived', bid, { customerStatus: 'archived' as const }],
    ['bidding_disabled', bid, { bidding: { state: 'disabled' as const }, availableCents: 0n }],
    ['bidding_disabled', bid, { bidding: { state: 'locked' as const, minLifetimeDepositCents: 1n, lifetimeDepositsCents: 0n } }],
    ['capped', { ...bid, schedule: offHours }, { cappedBidIds: new Set(['bid_1']) }],
    ['schedule', { ...bid, schedule: offHours }, { availableCents: 0n }],
    ['wallet', bid, { availableCents: 1_999n }],
  ])('reports %s', (reason, theBid, ctx) => {
    expect(competingState(theBid, { ...base, ...ctx })).toEqual({ competing: false, reason });
  });
  it('competes with available exactly the amount', () => {
    expect(competingState(bid, { ...base, availableCents: 2_000n }).competing).toBe(true);
  });
});
