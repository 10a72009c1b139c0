import { z } from '@hono/zod-openapi';
import { TRANSACTION_TYPES } from '../../domain/billing/transactions.js';
import { pageQuery } from '../../lib/pagination.js';

/** Reply and request shapes of the billing API, named for the widgets' generated types (D28). */
const Cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const PositiveCents = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const SignedCents = z.number().int();

export const PaymentMethod = z
  .object({
    id: z.string().openapi({ example: 'pm_01jd3m8v2qf1z5x9k7w4n6p0rt' }),
    brand: z.string().openapi({ example: 'visa' }),
    last4: z.string().openapi({ example: '4242' }),
    exp_month: z.number().int(),
    exp_year: z.number().int(),
    is_default: z.boolean(),
    created_at: z.string(),
  })
  .openapi('PaymentMethod');

export const PaymentMethodList = z.object({ items: z.array(PaymentMethod) }).openapi('PaymentMethodList');

export const CardSetup = z
  .object({
    setup_intent_id: z.string(),
    client_secret: z.string().openapi({ description: "For Stripe.js: the Payment Element confirms the SetupIntent with it" }),
    publishable_key: z.string(),
  })
  .openapi('CardSetup');

export const SaveCard = z
  .strictObject({ setup_intent_id: z.string().regex(/^seti_\w{1,200}$/, 'Use the setup_intent_id from POST /payment-methods/setup-intent') })
  .openapi('SaveCard');

export const PaymentMethodIdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });

export const PaymentStatus = z.enum(['pending', 'requires_action', 'processing', 'succeeded', 'failed', 'canceled']).openapi('PaymentStatus', {
  description: 'processing: charged, waiting for Stripe’s confirmation, which credits the wallet; requires_action: finish 3-D Secure with client_secret',
});

export const Payment = z
  .object({
    id: z.string().openapi({ example: 'pay_01jd3m8v2qf1z5x9k7w4n6p0rt' }),
    kind: z.enum(['deposit', 'auto_recharge']),
    status: PaymentStatus,
    amount_cents: z.number().int().openapi({ description: 'Credited to the wallet on success' }),
    fee_cents: z.number().int().openapi({ description: 'Charged on top (D13)' }),
    total_cents: z.number().int().openapi({ description: 'What the card pays: amount + fee' }),
    payment_method_id: z.string().nullable(),
    failure_message: z.string().nullable().openapi({ description: 'Stripe’s own words when the card was refused' }),
    receipt_url: z.string().nullable(),
    client_secret: z.string().nullable().openapi({ description: 'Only while status is requires_action (and only in the reply that started the payment)' }),
    created_at: z.string(),
  })
  .openapi('Payment');

export const NewDeposit = z
  .strictObject({
    amount_cents: PositiveCents.openapi({ description: 'Credited to the wallet; the fee is charged on top' }),
    payment_method_id: z.string().min(1).max(100),
  })
  .openapi('NewDeposit');

export const IdempotencyHeader = z.object({
  'idempotency-key': z.string().min(1).max(200).openapi({ description: 'One per attempt: a retry with the same key reaches the same payment' }),
});

export const PaymentIdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });

export const AutoRecharge = z
  .object({
    enabled: z.boolean(),
    threshold_cents: z.number().int().nullable().openapi({ description: 'Recharge when available funds drop below this (D11)' }),
    amount_cents: z.number().int().nullable(),
    payment_method_id: z.string().nullable().openapi({ description: 'null: the default card' }),
    fee_cents: z.number().int().nullable().openapi({ description: 'Charged on top of each recharge (D13)' }),
    consecutive_failures: z.number().int(),
    max_failures: z.number().int().openapi({ description: 'Auto-recharge turns itself off after this many failures in a row' }),
    pending_payment_id: z.string().nullable(),
  })
  .openapi('AutoRecharge');

export const AutoRechargeUpdate = z
  .strictObject({
    enabled: z.boolean(),
    threshold_cents: Cents,
    amount_cents: PositiveCents,
    payment_method_id: z.string().min(1).max(100).nullable().default(null),
  })
  .openapi('AutoRechargeUpdate');

export const BillingConfig = z
  .object({
    payments_configured: z.boolean().openapi({ description: 'false: cards cannot be used yet (card routes answer 409 payments_not_configured)' }),
    publishable_key: z.string().nullable().openapi({ description: 'For Stripe.js (loadStripe)' }),
    currency: z.string(),
    min_deposit_cents: z.number().int(),
    max_deposit_cents: z.number().int(),
    deposit_fee_bps: z.number().int().openapi({ description: 'Fee on top of each deposit, in basis points (D12, D13)' }),
    presets_cents: z.array(z.number().int()),
    can_add_cards: z.boolean(),
    default_payment_method_id: z.string().nullable(),
    auto_recharge: AutoRecharge,
  })
  .openapi('BillingConfig');

export const TransactionType = z.enum(TRANSACTION_TYPES).openapi('TransactionType');

export const WalletTransaction = z
  .object({
    id: z.string().openapi({ example: 'txn_01jd3m8v2qf1z5x9k7w4n6p0rt' }),
    type: TransactionType,
    amount_cents: SignedCents.openapi({ description: 'Balance change: negative for debits' }),
    hold_delta_cents: SignedCents.openapi({ description: 'Held-funds change (buy orders, D11)' }),
    balance_after_cents: z.number().int().openapi({ description: 'Running balance' }),
    held_after_cents: z.number().int(),
    available_after_cents: z.number().int(),
    description: z.string(),
    created_at: z.string(),
    lead_id: z.string().nullable(),
    purchase_id: z.string().nullable(),
    buy_order_id: z.string().nullable(),
    payment_id: z.string().nullable(),
    return_id: z.string().nullable(),
    receipt_url: z.string().nullable(),
  })
  .openapi('WalletTransaction');

export const TransactionList = z.object({ items: z.array(WalletTransaction), next_cursor: z.string().nullable() }).openapi('TransactionList');

const typeList = new RegExp(`^(${TRANSACTION_TYPES.join('|')})(,(${TRANSACTION_TYPES.join('|')}))*$`);

export const TransactionFilterQuery = z.object({
  type: z.string().regex(typeList, `Use one or more of ${TRANSACTION_TYPES.join(', ')}, separated by commas`).optional(),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Inclusive, e.g. 2026-11-01T00:00:00-06:00' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Exclusive' }),
});

export const TransactionQuery = pageQuery.extend(TransactionFilterQuery.shape);
