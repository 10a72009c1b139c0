import { describe, expect, it } from 'vitest';
import { fundingStatus, type FundingBid } from './funding.js';

const bid = (id: string, amountCents: bigint): FundingBid => ({ id, name: `Bid ${id}`, amountCents });

/** SPEC "Top bar" funding status (D16 names): over competing-eligible bids, else against the smallest minimum bid. */
describe('fundingStatus', () => {
  const bids = [bid('big', 4_500n), bid('small', 2_500n)];

  it('is available when available covers every bid (>=)', () => {
    const result = fundingStatus({ availableCents: 4_500n, bids, minBidCents: 1_000n });
    expect(result.status).toBe('available');
    expect(result.bids.map((b) => [b.bid.id, b.covered])).toEqual([['big', true], ['small', true]]);
  });

  it('is limited when at least one bid is covered but not all', () => {
    const result = fundingStatus({ availableCents: 4_499n, bids, minBidCents: 1_000n });
    expect(result.status).toBe('limited');
    expect(result.bids.map((b) => b.covered)).toEqual([false, true]);
    expect(fundingStatus({ availableCents: 2_500n, bids, minBidCents: null }).status).toBe('limited');
  });

  it('is exhausted when no bid is covered, even above the minimum bid', () => {
    const result = fundingStatus({ availableCents: 2_499n, bids, minBidCents: 1_000n });
    expect(result.status).toBe('exhausted');
    expect(result.bids.map((b) => b.covered)).toEqual([false, false]);
  });

  it('keeps the bids in the order given, one coverage entry each', () => {
    const result = fundingStatus({ availableCents: 3_000n, bids: [bid('a', 1_000n), bid('b', 5_000n), bid('c', 3_000n)], minBidCents: null });
    expect(result.bids.map((b) => [b.bid.id, b.covered])).toEqual([['a', true], ['b', false], ['c', true]]);
  });

  describe('without competing-eligible bids', () => {
    it('compares available to the smallest minimum bid', () => {
      expect(fundingStatus({ availableCents: 999n, bids: [], minBidCents: 1_000n })).toEqual({ status: 'exhausted', bids: [] });
      expect(fundingStatus({ availableCents: 1_000n, bids: [], minBidCents: 1_000n })).toEqual({ status: 'available', bids: [] });
    });

    it('reports a new customer with 0 as exhausted, with or without lead types', () => {
      expect(fundingStatus({ availableCents: 0n, bids: [], minBidCents: 1_000n }).status).toBe('exhausted');
      expect(fundingStatus({ availableCents: 0n, bids: [], minBidCents: null }).status).toBe('exhausted');
    });

    it('is available with any money when the provider has no biddable lead types', () => {
      expect(fundingStatus({ availableCents: 1n, bids: [], minBidCents: null }).status).toBe('available');
    });
  });

  it('treats a negative available (never stored, but computed) as exhausted', () => {
    expect(fundingStatus({ availableCents: -1n, bids, minBidCents: 1_000n }).status).toBe('exhausted');
  });
});
