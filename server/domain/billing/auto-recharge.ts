import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import type { CustomerStatus, Database } from '../../db/schema.js';
import { ApiError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { requireStripe, stripeAccount } from '../../payments/accounts.js';
import type { Tenant } from '../ledger.js';
import { defaultCard, findCard, type Card } from './payment-methods.js';
import { chargeCard, recordOutcome, toPayment } from './payments.js';
import { rechargeFailed } from './recharge-state.js';
import { AUTO_RECHARGE_MAX_FAILURES, assertAccountOpen, assertDepositAmount, depositFee, depositRules, type BillingDeps } from './rules.js';

export interface AutoRecharge {
  enabled: boolean;
  thresholdCents: bigint | null;
  amountCents: bigint | null;
  /** null: the default card. */
  paymentMethodId: string | null;
  /** D13: the fee charged on top of each recharge, shown in the settings. */
  feeCents: bigint | null;
  consecutiveFailures: number;
  maxFailures: number;
  pendingPaymentId: string | null;
}

export interface AutoRechargeInput {
  enabled: boolean;
  thresholdCents: bigint;
  amountCents: bigint;
  paymentMethodId: string | null;
}

export async function readAutoRecharge(db: Db, tenant: Tenant): Promise<AutoRecharge> {
  const [row, rules] = await Promise.all([
    db.selectFrom('auto_recharge').selectAll().where('customer_id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId).executeTakeFirst(),
    depositRules(db, tenant.providerId),
  ]);
  const amountCents = row ? BigInt(row.amount_cents) : null;
  return {
    enabled: row?.enabled ?? false,
    thresholdCents: row ? BigInt(row.threshold_cents) : null,
    amountCents,
    paymentMethodId: row?.payment_method_id ?? null,
    feeCents: amountCents === null ? null : depositFee(amountCents, rules),
    consecutiveFailures: row?.consecutive_failures ?? 0,
    maxFailures: AUTO_RECHARGE_MAX_FAILURES,
    pendingPaymentId: row?.pending_payment_id ?? null,
  };
}

/**
 * Saves the settings; each save starts afresh (failure count 0, armed for the next crossing). Turning it on needs
 * card payments and a card: the one named, else the default.
 */
export async function saveAutoRecharge(deps: BillingDeps, actor: Tenant & { status: CustomerStatus; userId: string }, input: AutoRechargeInput): Promise<AutoRecharge> {
  const { db, clock } = deps;
  assertAccountOpen(actor.status);
  if (input.enabled) await requireStripe(deps, actor.providerId);
  assertDepositAmount(await depositRules(db, actor.providerId), input.amountCents, 'amount_cents');
  const card = input.paymentMethodId ? await findCard(db, actor, input.paymentMethodId) : await defaultCard(db, actor);
  if (input.enabled && !card) throw new ApiError('invalid_request', 'Some fields are invalid', { payment_method_id: 'Add a card before turning on auto-recharge' });
  const now = clock.now();
  const values = {
    enabled: input.enabled,
    threshold_cents: input.thresholdCents,
    amount_cents: input.amountCents,
    payment_method_id: input.paymentMethodId,
    armed: true,
    fired_after_entry: null,
    consecutive_failures: 0,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('auto_recharge')
      .values({ customer_id: actor.customerId, provider_id: actor.providerId, ...values })
      .onConflict((oc) => oc.column('customer_id').doUpdateSet(values))
      .execute();
    await trx
      .insertInto('audit_log')
      .values({
        provider_id: actor.providerId,
        customer_id: actor.customerId,
        actor_kind: 'user',
        actor_id: actor.userId,
        action: 'auto_recharge.updated',
        subject_type: 'auto_recharge',
        subject_id: actor.customerId,
        details: JSON.stringify({ enabled: input.enabled, threshold_cents: input.thresholdCents.toString(), amount_cents: input.amountCents.toString(), payment_method_id: input.paymentMethodId }),
      })
      .execute();
  });
  return readAutoRecharge(db, actor);
}

/**
 * The domain hook every debit path calls after its transaction commits (auction purchase, marketplace, provider
 * debit). When available funds are below the threshold (D11), it starts exactly one off-session charge: the
 * settings row is locked, a pending recharge blocks another, and it fires once per crossing — it re-arms only
 * after some ledger row put available back at or above the threshold. The wallet is credited by the webhook.
 * Never throws: a debit has already happened and must not fail because a recharge could not start.
 */
export async function afterDebit(deps: BillingDeps, tenant: Tenant): Promise<void> {
  let claimed: Awaited<ReturnType<typeof claimRecharge>> = null;
  try {
    claimed = await claimRecharge(deps, tenant);
    if (!claimed) return;
    const outcome = await chargeCard(claimed.account, { ...claimed.charge, tenant, offSession: true, description: 'Automatic recharge of your lead wallet' });
    await recordOutcome(deps.db, tenant, claimed.charge.payment.id, outcome, deps.clock.now());
  } catch (error) {
    deps.logger.error({ err: error, customer_id: tenant.customerId }, 'auto-recharge failed to start');
    if (claimed) {
      const outcome = { intentId: null, status: 'failed' as const, clientSecret: null, failureMessage: 'The automatic charge could not be started' };
      await recordOutcome(deps.db, tenant, claimed.charge.payment.id, outcome, deps.clock.now()).catch(() => undefined);
    }
  }
}

/** In one transaction on the locked settings row: decide, then record the pending payment that blocks the next. */
async function claimRecharge(deps: BillingDeps, tenant: Tenant) {
  const { db, clock } = deps;
  const settings = await db.selectFrom('auto_recharge').select(['enabled', 'pending_payment_id']).where('customer_id', '=', tenant.customerId).executeTakeFirst();
  if (!settings?.enabled || settings.pending_payment_id) return null;
  const account = await stripeAccount(deps, tenant.providerId);
  if (!account) return null;
  const rules = await depositRules(db, tenant.providerId);

  const charge = await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('auto_recharge').selectAll().where('customer_id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId).forUpdate().executeTakeFirst();
    if (!row?.enabled || row.pending_payment_id) return null;
    const threshold = BigInt(row.threshold_cents);
    const wallet = await trx.selectFrom('wallets').select(['balance_cents', 'held_cents']).where('customer_id', '=', tenant.customerId).executeTakeFirstOrThrow();
    if (BigInt(wallet.balance_cents) - BigInt(wallet.held_cents) >= threshold) return null;
    if (!row.armed && !(await backAboveSince(trx, tenant, row.fired_after_entry, threshold))) return null;

    const card = row.payment_method_id ? await findCard(trx, tenant, row.payment_method_id).catch(() => null) : await defaultCard(trx, tenant);
    const now = clock.now();
    const amountCents = BigInt(row.amount_cents);
    const paymentId = newId('pay');
    const failure = card ? null : 'No card on file for auto-recharge';
    const payment = await trx
      .insertInto('payments')
      .values({
        id: paymentId,
        provider_id: tenant.providerId,
        customer_id: tenant.customerId,
        kind: 'auto_recharge',
        payment_method_id: card?.id ?? null,
        amount_cents: amountCents,
        fee_cents: depositFee(amountCents, rules),
        status: failure ? 'failed' : 'pending',
        failure_message: failure,
        idempotency_key: `auto_recharge:${paymentId}`,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const newest = await trx.selectFrom('ledger_entries').select((eb) => eb.fn.max('id').as('id')).where('customer_id', '=', tenant.customerId).executeTakeFirst();
    await trx
      .updateTable('auto_recharge')
      .set({ armed: false, fired_after_entry: newest?.id ?? null, pending_payment_id: failure ? null : paymentId, updated_at: now })
      .where('customer_id', '=', tenant.customerId)
      .execute();
    if (failure) {
      await rechargeFailed(trx, tenant, { id: paymentId, amountCents }, failure, now);
      return null;
    }
    const customer = await trx.selectFrom('customers').select(['stripe_customer_id', 'billing_email']).where('id', '=', tenant.customerId).executeTakeFirstOrThrow();
    return {
      payment: toPayment(payment),
      currency: rules.currency,
      stripeCustomerId: customer.stripe_customer_id!,
      stripePaymentMethodId: (card as Card).stripePaymentMethodId,
      receiptEmail: customer.billing_email,
    };
  });
  return charge && { account, charge };
}

/** Whether any ledger row since the last firing left available at or above the threshold: a new crossing. */
async function backAboveSince(trx: Transaction<Database>, tenant: Tenant, firedAfterEntry: string | null, threshold: bigint): Promise<boolean> {
  const row = await trx
    .selectFrom('ledger_entries')
    .select('id')
    .where('customer_id', '=', tenant.customerId)
    .where('id', '>', firedAfterEntry ?? '0')
    .where(sql<string>`balance_after_cents - held_after_cents`, '>=', threshold.toString())
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
