import type { Db } from '../../db/database.js';
import type { Deps } from '../../deps.js';
import type { CustomerStatus } from '../../db/schema.js';
import { ApiError } from '../../errors.js';
import { bpsOf } from '../money.js';

/** Auto-recharge turns itself off after this many card failures in a row (SPEC "Billing"). */
export const AUTO_RECHARGE_MAX_FAILURES = 3;

const DEFAULT_MIN_DEPOSIT_CENTS = 1_000n;
const DEFAULT_MAX_DEPOSIT_CENTS = 1_000_000n;
const PRESET_CANDIDATES_CENTS = [5_000n, 10_000n, 25_000n, 50_000n, 100_000n];

/** The provider's deposit rules (D10 settings), with the product defaults for keys it never set. */
export interface DepositRules {
  currency: string;
  minCents: bigint;
  maxCents: bigint;
  feeBps: number;
  /** Amount buttons for the widget: the usual amounts inside min..max, else the minimum alone. */
  presetsCents: bigint[];
  canAddCards: boolean;
}

export async function depositRules(db: Db, providerId: string): Promise<DepositRules> {
  const { settings, currency } = await db.selectFrom('providers').select(['settings', 'currency']).where('id', '=', providerId).executeTakeFirstOrThrow();
  const minCents = BigInt(settings.min_deposit_cents ?? DEFAULT_MIN_DEPOSIT_CENTS);
  const maxCents = BigInt(settings.max_deposit_cents ?? DEFAULT_MAX_DEPOSIT_CENTS);
  const presets = PRESET_CANDIDATES_CENTS.filter((amount) => amount >= minCents && amount <= maxCents).slice(0, 4);
  return { currency, minCents, maxCents, feeBps: settings.deposit_fee_bps ?? 0, presetsCents: presets.length ? presets : [minCents], canAddCards: settings.allow_adding_cards !== false };
}

/** D13: the fee is charged on top of the amount (half-up, D12); the wallet gets the amount itself. */
export const depositFee = (amountCents: bigint, rules: Pick<DepositRules, 'feeBps'>): bigint => bpsOf(amountCents, rules.feeBps);

const money = (cents: bigint, currency: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(Number(cents) / 100);

/** Refuses an amount outside the provider's bounds, naming the field the widget highlights. */
export function assertDepositAmount(rules: DepositRules, amountCents: bigint, field: string): void {
  if (amountCents < rules.minCents || amountCents > rules.maxCents) {
    throw new ApiError('invalid_request', 'Some fields are invalid', { [field]: `Enter an amount from ${money(rules.minCents, rules.currency)} to ${money(rules.maxCents, rules.currency)}` });
  }
}

/** An archived account is read-only (SPEC "Actors"): no cards, deposits or recharges. */
export function assertAccountOpen(status: CustomerStatus): void {
  if (status === 'archived') throw new ApiError('conflict', 'This account is archived; contact your provider');
}

/** What billing needs from the app (a subset, so the auction path can pass its own deps). */
export type BillingDeps = Pick<Deps, 'db' | 'config' | 'clock' | 'events' | 'logger'>;
