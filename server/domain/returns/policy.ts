import type { Db } from '../../db/database.js';
import type { CustomerStatus, ProviderSettings } from '../../db/schema.js';
import { ApiError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { readBadge } from '../badge.js';
import type { Tenant } from '../ledger.js';
import { ratioBps } from '../money.js';

/** The provider's return rules (SPEC "Returns"; defaults are the product's decisions). */
export interface ReturnPolicy {
  enabled: boolean;
  windowDays: number;
  reasons: string[];
  maxRateBps: number | null;
  policyUrl: string | null;
  autoApprove: boolean;
}

export const DEFAULT_RETURN_WINDOW_DAYS = 7;
export const DEFAULT_RETURN_REASONS = ['Wrong or disconnected number', 'Duplicate lead', 'Outside my service area', 'Did not request service'];
const DAY_MS = 86_400_000;

export function returnPolicy(settings: ProviderSettings): ReturnPolicy {
  return {
    enabled: settings.returns_enabled === true,
    windowDays: settings.return_window_days ?? DEFAULT_RETURN_WINDOW_DAYS,
    reasons: settings.return_reasons?.length ? settings.return_reasons : DEFAULT_RETURN_REASONS,
    maxRateBps: settings.max_return_rate_bps ?? null,
    policyUrl: settings.return_policy_url ?? null,
    autoApprove: settings.returns_auto_approve === true,
  };
}

export async function readReturnPolicy(db: Db, providerId: string): Promise<ReturnPolicy> {
  const { settings } = await db.selectFrom('providers').select('settings').where('id', '=', providerId).executeTakeFirstOrThrow();
  return returnPolicy(settings);
}

export type Refusal = 'returns_disabled' | 'customer_archived' | 'already_requested' | 'window_closed' | 'return_rate_capped';

export interface Eligibility {
  allowed: boolean;
  refusal: Refusal | null;
  /** A sentence the widget shows as is. */
  message: string | null;
  /** Last instant a return may be requested (null when returns are off). */
  deadline: Date | null;
}

export interface ReturnCustomer extends Tenant {
  timezone: string;
  status: CustomerStatus;
}

const percent = (bps: number) => `${Number((bps / 100).toFixed(2))}%`;

/** The rate this return would bring the customer to: approved + pending + this one, over purchases in the rate window. */
async function projectedRateBps(db: Db, customer: ReturnCustomer, priceCents: bigint, clock: Clock): Promise<{ rateBps: number; windowDays: number }> {
  const [badge, pending] = await Promise.all([
    readBadge(db, customer, clock),
    db
      .selectFrom('returns as r')
      .innerJoin('purchases as p', 'p.id', 'r.purchase_id')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('p.price_cents'), eb.lit(0)).as('cents'))
      .where('r.customer_id', '=', customer.customerId)
      .where('r.status', '=', 'pending')
      .executeTakeFirstOrThrow(),
  ]);
  return { rateBps: ratioBps(badge.returnedCents + BigInt(pending.cents) + priceCents, badge.purchasedCents), windowDays: badge.windowDays };
}

/** Whether this purchase may be returned now, and if not, why (checked again inside the request's transaction). */
export async function returnEligibility(
  db: Db,
  customer: ReturnCustomer,
  purchase: { priceCents: bigint; purchasedAt: Date; hasReturn: boolean },
  policy: ReturnPolicy,
  clock: Clock,
): Promise<Eligibility> {
  const refuse = (refusal: Refusal, message: string, deadline: Date | null): Eligibility => ({ allowed: false, refusal, message, deadline });
  if (!policy.enabled) return refuse('returns_disabled', 'Your provider does not accept returns', null);
  const deadline = new Date(purchase.purchasedAt.getTime() + policy.windowDays * DAY_MS);
  if (customer.status === 'archived') return refuse('customer_archived', 'This account is archived; contact your provider', deadline);
  if (purchase.hasReturn) return refuse('already_requested', 'A return was already requested for this lead', deadline);
  if (clock.now() >= deadline) return refuse('window_closed', `Returns are accepted within ${policy.windowDays} days of purchase; this lead's window has closed`, deadline);
  if (policy.maxRateBps !== null) {
    const projected = await projectedRateBps(db, customer, purchase.priceCents, clock);
    if (projected.rateBps > policy.maxRateBps) {
      return refuse(
        'return_rate_capped',
        `Returns are limited to ${percent(policy.maxRateBps)} of your purchases over the last ${projected.windowDays} days; this return would bring yours to ${percent(projected.rateBps)}`,
        deadline,
      );
    }
  }
  return { allowed: true, refusal: null, message: null, deadline };
}

const refusalCodes = {
  returns_disabled: 'returns_disabled',
  customer_archived: 'conflict',
  already_requested: 'conflict',
  window_closed: 'return_window_closed',
  return_rate_capped: 'return_rate_capped',
} as const;

export function refusalError(eligibility: Eligibility): ApiError {
  return new ApiError(refusalCodes[eligibility.refusal!], eligibility.message!);
}
