import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import { cappedSubjects } from './caps.js';
import { ApiError } from '../errors.js';
import { fundingStatus, type Funding } from './funding.js';
import type { Tenant } from './ledger.js';

export interface WalletView {
  /** D14: caps reached this period; capped bids are not competing-eligible, so funding ignores them. */
  caps: { customerCapped: boolean; cappedBidIds: string[] };
  balanceCents: bigint;
  heldCents: bigint;
  availableCents: bigint;
  currency: string;
  funding: Funding;
  minBidCents: bigint | null;
}

/**
 * Balance, holds and funding status in one read (SPEC "Top bar"; available = balance − held, D11). Funding counts
 * the competing-eligible bids: active and not capped this period (D14).
 */
export async function readWallet(db: Db, tenant: Tenant, clock: Clock): Promise<WalletView> {
  const [wallet, activeBids, minBid, capped] = await Promise.all([
    db
      .selectFrom('wallets')
      .select(['balance_cents', 'held_cents', 'currency'])
      .where('customer_id', '=', tenant.customerId)
      .where('provider_id', '=', tenant.providerId)
      .executeTakeFirst(),
    db
      .selectFrom('bids')
      .innerJoin('lead_types', 'lead_types.id', 'bids.lead_type_id')
      .select(['bids.id', 'bids.name', 'bids.amount_cents'])
      .where('bids.customer_id', '=', tenant.customerId)
      .where('bids.provider_id', '=', tenant.providerId)
      .where('bids.status', '=', 'active')
      .where('bids.deleted_at', 'is', null)
      .where('lead_types.active', '=', true)
      .orderBy('bids.amount_cents', 'desc')
      .orderBy('bids.created_at')
      .execute(),
    db
      .selectFrom('lead_types')
      .select((eb) => eb.fn.min(eb.fn.coalesce('min_cents', 'price_cents')).as('min_cents'))
      .where('provider_id', '=', tenant.providerId)
      .where('biddable', '=', true)
      .where('active', '=', true)
      .executeTakeFirst(),
    cappedSubjects(db, tenant, clock),
  ]);
  const bids = activeBids.filter((bid) => !capped.cappedBidIds.has(bid.id));
  if (!wallet) throw new ApiError('not_found', 'Wallet not found');
  const balanceCents = BigInt(wallet.balance_cents);
  const heldCents = BigInt(wallet.held_cents);
  const availableCents = balanceCents - heldCents;
  const minBidCents = minBid?.min_cents == null ? null : BigInt(minBid.min_cents);
  const funding = fundingStatus({
    availableCents,
    minBidCents,
    bids: bids.map((b) => ({ id: b.id, name: b.name, amountCents: BigInt(b.amount_cents) })),
  });
  const caps = { customerCapped: capped.customerCapped, cappedBidIds: activeBids.filter((bid) => capped.cappedBidIds.has(bid.id)).map((bid) => bid.id) };
  return { balanceCents, heldCents, availableCents, currency: wallet.currency, funding, minBidCents, caps };
}
