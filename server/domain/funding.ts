export type FundingStatus = 'available' | 'limited' | 'exhausted';

export interface FundingBid {
  id: string;
  name: string;
  amountCents: bigint;
}

export interface FundingInput {
  availableCents: bigint;
  /** The customer's competing-eligible bids: active and not capped (caps arrive with the bidding work, D14). */
  bids: FundingBid[];
  /** Smallest minimum bid over the provider's biddable lead types; null when it has none. */
  minBidCents: bigint | null;
}

export interface Funding {
  status: FundingStatus;
  bids: { bid: FundingBid; covered: boolean }[];
}

/** SPEC "Top bar": funding status over the competing-eligible bids, or against the smallest minimum bid. */
export function fundingStatus({ availableCents, bids, minBidCents }: FundingInput): Funding {
  const coverage = bids.map((bid) => ({ bid, covered: availableCents >= bid.amountCents }));
  if (bids.length === 0) {
    const floor = minBidCents ?? 1n;
    return { status: availableCents >= floor ? 'available' : 'exhausted', bids: coverage };
  }
  const coveredCount = coverage.filter((c) => c.covered).length;
  const status: FundingStatus = coveredCount === bids.length ? 'available' : coveredCount > 0 ? 'limited' : 'exhausted';
  return { status, bids: coverage };
}
