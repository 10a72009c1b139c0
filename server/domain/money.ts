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

/** Minor units as a plain decimal in the currency's own precision ("45.00" USD, "4500" JPY), exact: for exports. */
export function decimalAmount(minor: bigint, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  if (digits === 0) return minor.toString();
  const sign = minor < 0n ? '-' : '';
  const text = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
