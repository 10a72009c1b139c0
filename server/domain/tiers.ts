import type { TierEffect } from '../db/schema.js';

export interface TierRange {
  lower_bps: number;
  upper_bps: number | null;
  effect_kind: TierEffect;
  effect_bps: number;
}

/** `lower <= rate < upper`; the last tier (upper null) is closed above. Tiers are given in position order. */
export function tierFor<T extends TierRange>(tiers: readonly T[], rateBps: number): T | null {
  return tiers.find((t) => rateBps >= t.lower_bps && (t.upper_bps === null || rateBps < t.upper_bps)) ?? null;
}
