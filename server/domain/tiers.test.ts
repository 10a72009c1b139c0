import { describe, expect, it } from 'vitest';
import { tierFor, type TierRange } from './tiers.js';

const tier = (name: string, lower: number, upper: number | null) => ({ name, lower_bps: lower, upper_bps: upper, effect_kind: 'none', effect_bps: 0 }) satisfies TierRange & { name: string };

/** SPEC "Top bar": lower <= rate < upper, the last tier closed above. */
describe('tierFor', () => {
  const tiers = [tier('Gold', 0, 500), tier('Silver', 500, 1_500), tier('Bronze', 1_500, null)];

  it.each([
    [0, 'Gold'],
    [499, 'Gold'],
    [500, 'Silver'],
    [1_499, 'Silver'],
    [1_500, 'Bronze'],
    [10_000, 'Bronze'],
    [25_000, 'Bronze'],
  ])('rate %d bps -> %s', (rate, name) => {
    expect(tierFor(tiers, rate)?.name).toBe(name);
  });

  it('returns null with no tiers, or when the rate falls in a gap or below the first tier', () => {
    expect(tierFor([], 100)).toBeNull();
    const gappy = [tier('Low', 100, 200), tier('High', 300, 400)];
    expect(tierFor(gappy, 50)).toBeNull();
    expect(tierFor(gappy, 250)).toBeNull();
    expect(tierFor(gappy, 400)).toBeNull(); // the last tier is closed only when its upper is null
    expect(tierFor(gappy, 399)?.name).toBe('High');
  });

  it('returns the tier object itself, with its extra fields', () => {
    const found = tierFor(tiers, 700);
    expect(found).toBe(tiers[1]);
  });
});
