import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { StripeAccount } from '../../payments/accounts.js';
import { Stripe, stripeMessage } from '../../payments/stripe-client.js';
import { postToLedger, type PostedEntry, type Tenant } from '../ledger.js';
import { rechargeFailed, rechargeSucceeded } from './recharge-state.js';

export type PaymentKind = 'deposit' | 'auto_recharge';
export type PaymentStatus = 'pending' | 'requires_action' | 'processing' | 'succeeded' | 'failed' | 'canceled';

export interface Payment {
  id: string;
  kind: PaymentKind;
  status: PaymentStatus;
  amountCents: bigint;
  feeCents: bigint;
  paymentMethodId: string | null;
  stripePaymentIntentId: string | null;
  failureMessage: string | null;
  receiptUrl: string | null;
  createdAt: Date;
}

type PaymentRow = Awaited<ReturnType<ReturnType<typeof selectPayments>['executeTakeFirstOrThrow']>>;

const selectPayments = (db: Db, tenant: Tenant) =>
  db.selectFrom('payments').selectAll().where('customer_id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId);

export const toPayment = (row: PaymentRow): Payment => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  amountCents: BigInt(row.amount_cents),
  feeCents: BigInt(row.fee_cents),
  paymentMethodId: row.payment_method_id,
  stripePaymentIntentId: row.stripe_payment_intent_id,
  failureMessage: row.failure_message,
  receiptUrl: row.receipt_url,
  createdAt: row.created_at,
});

export async function findPayment(db: Db, tenant: Tenant, id: string): Promise<Payment> {
  const row = await selectPayments(db, tenant).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Payment');
  return toPayment(row);
}

/** Where a confirmed PaymentIntent leaves the payment: the wallet itself moves only on the verified webhook. */
export interface ChargeOutcome {
  intentId: string | null;
  status: Exclude<PaymentStatus, 'pending' | 'succeeded'>;
  /** Only for `requires_action`: the widget finishes 3-D Secure with it. */
  clientSecret: string | null;
  failureMessage: string | null;
}

export interface ChargeRequest {
  payment: Payment;
  tenant: Tenant;
  currency: string;
  stripeCustomerId: string;
  stripePaymentMethodId: string;
  /** Auto-recharge: the buyer is not there to authenticate. */
  offSession: boolean;
  receiptEmail: string | null;
  description: string;
}

/**
 * One PaymentIntent, confirmed at once on the saved card, for the amount plus the fee (D13). Its idempotency key is
 * the payment's id, so a retried request or a retried call reaches the same intent. A refusal comes back as a
 * `failed` outcome carrying Stripe's message.
 */
export async function chargeCard(account: StripeAccount, request: ChargeRequest): Promise<ChargeOutcome> {
  const { payment, tenant } = request;
  try {
    const intent = await account.stripe.paymentIntents.create(
      {
        amount: Number(payment.amountCents + payment.feeCents),
        currency: request.currency.toLowerCase(),
        customer: request.stripeCustomerId,
        payment_method: request.stripePaymentMethodId,
        confirm: true,
        allowed_payment_method_types: ['card'],
        ...(request.offSession && { off_session: true }),
        ...(request.receiptEmail && { receipt_email: request.receiptEmail }),
        description: request.description,
        metadata: { lp_payment_id: payment.id, lp_customer_id: tenant.customerId, lp_kind: payment.kind },
      },
      { idempotencyKey: `payment:${payment.id}` },
    );
    return outcomeOf(intent, request.offSession);
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    return { intentId: error.payment_intent?.id ?? null, status: 'failed', clientSecret: null, failureMessage: stripeMessage(error) };
  }
}

function outcomeOf(intent: Stripe.PaymentIntent, offSession: boolean): ChargeOutcome {
  const base = { intentId: intent.id, clientSecret: null, failureMessage: null };
  switch (intent.status) {
    case 'succeeded':
    case 'processing':
      return { ...base, status: 'processing' };
    case 'requires_action':
      if (offSession) return { ...base, status: 'failed', failureMessage: 'Your card needs you to confirm this payment, which is not possible for an automatic charge' };
      return { ...base, status: 'requires_action', clientSecret: intent.client_secret };
    case 'canceled':
      return { ...base, status: 'canceled' };
    default:
      return { ...base, status: 'failed', failureMessage: intent.last_payment_error?.message ?? `The payment stopped at ${intent.status}` };
  }
}

const lockPayment = (trx: Transaction<Database>, providerId: string, id: string) =>
  trx.selectFrom('payments').selectAll().where('id', '=', id).where('provider_id', '=', providerId).forUpdate().executeTakeFirst();

/**
 * Records what the charge call said. A webhook may have got there first: a payment already succeeded (or already
 * failed) keeps its state; only the intent id is filled in.
 */
