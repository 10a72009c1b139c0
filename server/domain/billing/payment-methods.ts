import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { CustomerStatus, Database } from '../../db/schema.js';
import type { Db } from '../../db/database.js';
import { ApiError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { requireStripe, type StripeAccount } from '../../payments/accounts.js';
import { stripeErrorCode, type Stripe } from '../../payments/stripe-client.js';
import type { Tenant } from '../ledger.js';
import { assertAccountOpen, depositRules, type BillingDeps } from './rules.js';

export interface Card {
  id: string;
  stripePaymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  createdAt: Date;
}

const toCard = (row: { id: string; stripe_payment_method_id: string; brand: string; last4: string; exp_month: number; exp_year: number; is_default: boolean; created_at: Date }): Card => ({
  id: row.id,
  stripePaymentMethodId: row.stripe_payment_method_id,
  brand: row.brand,
  last4: row.last4,
  expMonth: row.exp_month,
  expYear: row.exp_year,
  isDefault: row.is_default,
  createdAt: row.created_at,
});

const activeCards = (db: Db, tenant: Tenant) =>
  db.selectFrom('payment_methods').selectAll().where('customer_id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId).where('detached_at', 'is', null);

/** Saved cards, the default first, then newest. */
export async function listCards(db: Db, tenant: Tenant): Promise<Card[]> {
  const rows = await activeCards(db, tenant).orderBy('is_default', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toCard);
}

/** One of the customer's saved cards; another customer's (or a removed one) is not found (tenancy). */
export async function findCard(db: Db, tenant: Tenant, id: string): Promise<Card> {
  const row = await activeCards(db, tenant).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Payment method');
  return toCard(row);
}

/** The card a charge uses when none is named: the default. */
export async function defaultCard(db: Db, tenant: Tenant): Promise<Card | null> {
  const row = await activeCards(db, tenant).where('is_default', '=', true).executeTakeFirst();
  return row ? toCard(row) : null;
}

/**
 * The customer's Stripe customer, created on first need. The creation's idempotency key is the customer's id, so
 * two first requests at once get one Stripe customer, and only one id is ever stored.
 */
async function ensureStripeCustomer(db: Db, account: StripeAccount, tenant: Tenant): Promise<string> {
  const customer = await db
    .selectFrom('customers')
    .select(['stripe_customer_id', 'name', 'billing_email', 'external_id'])
    .where('id', '=', tenant.customerId)
    .where('provider_id', '=', tenant.providerId)
    .executeTakeFirstOrThrow();
  if (customer.stripe_customer_id) return customer.stripe_customer_id;
  const created = await account.stripe.customers.create(
    { name: customer.name, ...(customer.billing_email && { email: customer.billing_email }), metadata: { lp_customer_id: tenant.customerId, lp_external_id: customer.external_id } },
    { idempotencyKey: `customer:${tenant.customerId}` },
  );
  await db.updateTable('customers').set({ stripe_customer_id: created.id }).where('id', '=', tenant.customerId).where('stripe_customer_id', 'is', null).execute();
  const stored = await db.selectFrom('customers').select('stripe_customer_id').where('id', '=', tenant.customerId).executeTakeFirstOrThrow();
  return stored.stripe_customer_id!;
}

/** A SetupIntent whose client secret lets the widget's Payment Element save a card for later off-session charges. */
export async function startCardSetup(deps: BillingDeps, tenant: Tenant & { status: CustomerStatus }) {
  assertAccountOpen(tenant.status);
  const account = await requireStripe(deps, tenant.providerId);
  if (!(await depositRules(deps.db, tenant.providerId)).canAddCards) throw new ApiError('adding_cards_disabled', 'Your provider does not allow adding cards here; contact your provider');
  const stripeCustomer = await ensureStripeCustomer(deps.db, account, tenant);
  const intent = await account.stripe.setupIntents.create(
    { customer: stripeCustomer, usage: 'off_session', allowed_payment_method_types: ['card'], metadata: { lp_customer_id: tenant.customerId } },
    { idempotencyKey: `setup:${randomUUID()}` },
  );
  return { setupIntentId: intent.id, clientSecret: intent.client_secret!, publishableKey: account.publishableKey };
}

/** Locks the customer row: default-card changes serialise per customer (one default, by a unique index). */
const lockCustomer = (trx: Transaction<Database>, tenant: Tenant) =>
  trx.selectFrom('customers').select('stripe_customer_id').where('id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId).forUpdate().executeTakeFirstOrThrow();

/**
 * Stores a Stripe card on the customer, once (by its Stripe id); the first card becomes the default. Used after the
 * widget confirms a SetupIntent and by the `payment_method.attached` webhook, whichever comes first.
 */
export async function upsertCard(trx: Transaction<Database>, tenant: Tenant, pm: Stripe.PaymentMethod, at: Date): Promise<Card> {
  await lockCustomer(trx, tenant);
  if (!pm.card) throw new ApiError('invalid_request', 'Only cards can be saved', { setup_intent_id: 'This payment method is not a card' });
  const existing = await trx.selectFrom('payment_methods').selectAll().where('stripe_payment_method_id', '=', pm.id).executeTakeFirst();
  if (existing) {
    if (existing.customer_id !== tenant.customerId || existing.provider_id !== tenant.providerId) throw notFound('Payment method');
    return toCard(existing);
  }
  const hasDefault = await trx.selectFrom('payment_methods').select('id').where('customer_id', '=', tenant.customerId).where('is_default', '=', true).where('detached_at', 'is', null).executeTakeFirst();
  const row = await trx
    .insertInto('payment_methods')
    .values({
      id: newId('pm'),
      provider_id: tenant.providerId,
      customer_id: tenant.customerId,
      stripe_payment_method_id: pm.id,
      brand: pm.card.brand,
      last4: pm.card.last4,
      exp_month: pm.card.exp_month,
      exp_year: pm.card.exp_year,
      is_default: !hasDefault,
      created_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCard(row);
}

/** After the Payment Element confirmed the SetupIntent: checks it is this customer's and done, then saves its card. */
export async function saveConfirmedCard(deps: BillingDeps, tenant: Tenant, setupIntentId: string): Promise<Card> {
  const account = await requireStripe(deps, tenant.providerId);
  const { stripe_customer_id: stripeCustomer } = await deps.db.selectFrom('customers').select('stripe_customer_id').where('id', '=', tenant.customerId).executeTakeFirstOrThrow();
  const intent = await account.stripe.setupIntents.retrieve(setupIntentId).catch((error: unknown) => {
    throw stripeErrorCode(error) === 'resource_missing' ? notFound('Setup intent') : error;
  });
  if (!stripeCustomer || intent.customer !== stripeCustomer) throw notFound('Setup intent');
  if (intent.status !== 'succeeded' || typeof intent.payment_method !== 'string') {
    throw new ApiError('conflict', 'The card has not been confirmed yet', { setup_intent_id: `Setup intent is ${intent.status}` });
  }
  const pm = await account.stripe.paymentMethods.retrieve(intent.payment_method);
  return deps.db.transaction().execute((trx) => upsertCard(trx, tenant, pm, deps.clock.now()));
}

export async function setDefaultCard(db: Db, tenant: Tenant, id: string): Promise<Card> {
  return db.transaction().execute(async (trx) => {
    await lockCustomer(trx, tenant);
    const card = await findCard(trx, tenant, id);
    await trx.updateTable('payment_methods').set({ is_default: false }).where('customer_id', '=', tenant.customerId).where('is_default', '=', true).execute();
    await trx.updateTable('payment_methods').set({ is_default: true }).where('id', '=', card.id).execute();
    return { ...card, isDefault: true };
  });
}

/**
 * Detaches the card at Stripe, then marks it removed; the newest other card becomes the default, and auto-recharge
 * set to this card falls back to the default. Removing a removed card again is a no-op (a retry is harmless).
 */
export async function removeCard(deps: BillingDeps, tenant: Tenant, id: string): Promise<void> {
  const row = await deps.db.selectFrom('payment_methods').selectAll().where('customer_id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Payment method');
  if (row.detached_at) return;
  const account = await requireStripe(deps, tenant.providerId);
  await account.stripe.paymentMethods.detach(row.stripe_payment_method_id, {}, { idempotencyKey: `detach:${row.id}` }).catch((error: unknown) => {
    // Already detached or deleted at Stripe (e.g. from the Dashboard): the card is gone either way.
    const code = stripeErrorCode(error);
    if (code !== 'resource_missing' && code !== 'payment_method_unexpected_state') throw error;
  });
  await deps.db.transaction().execute((trx) => markCardRemoved(trx, tenant, row.stripe_payment_method_id, deps.clock.now()));
}

/** The database half of removing a card (in the caller's transaction); also what the `payment_method.detached` webhook does. */
export async function markCardRemoved(trx: Transaction<Database>, tenant: Tenant, stripePaymentMethodId: string, at: Date): Promise<void> {
  await lockCustomer(trx, tenant);
  const removed = await trx
    .updateTable('payment_methods')
    .set({ detached_at: at, is_default: false })
    .where('stripe_payment_method_id', '=', stripePaymentMethodId)
    .where('customer_id', '=', tenant.customerId)
    .where('detached_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!removed) return;
  await trx.updateTable('auto_recharge').set({ payment_method_id: null }).where('customer_id', '=', tenant.customerId).where('payment_method_id', '=', removed.id).execute();
  const hasDefault = await trx.selectFrom('payment_methods').select('id').where('customer_id', '=', tenant.customerId).where('is_default', '=', true).where('detached_at', 'is', null).executeTakeFirst();
  if (hasDefault) return;
  const newest = await activeCards(trx, tenant).orderBy('created_at', 'desc').orderBy('id', 'desc').select('id').executeTakeFirst();
  if (newest) await trx.updateTable('payment_methods').set({ is_default: true }).where('id', '=', newest.id).execute();
}

/** The provider moved to another Stripe account: its customers get new Stripe customers, and cards must be added again. */
export async function forgetStripeAccount(trx: Transaction<Database>, providerId: string, at: Date): Promise<void> {
  await trx.updateTable('auto_recharge').set({ enabled: false, payment_method_id: null, updated_at: at }).where('provider_id', '=', providerId).execute();
  await trx.updateTable('payment_methods').set({ detached_at: at, is_default: false }).where('provider_id', '=', providerId).where('detached_at', 'is', null).execute();
  await trx.updateTable('customers').set({ stripe_customer_id: null }).where('provider_id', '=', providerId).execute();
}
