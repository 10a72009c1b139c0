import type { CustomerStatus } from '../../db/schema.js';
import { ApiError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { requireStripe } from '../../payments/accounts.js';
import type { Tenant } from '../ledger.js';
import { findCard } from './payment-methods.js';
import { chargeCard, recordOutcome, toPayment, type Payment } from './payments.js';
import { assertAccountOpen, assertDepositAmount, depositFee, depositRules, type BillingDeps } from './rules.js';

export interface DepositRequest {
  amountCents: bigint;
  paymentMethodId: string;
  /** The client's Idempotency-Key: a retried request reaches the same payment and the same PaymentIntent. */
  idempotencyKey: string;
}

export interface StartedPayment {
  payment: Payment;
  /** Set while the payment requires_action: the widget completes 3-D Secure with Stripe.js. */
  clientSecret: string | null;
}

/**
 * Add funds (SPEC "Billing"): the amount within the provider's bounds, charged with the fee on top (D13) to one
 * of the customer's cards. The reply says where the charge stands; the wallet is credited only by the verified
 * `payment_intent.succeeded` webhook.
 */
export async function addFunds(deps: BillingDeps, tenant: Tenant & { status: CustomerStatus }, request: DepositRequest): Promise<StartedPayment> {
  const { db, clock } = deps;
  assertAccountOpen(tenant.status);
  const account = await requireStripe(deps, tenant.providerId);
  const rules = await depositRules(db, tenant.providerId);
  assertDepositAmount(rules, request.amountCents, 'amount_cents');
  const card = await findCard(db, tenant, request.paymentMethodId);
  const now = clock.now();
  const key = `deposit:${request.idempotencyKey}`;

  const inserted = await db
    .insertInto('payments')
    .values({
      id: newId('pay'),
      provider_id: tenant.providerId,
      customer_id: tenant.customerId,
      kind: 'deposit',
      payment_method_id: card.id,
      amount_cents: request.amountCents,
      fee_cents: depositFee(request.amountCents, rules),
      status: 'pending',
      idempotency_key: key,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['customer_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  const row = inserted ?? (await db.selectFrom('payments').selectAll().where('customer_id', '=', tenant.customerId).where('idempotency_key', '=', key).executeTakeFirstOrThrow());
  const payment = toPayment(row);
  if (!inserted) {
    if (payment.amountCents !== request.amountCents || payment.paymentMethodId !== card.id) {
      throw new ApiError('idempotency_conflict', 'This Idempotency-Key was already used with a different request');
    }
    if (payment.status !== 'pending') {
      const intent = payment.status === 'requires_action' && payment.stripePaymentIntentId ? await account.stripe.paymentIntents.retrieve(payment.stripePaymentIntentId) : null;
      return { payment, clientSecret: intent?.status === 'requires_action' ? intent.client_secret : null };
    }
  }

  const customer = await db.selectFrom('customers').select(['stripe_customer_id', 'billing_email']).where('id', '=', tenant.customerId).executeTakeFirstOrThrow();
  const outcome = await chargeCard(account, {
    payment,
    tenant,
    currency: rules.currency,
    stripeCustomerId: customer.stripe_customer_id!,
    stripePaymentMethodId: card.stripePaymentMethodId,
    offSession: false,
    receiptEmail: customer.billing_email,
    description: 'Add funds to your lead wallet',
  });
  const recorded = await recordOutcome(db, tenant, payment.id, outcome, clock.now());
  return { payment: recorded, clientSecret: recorded.status === 'requires_action' ? outcome.clientSecret : null };
}