export async function recordOutcome(db: Db, tenant: Tenant, paymentId: string, outcome: ChargeOutcome, at: Date): Promise<Payment> {
  return db.transaction().execute(async (trx) => {
    const row = (await lockPayment(trx, tenant.providerId, paymentId))!;
    const intentId = row.stripe_payment_intent_id ?? outcome.intentId;
    if (outcome.status === 'failed') {
      await failPayment(trx, row, outcome.failureMessage ?? 'The payment failed', at, intentId);
    } else if (row.status === 'pending' || row.status === 'requires_action' || row.status === 'processing') {
      await trx.updateTable('payments').set({ status: outcome.status, stripe_payment_intent_id: intentId, updated_at: at }).where('id', '=', row.id).execute();
    } else if (!row.stripe_payment_intent_id && intentId) {
      await trx.updateTable('payments').set({ stripe_payment_intent_id: intentId }).where('id', '=', row.id).execute();
    }
    return toPayment((await lockPayment(trx, tenant.providerId, paymentId))!);
  });
}

const tenantOf = (row: PaymentRow): Tenant => ({ providerId: row.provider_id, customerId: row.customer_id });

/** A failure is recorded once; a payment that already succeeded stays succeeded (events may arrive out of order). */
export async function failPayment(trx: Transaction<Database>, row: PaymentRow, message: string, at: Date, intentId: string | null = null): Promise<void> {
  if (row.status === 'succeeded' || row.status === 'failed' || row.status === 'canceled') return;
  await trx
    .updateTable('payments')
    .set({ status: 'failed', failure_message: message, stripe_payment_intent_id: row.stripe_payment_intent_id ?? intentId, updated_at: at })
    .where('id', '=', row.id)
    .execute();
  if (row.kind === 'auto_recharge') await rechargeFailed(trx, tenantOf(row), { id: row.id, amountCents: BigInt(row.amount_cents) }, message, at);
}

/**
 * Credits the wallet for a succeeded payment, exactly once: the payment row is locked and must not have succeeded
 * yet, and the ledger row's idempotency key is the payment. The wallet gets the requested amount, never the
 * amount Stripe received (which includes the fee, D13). Returns null when it was credited before.
 */
export async function creditPayment(trx: Transaction<Database>, row: PaymentRow, intentId: string, at: Date): Promise<PostedEntry | null> {
  if (row.status === 'succeeded') return null;
  const tenant = tenantOf(row);
  const amountCents = BigInt(row.amount_cents);
  const posted = await postToLedger(trx, tenant, {
    kind: row.kind === 'auto_recharge' ? 'auto_recharge' : 'funds_added',
    amountCents,
    description: await describePayment(trx, row),
    paymentId: row.id,
    idempotencyKey: `payment:${row.id}`,
    actor: 'stripe',
    at,
  });
  await trx
    .updateTable('payments')
    .set({ status: 'succeeded', failure_message: null, stripe_payment_intent_id: row.stripe_payment_intent_id ?? intentId, updated_at: at })
    .where('id', '=', row.id)
    .execute();
  // Deposits count toward the provider's minimum lifetime deposit that unlocks bidding (SPEC "Bids").
  await trx.updateTable('customers').set({ lifetime_deposits_cents: sql`lifetime_deposits_cents + ${amountCents}` }).where('id', '=', tenant.customerId).execute();
  if (row.kind === 'auto_recharge') await rechargeSucceeded(trx, tenant, { id: row.id, amountCents }, at);
  return posted;
}

/** "Card payment, Visa •••• 4242": the ledger row says which card paid (the row also links the payment). */
async function describePayment(trx: Transaction<Database>, row: PaymentRow): Promise<string> {
  const what = row.kind === 'auto_recharge' ? 'Auto-recharge' : 'Card payment';
  if (!row.payment_method_id) return what;
  const card = await trx.selectFrom('payment_methods').select(['brand', 'last4']).where('id', '=', row.payment_method_id).executeTakeFirst();
  return card ? `${what}, ${card.brand[0]!.toUpperCase()}${card.brand.slice(1)} •••• ${card.last4}` : what;
}

/** The payment a Stripe object names (our id in its metadata, else its intent id), within the webhook's provider. */
export async function lockPaymentForIntent(trx: Transaction<Database>, providerId: string, intent: { id: string; metadata?: Record<string, string> | null }) {
  const byMetadata = intent.metadata?.lp_payment_id ? await lockPayment(trx, providerId, intent.metadata.lp_payment_id) : undefined;
  const row = byMetadata ?? (await trx.selectFrom('payments').selectAll().where('provider_id', '=', providerId).where('stripe_payment_intent_id', '=', intent.id).forUpdate().executeTakeFirst());
  // A payment tied to another intent is not this one's (e.g. forged metadata on a foreign intent).
  if (!row || (row.stripe_payment_intent_id && row.stripe_payment_intent_id !== intent.id)) return undefined;
  return row;
}
