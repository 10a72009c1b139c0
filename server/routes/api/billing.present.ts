import type { AutoRecharge } from '../../domain/billing/auto-recharge.js';
import type { Card } from '../../domain/billing/payment-methods.js';
import type { Payment } from '../../domain/billing/payments.js';
import type { WalletTransaction } from '../../domain/billing/transactions.js';
import { toJsonCents } from '../../domain/money.js';

/** Domain values as billing replies: cents as JSON integers, times as ISO strings. */
const cents = (value: bigint | null) => (value === null ? null : toJsonCents(value));

export const cardJson = (card: Card) => ({
  id: card.id,
  brand: card.brand,
  last4: card.last4,
  exp_month: card.expMonth,
  exp_year: card.expYear,
  is_default: card.isDefault,
  created_at: card.createdAt.toISOString(),
});

export const paymentJson = (payment: Payment, clientSecret: string | null = null) => ({
  id: payment.id,
  kind: payment.kind,
  status: payment.status,
  amount_cents: toJsonCents(payment.amountCents),
  fee_cents: toJsonCents(payment.feeCents),
  total_cents: toJsonCents(payment.amountCents + payment.feeCents),
  payment_method_id: payment.paymentMethodId,
  failure_message: payment.failureMessage,
  receipt_url: payment.receiptUrl,
  client_secret: clientSecret,
  created_at: payment.createdAt.toISOString(),
});

export const autoRechargeJson = (settings: AutoRecharge) => ({
  enabled: settings.enabled,
  threshold_cents: cents(settings.thresholdCents),
  amount_cents: cents(settings.amountCents),
  payment_method_id: settings.paymentMethodId,
  fee_cents: cents(settings.feeCents),
  consecutive_failures: settings.consecutiveFailures,
  max_failures: settings.maxFailures,
  pending_payment_id: settings.pendingPaymentId,
});

export const transactionJson = (t: WalletTransaction) => ({
  id: t.id,
  type: t.type,
  amount_cents: toJsonCents(t.amountCents),
  hold_delta_cents: toJsonCents(t.holdDeltaCents),
  balance_after_cents: toJsonCents(t.balanceAfterCents),
  held_after_cents: toJsonCents(t.heldAfterCents),
  available_after_cents: toJsonCents(t.balanceAfterCents - t.heldAfterCents),
  description: t.description,
  created_at: t.createdAt.toISOString(),
  lead_id: t.leadId,
  purchase_id: t.purchaseId,
  buy_order_id: t.buyOrderId,
  payment_id: t.paymentId,
  return_id: t.returnId,
  receipt_url: t.receiptUrl,
});
