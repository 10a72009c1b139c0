/** Money is bigint cents end to end; JSON carries integers (safe below 2^53 cents, ~90 trillion dollars). */
export const cents = (value: string | number | bigint): bigint => BigInt(value);

export function toJsonCents(value: bigint | string): number {
  const n = typeof value === 'bigint' ? value : BigInt(value);
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount exceeds JSON-safe range');
  return Number(n);
}

/** amount × bps / 10000, rounded half-up to the cent (D12) — the one rounding rule for penalties and discounts. */
export function bpsOf(amount: bigint, bps: number): bigint {
  const scaled = amount * BigInt(bps);
  const quotient = scaled / 10000n;
  const remainder = scaled % 10000n;
  return remainder * 2n >= 10000n ? quotient + 1n : quotient;
}

/** A ratio in basis points, half-up; 0 when there is nothing to divide by (D12: "no purchases yet"). */
export function ratioBps(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  return Number((part * 20000n + whole) / (whole * 2n));
}
