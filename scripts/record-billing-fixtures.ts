// Billing fixtures for `<lp-billing-panel>` (issue 6), recorded by `npm run fixtures` after every other reply, so
// those stay as recorded. Cards and payments go through the real `stripe` SDK against the local Stripe-compatible
// stub (D24), and deposits are credited by signed webhooks, exactly as in the server tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { postToLedger } from '../server/domain/ledger.js';
import { newId } from '../server/lib/ids.js';
import { AutoRecharge, BillingConfig, CardSetup, Payment, PaymentMethod, PaymentMethodList, TransactionList } from '../server/routes/api/billing.schemas.js';
import { ErrorBody } from '../server/routes/api/schemas.js';
import { TEST_NOW, type TestContext, type TestProvider } from '../server/test/harness.js';
import { addCard, connectStripe, deliverEvent, signedEvent } from '../server/test/stripe-harness.js';
import type { StripeStub, TestCard } from '../server/test/stripe-stub.js';

const HOUR_MS = 3_600_000;
/** The panel's page size: `available` gets more rows than one page, so "Load more" has a recorded second page. */
const PAGE_SIZE = 25;

export interface Recorder {
  t: TestContext;
  out: string;
}

/** Writes `<customer>/<file>` after checking the reply's status and schema. */
export async function save({ t, out }: Recorder, token: string, customer: string, method: string, route: string, file: string, expect: { status: number; schema: z.ZodType | null }, body?: unknown, headers?: Record<string, string>) {
  const res = await t.request(`/api/v1/${route}`, { method, token, customer, body: body === undefined ? undefined : JSON.stringify(body), headers });
  const text = await res.text();
  const json = text && res.headers.get('Content-Type')?.includes('json') ? JSON.parse(text) : null;
  if (res.status !== expect.status || (expect.schema && !expect.schema.safeParse(json).success)) {
    throw new Error(`${method} ${route} for ${customer} answered ${res.status}: ${text.slice(0, 500)}`);
  }
  const path = join(out, customer, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, json === null ? text : `${JSON.stringify(json, null, 2)}\n`);
  return json;
}

/** The three GETs the panel starts with; every customer a fixture session can switch to has them. */
export async function recordBillingReads(r: Recorder, token: string, customer: string) {
  await save(r, token, customer, 'GET', 'billing', 'billing.json', { status: 200, schema: BillingConfig });
  await save(r, token, customer, 'GET', 'payment-methods', 'payment-methods.json', { status: 200, schema: PaymentMethodList });
  return save(r, token, customer, 'GET', `transactions?limit=${PAGE_SIZE}`, 'transactions.json', { status: 200, schema: TransactionList });
}

/** Purchases as the auction leaves them in the ledger: a lead, its purchase, a `lead_assigned` debit. */
async function addPurchases(t: TestContext, provider: TestProvider, customerId: string, count: number) {
  const { id: leadTypeId } = await t.db.selectFrom('lead_types').select('id').where('provider_id', '=', provider.id).executeTakeFirstOrThrow();
  for (let i = 0; i < count; i++) {
    const leadId = newId('lead');
    const purchaseId = newId('pur');
    const at = new Date(TEST_NOW.getTime() - (count - i) * HOUR_MS);
    await t.db.insertInto('leads').values({ id: leadId, provider_id: provider.id, lead_type_id: leadTypeId, external_id: `fixture-${leadId}`, fields: '{}', state: 'TX', status: 'assigned' }).execute();
    await t.db.transaction().execute(async (trx) => {
      await trx.insertInto('purchases').values({ id: purchaseId, provider_id: provider.id, customer_id: customerId, lead_id: leadId, lead_type_id: leadTypeId, source: 'bid', bid_id: null, listing_id: null, buy_order_id: null, standing_order_id: null, price_cents: 1_500n, bid_amount_cents: 1_500n, state: 'TX', county_fips: '48453', purchased_at: at }).execute();
      await postToLedger(trx, { providerId: provider.id, customerId }, { kind: 'lead_assigned', amountCents: -1_500n, description: 'Lead assigned: Roofing — replacement', purchaseId, at });
    });
  }
}

/** A deposit as the panel makes it; `credit` delivers Stripe's signed payment_intent.succeeded first. */
async function deposit(r: Recorder, stub: StripeStub, keys: Awaited<ReturnType<typeof connectStripe>>, provider: TestProvider, token: string, customer: string, card: { id: string }, file: string, then: 'credit' | 'complete-3ds' | 'nothing') {
  const payment = (await save(r, token, customer, 'POST', 'deposits', file, { status: 201, schema: Payment }, { amount_cents: 10_000, payment_method_id: card.id }, { 'Idempotency-Key': `fixture-${file}` })) as { id: string; status: string };
  if (payment.status === 'failed') return;
  const { stripe_payment_intent_id } = await r.t.db.selectFrom('payments').select('stripe_payment_intent_id').where('id', '=', payment.id).executeTakeFirstOrThrow();
  if (then === 'complete-3ds') stub.completeAction(stripe_payment_intent_id!);
  if (then !== 'nothing') {
    const delivered = await deliverEvent(r.t, provider.id, signedEvent(r.t, stub, keys, 'payment_intent.succeeded', stripe_payment_intent_id!));
    if (delivered.status !== 200) throw new Error(`webhook answered ${delivered.status}`);
  }
  await save(r, token, customer, 'GET', `deposits/${payment.id}`, `deposits/${payment.id}.json`, { status: 200, schema: Payment });
}

