import { moneyFormat, parseSpend, spendText, type MoneyFormat } from '../core/money-input.js';

export { moneyFormat, spendText, type MoneyFormat };

export type AmountCheck = { ok: true; cents: number } | { ok: false; problem: 'amount' | 'range' | 'tooLarge' };

/**
 * An amount typed in the currency's major units ("1,250.50", "$100") as integer minor units, parsed from the
 * text (never through a float), and checked against `min..max` as the server checks it.
 */
export function readAmount(text: string, format: MoneyFormat, bounds: { min: number; max: number }): AmountCheck {
  const parsed = parseSpend(text, format);
  if (!parsed.ok) return { ok: false, problem: parsed.problem === 'tooLarge' ? 'tooLarge' : 'amount' };
  if (parsed.value === null) return { ok: false, problem: 'amount' };
  if (parsed.value < bounds.min || parsed.value > bounds.max) return { ok: false, problem: 'range' };
  return { ok: true, cents: parsed.value };
}

/** D12/D13: the fee on top of an amount, basis points rounded half-up to the cent, as the server computes it. */
export function feeOf(amountCents: number, feeBps: number): number {
  const scaled = BigInt(amountCents) * BigInt(feeBps);
  const quotient = scaled / 10_000n;
  return Number(scaled % 10_000n >= 5_000n ? quotient + 1n : quotient);
}
