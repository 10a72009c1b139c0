import { describe, expect, it } from 'vitest';
import { bpsOf, cents, decimalAmount, ratioBps, toJsonCents } from './money.js';

describe('bpsOf: amount × bps / 10000, half-up to the cent (D12)', () => {
  it.each([
    [10_000n, 500, 500n], // 5% of $100
    [1n, 5_000, 1n], // 0.5 -> 1
    [1n, 4_999, 0n], // 0.4999 -> 0
    [3n, 5_000, 2n], // 1.5 -> 2
    [5n, 5_000, 3n], // 2.5 -> 3 (half-up, not banker's rounding)
    [101n, 50, 1n], // 0.505 -> 1
    [99n, 50, 0n], // 0.495 -> 0
    [100n, 50, 1n], // 0.5 -> 1
    [2_999n, 250, 75n], // 74.975 -> 75
    [2_980n, 250, 75n], // 74.5 -> 75
    [2_979n, 250, 74n], // 74.475 -> 74
    [12_345n, 0, 0n],
    [12_345n, 10_000, 12_345n],
    [0n, 2_500, 0n],
  ])('bpsOf(%d, %d) = %d', (amount, bps, expected) => {
    expect(bpsOf(amount, bps)).toBe(expected);
  });

  it('is exact beyond float precision', () => {
    const big = 9_007_199_254_740_993n; // 2^53 + 1
    expect(bpsOf(big, 5_000)).toBe(4_503_599_627_370_497n); // 4503599627370496.5 -> up
  });

  it('gives penalty and discount prices through the one rounding rule', () => {
    const amount = 2_999n;
    expect(amount - bpsOf(amount, 250)).toBe(2_924n);
  });
});

describe('ratioBps: part / whole in basis points, half-up', () => {
  it.each([
    [0n, 0n, 0], // no purchases yet
    [5n, 0n, 0],
    [0n, 100n, 0],
    [1n, 3n, 3_333], // 3333.33
    [2n, 3n, 6_667], // 6666.67
    [1n, 20_000n, 1], // 0.5 -> 1
    [1n, 20_001n, 0], // 0.49998 -> 0
    [3n, 20_000n, 2], // 1.5 -> 2
    [1_000n, 20_000n, 500],
    [100n, 100n, 10_000],
    [150n, 100n, 15_000],
  ])('ratioBps(%d, %d) = %d', (part, whole, expected) => {
    expect(ratioBps(part, whole)).toBe(expected);
  });
});

describe('cents and JSON', () => {
  it('parses driver strings and numbers to bigint', () => {
    expect(cents('12345')).toBe(12_345n);
    expect(cents(-7)).toBe(-7n);
    expect(cents(9n)).toBe(9n);
  });

  it('turns cents into JSON-safe integers and refuses anything beyond 2^53 - 1', () => {
    expect(toJsonCents(1_234n)).toBe(1_234);
    expect(toJsonCents('-500')).toBe(-500);
    expect(toJsonCents(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toJsonCents(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(RangeError);
    expect(() => toJsonCents(-BigInt(Number.MAX_SAFE_INTEGER) - 1n)).toThrow(RangeError);
  });
});

describe('decimalAmount: exact minor units as a decimal for exports', () => {
  it.each([
    [4_500n, 'USD', '45.00'],
    [5n, 'USD', '0.05'],
    [0n, 'USD', '0.00'],
    [-1_234n, 'EUR', '-12.34'],
    [9_007_199_254_740_993n, 'USD', '90071992547409.93'],
    [4_500n, 'JPY', '4500'],
  ])('decimalAmount(%d, %s) = %s', (minor, currency, expected) => {
    expect(decimalAmount(minor, currency)).toBe(expected);
  });
});