/**
 * Acme gets a Stripe account on the stub (fee 2.9%); Roof Pros (`available`, an admin) has two cards, a page and a
 * half of transactions and a deposit credited by webhook; its writes record every panel action, and
 * `deposits/<outcome>.post.json` the other outcomes: declined, 3-D Secure (then credited), processing (no webhook
 * yet). Gutter Kings (`limited`, a buyer) and Maple Roofing (`read-only`, a viewer) see a card read-only. Harbor has
 * no Stripe keys: `tiers-off` shows payments_not_configured.
 */
export async function recordBilling(t: TestContext, out: string, stub: StripeStub, acme: TestProvider, tokens: Map<string, string>) {
  const r = { t, out };
  const { settings } = await t.db.selectFrom('providers').select('settings').where('id', '=', acme.id).executeTakeFirstOrThrow();
  await t.db.updateTable('providers').set({ settings: JSON.stringify({ ...settings, deposit_fee_bps: 290 }) }).where('id', '=', acme.id).execute();
  const keys = await connectStripe(t, acme);
  const customerId = async (external: string) => (await t.db.selectFrom('customers').select('id').where('external_id', '=', external).where('provider_id', '=', acme.id).executeTakeFirstOrThrow()).id;

  const admin = tokens.get('available')!;
  await t.db.updateTable('customers').set({ billing_email: 'ap@roofpros.example' }).where('id', '=', await customerId('available')).execute();
  const visa = await addCard(t, stub, admin, 'visa', 'available');
  const mastercard = await addCard(t, stub, admin, 'mastercard', 'available');
  await addPurchases(t, acme, await customerId('available'), PAGE_SIZE);
  await deposit(r, stub, keys, acme, admin, 'available', visa, 'deposits.post.json', 'credit');
  const firstPage = (await recordBillingReads(r, admin, 'available')) as { next_cursor: string | null };
  if (!firstPage.next_cursor) throw new Error('available needs a second page of transactions');
  // The fixture transport ignores query strings: the second page lives at its own route (widgets/fixtures/README.md).
  await save(r, admin, 'available', 'GET', `transactions?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(firstPage.next_cursor)}`, 'transactions/page-2.json', { status: 200, schema: TransactionList });
  await save(r, admin, 'available', 'GET', 'transactions/export', 'transactions/export.csv', { status: 200, schema: null });

  const setup = (await save(r, admin, 'available', 'POST', 'payment-methods/setup-intent', 'payment-methods/setup-intent.post.json', { status: 201, schema: CardSetup })) as { setup_intent_id: string };
  const setupIntentId = setup.setup_intent_id;
  stub.confirmSetupIntent(setupIntentId, 'visa');
  await save(r, admin, 'available', 'POST', 'payment-methods', 'payment-methods.post.json', { status: 200, schema: PaymentMethod }, { setup_intent_id: setupIntentId });
  await save(r, admin, 'available', 'POST', `payment-methods/${mastercard.id}/default`, `payment-methods/${mastercard.id}/default.post.json`, { status: 200, schema: PaymentMethod });
  await save(r, admin, 'available', 'DELETE', `payment-methods/${mastercard.id}`, `payment-methods/${mastercard.id}.delete.json`, { status: 204, schema: null });
  await save(r, admin, 'available', 'PUT', 'auto-recharge', 'auto-recharge.put.json', { status: 200, schema: AutoRecharge }, { enabled: true, threshold_cents: 20_000, amount_cents: 50_000, payment_method_id: null });

  const outcomes: [TestCard, string, 'credit' | 'complete-3ds' | 'nothing'][] = [
    ['declined', 'declined', 'nothing'],
    ['three_d_secure', 'three-d-secure', 'complete-3ds'],
    ['visa', 'processing', 'nothing'],
  ];
  for (const [card, name, then] of outcomes) {
    const saved = await addCard(t, stub, admin, card, 'available');
    await deposit(r, stub, keys, acme, admin, 'available', saved, `deposits/${name}.post.json`, then);
  }

  // A card the buyer and the viewer may see but not change, saved by an admin of theirs.
  const ops = await t.mintToken(acme, { sub: 'ops', customerIds: ['limited', 'read-only'], lifetimeSeconds: 3600 });
  for (const customer of ['limited', 'read-only']) await addCard(t, stub, ops, 'visa', customer);
  const viewer = await t.mintToken(acme, { sub: 'vic', customerIds: ['read-only'], roles: { 'read-only': 'viewer' }, lifetimeSeconds: 3600 });
  for (const [customer, token] of [...tokens, ['read-only', viewer] as const]) if (customer !== 'available') await recordBillingReads(r, token, customer);
  await save(r, tokens.get('tiers-off')!, 'tiers-off', 'POST', 'payment-methods/setup-intent', 'payment-methods/setup-intent.post.json', { status: 409, schema: ErrorBody });
}
