/** A listing's falling price (SPEC "Marketplace", D19); all cents, all on the server's injected clock. */
export interface PriceTerms {
  firstPriceCents: bigint;
  stepCents: bigint;
  intervalSeconds: number;
  floorCents: bigint;
  listedAt: Date;
  expiresAt: Date;
}

/** Whole intervals since listing at `at` (0 before listing). */
const stepsAt = (terms: PriceTerms, at: Date): bigint =>
  BigInt(Math.max(0, Math.floor((at.getTime() - terms.listedAt.getTime()) / (terms.intervalSeconds * 1000))));

/** price(t) = max(floor, first − step × ⌊(t − listed_at) / interval⌋). */
export function priceAt(terms: PriceTerms, at: Date): bigint {
  const price = terms.firstPriceCents - terms.stepCents * stepsAt(terms, at);
  return price > terms.floorCents ? price : terms.floorCents;
}

/** The next price drop after `at`, or null when the price is at its floor or the listing expires first. */
export function nextDrop(terms: PriceTerms, at: Date): { priceCents: bigint; at: Date } | null {
  const current = priceAt(terms, at);
  if (current <= terms.floorCents || terms.stepCents === 0n) return null;
  const when = new Date(terms.listedAt.getTime() + Number(stepsAt(terms, at) + 1n) * terms.intervalSeconds * 1000);
  if (when >= terms.expiresAt) return null;
  return { priceCents: priceAt(terms, when), at: when };
}
