import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Stripe } from '../../payments/stripe-client.js';
import { toJsonCents } from '../money.js';
import type { PostedEntry, Tenant } from '../ledger.js';
import { markCardRemoved, upsertCard } from './payment-methods.js';
import { creditPayment, failPayment, lockPaymentForIntent } from './payments.js';
import type { BillingDeps } from './rules.js';

/**
 * Applies one verified Stripe event, idempotently: the event id is stored in the same transaction as its effect,
 * so a replay (or a second delivery racing the first) finds it and does nothing. Events for one intent may come
 * in any order: a success credits once (the payment row is locked and the ledger key is the payment), and a
 * failure after a success changes nothing.
 */
export async function applyStripeEvent(deps: BillingDeps, providerId: string, event: Stripe.Event): Promise<void> {
  const at = deps.clock.now();
  let credited: { tenant: Tenant; posted: PostedEntry } | null = null;
  await deps.db.transaction().execute(async (trx) => {
    const fresh = await trx
      .insertInto('stripe_events')
      .values({ id: event.id, provider_id: providerId, type: event.type, received_at: at, processed_at: at })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!fresh) return;
    credited = await apply(trx, providerId, event, at);
  });
  if (credited) {
    const { tenant, posted } = credited as { tenant: Tenant; posted: PostedEntry };
    deps.events.publish({
      type: 'wallet.updated',
      ...tenant,
      data: { balance_cents: toJsonCents(posted.balanceAfterCents), available_cents: toJsonCents(posted.balanceAfterCents - posted.heldAfterCents) },
    });
  }
}

async function apply(trx: Transaction<Database>, providerId: string, event: Stripe.Event, at: Date): Promise<{ tenant: Tenant; posted: PostedEntry } | null> {
  switch (event.type) {
    case 'payment_intent.succeeded': {
      const row = await lockPaymentForIntent(trx, providerId, event.data.object);
      const posted = row && (await creditPayment(trx, row, event.data.object.id, at));
      return row && posted ? { tenant: { providerId, customerId: row.customer_id }, posted } : null;
    }
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      const row = await lockPaymentForIntent(trx, providerId, intent);
      if (row) await failPayment(trx, row, intent.last_payment_error?.message ?? 'The payment failed', at, intent.id);
      return null;
    }
    case 'payment_intent.requires_action': {
      const row = await lockPaymentForIntent(trx, providerId, event.data.object);
      if (row && (row.status === 'pending' || row.status === 'processing')) {
        await trx.updateTable('payments').set({ status: 'requires_action', stripe_payment_intent_id: event.data.object.id, updated_at: at }).where('id', '=', row.id).execute();
      }
      return null;
    }
    case 'payment_intent.canceled': {
      const row = await lockPaymentForIntent(trx, providerId, event.data.object);
      if (row) await failPayment(trx, row, 'The payment was canceled', at, event.data.object.id);
      return null;
    }
    case 'charge.succeeded': {
      // The receipt Stripe emailed (D13): linked from the payment, and so from its ledger row.
      const charge = event.data.object;
      const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
      if (intentId && charge.receipt_url) {
        await trx.updateTable('payments').set({ receipt_url: charge.receipt_url }).where('provider_id', '=', providerId).where('stripe_payment_intent_id', '=', intentId).execute();
      }
      return null;
    }
    case 'payment_method.attached': {
      const pm = event.data.object;
      const tenant = await tenantOfStripeCustomer(trx, providerId, typeof pm.customer === 'string' ? pm.customer : pm.customer?.id);
      if (tenant && pm.card) await upsertCard(trx, tenant, pm, at);
      return null;
    }
    case 'payment_method.detached': {
      const pm = event.data.object;
      const row = await trx.selectFrom('payment_methods').select(['customer_id']).where('provider_id', '=', providerId).where('stripe_payment_method_id', '=', pm.id).executeTakeFirst();
      if (row) await markCardRemoved(trx, { providerId, customerId: row.customer_id }, pm.id, at);
      return null;
    }
    default:
      return null; // recorded, nothing to do: the endpoint may be subscribed to more events than we use
  }
}

async function tenantOfStripeCustomer(trx: Transaction<Database>, providerId: string, stripeCustomerId: string | undefined): Promise<Tenant | null> {
  if (!stripeCustomerId) return null;
  const row = await trx.selectFrom('customers').select('id').where('provider_id', '=', providerId).where('stripe_customer_id', '=', stripeCustomerId).executeTakeFirst();
  return row ? { providerId, customerId: row.id } : null;
}
