import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeKeys } from '../../config.js';
import { targets } from '../../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';
import { addCard, connectStripe, deliverEvent, signedEvent } from '../../test/stripe-harness.js';
import { StripeStub } from '../../test/stripe-stub.js';

/**
 * Billing through the real `stripe` SDK against the local Stripe-compatible stub (D24): cards, deposits credited
 * only by verified webhooks, exactly once, failures, 3-D Secure, tenancy.
 */
describe.each(targets)('billing API on %s', (target) => {
  let stub: StripeStub;
  let t: TestContext;
  let acme: TestProvider;
  let keys: StripeKeys;
  let token: string;
  let otherToken: string;
  let customerId: string;

  const wallet = async (tok = token) => (await (await t.request('/api/v1/wallet', { token: tok })).json()) as { balance_cents: number; available_cents: number };
  const getJson = async (path: string, tok = token) => (await t.request(path, { token: tok })).json();
  const ledgerRows = (payment: string) => t.db.selectFrom('ledger_entries').selectAll().where('payment_id', '=', payment).execute();
  const deposit = (body: unknown, key: string | null = randomUUID(), tok = token) =>
    t.request('/api/v1/deposits', { method: 'POST', token: tok, body: JSON.stringify(body), headers: key ? { 'Idempotency-Key': key } : {} });

  beforeAll(async () => {
    stub = await new StripeStub().start();
    t = await createTestContext(target, { stripeApiUrl: stub.url });
    acme = await t.addProvider('Acme Leads');
    await t.db.updateTable('providers').set({ settings: JSON.stringify({ deposit_fee_bps: 290, min_deposit_cents: 2_500, max_deposit_cents: 500_000 }) }).where('id', '=', acme.id).execute();
    keys = await connectStripe(t, acme);
    customerId = (await t.addCustomer(acme, 'buyer-co')).id;
    await t.addCustomer(acme, 'other-co');
    await t.db.updateTable('customers').set({ billing_email: 'ap@buyer.test' }).where('id', '=', customerId).execute();
    token = await t.mintToken(acme, { sub: 'dana', customerIds: ['buyer-co'] });
    otherToken = await t.mintToken(acme, { sub: 'olga', customerIds: ['other-co'] });
  });
  afterAll(async () => {
    await t?.close();
    await stub?.stop();
  });

  it('describes billing for the widget', async () => {
    const res = await t.request('/api/v1/billing', { token });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      payments_configured: true,
      publishable_key: keys.publishableKey,
      currency: 'USD',
      min_deposit_cents: 2_500,
      max_deposit_cents: 500_000,
      deposit_fee_bps: 290,
      presets_cents: [5_000, 10_000, 25_000, 50_000],
      can_add_cards: true,
      default_payment_method_id: null,
      auto_recharge: { enabled: false, threshold_cents: null, amount_cents: null, payment_method_id: null, fee_cents: null, consecutive_failures: 0, max_failures: 3, pending_payment_id: null, },
    });
  });

  it('adds a card: a SetupIntent on a lazily created Stripe customer, confirmed by Stripe.js, then saved once', async () => {
    const setup = await t.request('/api/v1/payment-methods/setup-intent', { method: 'POST', token });
    expect(setup.status).toBe(201);
    const body = await setup.json();
    expect(body).toMatchObject({ setup_intent_id: expect.stringMatching(/^seti_/), client_secret: expect.stringMatching(/^seti_\w+_secret_/), publishable_key: keys.publishableKey });

    const [createCustomer] = stub.calls('POST', '/v1/customers');
    expect(createCustomer).toMatchObject({ account: keys.secretKey, idempotencyKey: `customer:${customerId}`, params: { email: 'ap@buyer.test', metadata: { lp_customer_id: customerId } } });
    const { stripe_customer_id } = await t.db.selectFrom('customers').select('stripe_customer_id').where('id', '=', customerId).executeTakeFirstOrThrow();
    expect(stripe_customer_id).toMatch(/^cus_/);
    expect(stub.calls('POST', '/v1/setup_intents').at(-1)!.params).toMatchObject({ customer: stripe_customer_id, usage: 'off_session', allowed_payment_method_types: ['card'] });

    // Saving before Stripe.js confirmed it: not yet.
    const early = await t.request('/api/v1/payment-methods', { method: 'POST', token, body: JSON.stringify({ setup_intent_id: body.setup_intent_id }) });
    expect(early.status).toBe(409);

    stub.confirmSetupIntent(body.setup_intent_id, 'visa');
    const saved = await t.request('/api/v1/payment-methods', { method: 'POST', token, body: JSON.stringify({ setup_intent_id: body.setup_intent_id }) });
    expect(saved.status).toBe(200);
    const card = await saved.json();
    expect(card).toMatchObject({ id: expect.stringMatching(/^pm_/), brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034, is_default: true });
    const again = await (await t.request('/api/v1/payment-methods', { method: 'POST', token, body: JSON.stringify({ setup_intent_id: body.setup_intent_id }) })).json();
    expect(again.id).toBe(card.id);

    // A second card: one Stripe customer still, not the default until chosen.
    const second = await addCard(t, stub, token, 'mastercard');
    expect(stub.calls('POST', '/v1/customers')).toHaveLength(1);
    expect(second).toMatchObject({ brand: 'mastercard', last4: '4444', is_default: false });
    const list = await (await t.request('/api/v1/payment-methods', { token })).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([card.id, second.id]);

    const made = await t.request(`/api/v1/payment-methods/${second.id}/default`, { method: 'POST', token });
    expect(made.status).toBe(200);
    expect((await (await t.request('/api/v1/billing', { token })).json()).default_payment_method_id).toBe(second.id);

    // Removing the default detaches it at Stripe and promotes the other card; removing it again is harmless.
    const { stripe_payment_method_id } = await t.db.selectFrom('payment_methods').select('stripe_payment_method_id').where('id', '=', second.id).executeTakeFirstOrThrow();
    expect((await t.request(`/api/v1/payment-methods/${second.id}`, { method: 'DELETE', token })).status).toBe(204);
    expect(stub.calls('POST', `/v1/payment_methods/${stripe_payment_method_id}/detach`)).toHaveLength(1);
    expect((await t.request(`/api/v1/payment-methods/${second.id}`, { method: 'DELETE', token })).status).toBe(204);
    const after = await (await t.request('/api/v1/payment-methods', { token })).json();
    expect(after.items).toEqual([expect.objectContaining({ id: card.id, is_default: true })]);
  });

  describe('add funds', () => {
    let card: string;
    let declined: string;
    let threeDs: string;

    beforeAll(async () => {
      card = (await addCard(t, stub, token, 'visa')).id;
      declined = (await addCard(t, stub, token, 'declined')).id;
      threeDs = (await addCard(t, stub, token, 'three_d_secure')).id;
    });

    it('charges amount + fee with an idempotency key and credits the requested amount once, only from the verified webhook', async () => {
      const before = await wallet();
      const res = await deposit({ amount_cents: 10_000, payment_method_id: card });
      expect(res.status).toBe(201);
      const payment = await res.json();
      expect(payment).toMatchObject({ kind: 'deposit', status: 'processing', amount_cents: 10_000, fee_cents: 290, total_cents: 10_290, payment_method_id: card, failure_message: null, client_secret: null });

      const charge = stub.calls('POST', '/v1/payment_intents').at(-1)!;
      expect(charge.idempotencyKey).toBe(`payment:${payment.id}`);
      expect(charge.params).toMatchObject({ amount: '10290', currency: 'usd', confirm: 'true', receipt_email: 'ap@buyer.test', metadata: { lp_payment_id: payment.id, lp_kind: 'deposit' } });
      expect(charge.params.off_session).toBeUndefined();
      // Stripe said succeeded, but the wallet waits for the signed event.
      expect(await wallet()).toEqual(before);

      const { stripe_payment_intent_id: intentId } = await t.db.selectFrom('payments').select('stripe_payment_intent_id').where('id', '=', payment.id).executeTakeFirstOrThrow();
      const succeeded = signedEvent(t, stub, keys, 'payment_intent.succeeded', intentId!);
      const delivered = await deliverEvent(t, acme.id, succeeded);
      expect(delivered.status).toBe(200);
      expect((await wallet()).balance_cents).toBe(before.balance_cents + 10_000);
      const rows = await ledgerRows(payment.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'funds_added', amount_cents: '10000', description: 'Card payment, Visa •••• 4242' });

      // The receipt Stripe emailed is linked from the payment.
      const latestCharge = stub.get<{ latest_charge: string }>(intentId!).latest_charge;
      expect((await deliverEvent(t, acme.id, signedEvent(t, stub, keys, 'charge.succeeded', latestCharge))).status).toBe(200);
      const read = await (await t.request(`/api/v1/deposits/${payment.id}`, { token })).json();
      expect(read).toMatchObject({ status: 'succeeded', receipt_url: expect.stringMatching(/^https:\/\/pay\.stripe\.com\/receipts\//) });
      const { lifetime_deposits_cents } = await t.db.selectFrom('customers').select('lifetime_deposits_cents').where('id', '=', customerId).executeTakeFirstOrThrow();
      expect(lifetime_deposits_cents).toBe('10000');
    });

    it('credits once when the same event is delivered 5 times, at once or later, and when another event repeats the success', async () => {
      const before = await wallet();
      const payment = await (await deposit({ amount_cents: 5_000, payment_method_id: card })).json();
      const intentId = (await t.db.selectFrom('payments').select('stripe_payment_intent_id').where('id', '=', payment.id).executeTakeFirstOrThrow()).stripe_payment_intent_id!;
      const event = signedEvent(t, stub, keys, 'payment_intent.succeeded', intentId);
      const concurrent = await Promise.all(Array.from({ length: 3 }, () => deliverEvent(t, acme.id, event)));
      const later = [await deliverEvent(t, acme.id, event), await deliverEvent(t, acme.id, event)];
      expect([...concurrent, ...later].map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      // Out of order: a failure reported after the success, and a second success event, change nothing.
      expect((await deliverEvent(t, acme.id, signedEvent(t, stub, keys, 'payment_intent.payment_failed', intentId))).status).toBe(200);
      expect((await deliverEvent(t, acme.id, signedEvent(t, stub, keys, 'payment_intent.succeeded', intentId))).status).toBe(200);

      expect((await wallet()).balance_cents).toBe(before.balance_cents + 5_000);
      expect(await ledgerRows(payment.id)).toHaveLength(1);
      expect((await getJson(`/api/v1/deposits/${payment.id}`)).status).toBe('succeeded');
      const stored = await t.db.selectFrom('stripe_events').select('id').where('id', '=', event.id).execute();
      expect(stored).toHaveLength(1);
    });

    it('answers 400 to a bad signature and writes nothing', async () => {
      const payment = await (await deposit({ amount_cents: 3_000, payment_method_id: card })).json();
      const intentId = (await t.db.selectFrom('payments').select('stripe_payment_intent_id').where('id', '=', payment.id).executeTakeFirstOrThrow()).stripe_payment_intent_id!;
      const good = signedEvent(t, stub, keys, 'payment_intent.succeeded', intentId);
      const countEvents = async () => (await t.db.selectFrom('stripe_events').select('id').execute()).length;
      const eventsBefore = await countEvents();
      const before = await wallet();
      const forged = stub.event('payment_intent.succeeded', stub.get(intentId), { secret: 'whsec_not_the_providers', timestamp: Math.floor(t.clock.now().getTime() / 1000) });
      const stale = stub.event('payment_intent.succeeded', stub.get(intentId), { secret: keys.webhookSecret, timestamp: Math.floor(t.clock.now().getTime() / 1000) - 3_600 });
      const tampered = good.body.replace('"amount":3087', '"amount":9999999');
      expect(tampered).not.toBe(good.body);
      const attempts = [
        { body: tampered, signature: good.signature },
        forged,
        stale,
        { body: good.body, signature: '' },
      ];
      for (const attempt of attempts) {
        const res = await deliverEvent(t, acme.id, attempt);
        expect(res.status).toBe(400);
        expect((await res.json()).error.code).toBe('invalid_request');
      }
      expect(await countEvents()).toBe(eventsBefore);
      expect(await wallet()).toEqual(before);
      expect(await ledgerRows(payment.id)).toHaveLength(0);
      expect((await getJson(`/api/v1/deposits/${payment.id}`)).status).toBe('processing');
    });

    it('records a declined card with Stripe’s message and credits nothing', async () => {
      const before = await wallet();
      const res = await deposit({ amount_cents: 5_000, payment_method_id: declined });
      expect(res.status).toBe(201);
      const payment = await res.json();
      expect(payment).toMatchObject({ status: 'failed', failure_message: 'Your card was declined.', client_secret: null });
      const intentId = (await t.db.selectFrom('payments').select('stripe_payment_intent_id').where('id', '=', payment.id).executeTakeFirstOrThrow()).stripe_payment_intent_id!;
      expect(intentId).toMatch(/^pi_/);
      expect((await deliverEvent(t, acme.id, signedEvent(t, stub, keys, 'payment_intent.payment_failed', intentId))).status).toBe(200);
      expect(await wallet()).toEqual(before);
      expect(await ledgerRows(payment.id)).toHaveLength(0);
      expect((await getJson(`/api/v1/deposits/${payment.id}`))).toMatchObject({ status: 'failed', failure_message: 'Your card was declined.' });
    });

    it('returns the client secret when 3-D Secure is required, and credits after the buyer completes it', async () => {
      const before = await wallet();
      const key = randomUUID();
      const res = await deposit({ amount_cents: 4_000, payment_method_id: threeDs }, key);
      const payment = await res.json();
      const intentId = (await t.db.selectFrom('payments').select('stripe_payment_intent_id').where('id', '=', payment.id).executeTakeFirstOrThrow()).stripe_payment_intent_id!;
      expect(payment).toMatchObject({ status: 'requires_action', client_secret: stub.get<{ client_secret: string }>(intentId).client_secret });
      // A retry of the same request (same key) gets the same payment and secret, and charges nothing new.
      const charges = stub.calls('POST', '/v1/payment_intents').length;
      const retried = await (await deposit({ amount_cents: 4_000, payment_method_id: threeDs }, key)).json();
      expect(retried).toMatchObject({ id: payment.id, status: 'requires_action', client_secret: payment.client_secret });
      expect(stub.calls('POST', '/v1/payment_intents')).toHaveLength(charges);

      stub.completeAction(intentId);
      expect((await deliverEvent(t, acme.id, signedEvent(t, stub, keys, 'payment_intent.succeeded', intentId))).status).toBe(200);
      expect((await wallet()).balance_cents).toBe(before.balance_cents + 4_000);
    });

    it('needs an Idempotency-Key, refuses its reuse for another request, and keeps amounts within the provider’s bounds', async () => {
      expect((await deposit({ amount_cents: 5_000, payment_method_id: card }, null)).status).toBe(400);
      const key = randomUUID();
      const first = await (await deposit({ amount_cents: 5_000, payment_method_id: card }, key)).json();
      const replay = await (await deposit({ amount_cents: 5_000, payment_method_id: card }, key)).json();
      expect(replay.id).toBe(first.id);
      expect(stub.calls('POST', '/v1/payment_intents').filter((c) => c.idempotencyKey === `payment:${first.id}`)).toHaveLength(1);
      const conflict = await deposit({ amount_cents: 6_000, payment_method_id: card }, key);
      expect(conflict.status).toBe(409);
      expect((await conflict.json()).error.code).toBe('idempotency_conflict');
      for (const amount of [2_499, 500_001]) {
        const res = await deposit({ amount_cents: amount, payment_method_id: card });
        expect(res.status).toBe(400);
        expect((await res.json()).error.fields).toEqual({ amount_cents: 'Enter an amount from $25.00 to $5,000.00' });
      }
    });

    it('refuses another customer’s card, payment and setup intent (404) and lists only the customer’s own cards', async () => {
      const theirCard = await addCard(t, stub, otherToken, 'visa');
      const theirs = await (await deposit({ amount_cents: 5_000, payment_method_id: theirCard.id }, randomUUID(), otherToken)).json();
      for (const [path, method, body] of [
        ['/api/v1/deposits', 'POST', { amount_cents: 5_000, payment_method_id: theirCard.id }],
        [`/api/v1/payment-methods/${theirCard.id}/default`, 'POST', undefined],
        [`/api/v1/payment-methods/${theirCard.id}`, 'DELETE', undefined],
        [`/api/v1/deposits/${theirs.id}`, 'GET', undefined],
      ] as const) {
        const res = await t.request(path, { method, token, body: body && JSON.stringify(body), headers: { 'Idempotency-Key': randomUUID() } });
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      const theirSetup = await (await t.request('/api/v1/payment-methods/setup-intent', { method: 'POST', token: otherToken })).json();
      stub.confirmSetupIntent(theirSetup.setup_intent_id, 'visa');
      const stolen = await t.request('/api/v1/payment-methods', { method: 'POST', token, body: JSON.stringify({ setup_intent_id: theirSetup.setup_intent_id }) });
      expect(stolen.status).toBe(404);
      const mine = await (await t.request('/api/v1/payment-methods', { token })).json();
      expect(mine.items.map((c: { id: string }) => c.id)).not.toContain(theirCard.id);
      expect((await getJson('/api/v1/payment-methods', otherToken)).items).toHaveLength(1);
    });
  });

  it('follows cards saved or removed outside the widget through the payment_method webhooks', async () => {
    const { id } = await t.addCustomer(acme, 'dashboard-co');
    const dashToken = await t.mintToken(acme, { sub: 'dash', customerIds: ['dashboard-co'] });
    await addCard(t, stub, dashToken, 'visa');
    const { stripe_customer_id } = await t.db.selectFrom('customers').select('stripe_customer_id').where('id', '=', id).executeTakeFirstOrThrow();
    const pm = stub.addCard(keys.secretKey, stripe_customer_id!, 'mastercard');
    const attached = signedEvent(t, stub, keys, 'payment_method.attached', pm.id);
    expect((await deliverEvent(t, acme.id, attached)).status).toBe(200);
    expect((await deliverEvent(t, acme.id, attached)).status).toBe(200);
    const cards = (await getJson('/api/v1/payment-methods', dashToken)).items;
    expect(cards.map((c: { last4: string; is_default: boolean }) => [c.last4, c.is_default])).toEqual([['4242', true], ['4444', false]]);

    pm.customer = null;
    expect((await deliverEvent(t, acme.id, signedEvent(t, stub, keys, 'payment_method.detached', pm.id))).status).toBe(200);
    expect((await getJson('/api/v1/payment-methods', dashToken)).items.map((c: { last4: string }) => c.last4)).toEqual(['4242']);
  });

  it('limits card attempts per customer and minute (429)', async () => {
    await t.addCustomer(acme, 'busy-co');
    const busy = await t.mintToken(acme, { sub: 'busy', customerIds: ['busy-co'] });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await t.request('/api/v1/payment-methods/setup-intent', { method: 'POST', token: busy })).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.at(-1)).toBe(429);
    // Another customer is not affected.
    expect((await t.request('/api/v1/payment-methods/setup-intent', { method: 'POST', token: otherToken })).status).toBe(201);
  });
}, 60_000);
