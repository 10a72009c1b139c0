import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalEvent } from '../../lib/events.js';
import { targets } from '../../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';
import { addCard } from '../../test/stripe-harness.js';
import { StripeStub } from '../../test/stripe-stub.js';

const KEYS = { secret_key: 'sk_test_provider0123456789', publishable_key: 'pk_test_provider0123456789', webhook_secret: 'whsec_provider0123456789' };

/** Provider billing: Stripe keys (encrypted, never returned), manual credits/debits, and the no-Stripe 409s. */
describe.each(targets)('provider billing API on %s', (target) => {
  let stub: StripeStub;
  let t: TestContext;
  let acme: TestProvider;
  let other: TestProvider;
  let token: string;
  const published: PortalEvent[] = [];

  const adjust = (body: unknown, key: string | null = randomUUID(), customer = 'buyer-co', provider = acme) =>
    t.request(`/provider/v1/customers/${customer}/adjustments`, { method: 'POST', token: provider.apiKey, headers: key ? { 'Idempotency-Key': key } : {}, body: JSON.stringify(body) });
  const wallet = async () => (await (await t.request('/api/v1/wallet', { token })).json()) as { balance_cents: number; available_cents: number; held_cents: number };

  beforeAll(async () => {
    stub = await new StripeStub().start();
    t = await createTestContext(target, { stripeApiUrl: stub.url });
    acme = await t.addProvider('Acme Leads');
    other = await t.addProvider('Other Leads');
    await t.addCustomer(acme, 'buyer-co');
    await t.addCustomer(other, 'their-co');
    token = await t.mintToken(acme, { sub: 'dana', customerIds: ['buyer-co'] });
    t.deps.events.subscribe((event) => published.push(event));
  });
  afterAll(async () => {
    await t?.close();
    await stub?.stop();
  });

  describe('without Stripe keys', () => {
    it('says payments are not configured on every card route, while manual credits work', async () => {
      const billing = await (await t.request('/api/v1/billing', { token })).json();
      expect(billing).toMatchObject({ payments_configured: false, publishable_key: null });
      const cardRoutes: [string, string, unknown?][] = [
        ['POST', '/api/v1/payment-methods/setup-intent'],
        ['POST', '/api/v1/payment-methods', { setup_intent_id: 'seti_123' }],
        ['POST', '/api/v1/deposits', { amount_cents: 5_000, payment_method_id: 'pm_x' }],
        ['PUT', '/api/v1/auto-recharge', { enabled: true, threshold_cents: 1_000, amount_cents: 5_000 }],
      ];
      for (const [method, path, body] of cardRoutes) {
        const res = await t.request(path, { method, token, headers: { 'Idempotency-Key': randomUUID() }, body: body === undefined ? undefined : JSON.stringify(body) });
        expect(res.status, path).toBe(409);
        const { error } = await res.json();
        expect(error.code).toBe('payments_not_configured');
        expect(error.message).toMatch(/not set up/);
      }
      const webhook = await t.app.request(`/webhooks/stripe/${acme.id}`, { method: 'POST', body: '{}', headers: { 'Stripe-Signature': 't=1,v1=x' } });
      expect(webhook.status).toBe(409);

      const credit = await adjust({ amount_cents: 12_345, reason: 'Check #1001 received' });
      expect(credit.status).toBe(201);
      expect((await wallet()).balance_cents).toBe(12_345);
    });
  });

  describe('Stripe keys', () => {
    it('stores the keys encrypted, never returns the secret ones, and validates them', async () => {
      const bad = [
        { ...KEYS, secret_key: 'pk_test_provider0123456789' },
        { ...KEYS, publishable_key: 'pk_live_provider0123456789' },
        { ...KEYS, webhook_secret: 'secret' },
        { secret_key: KEYS.secret_key },
      ];
      for (const body of bad) {
        const res = await t.request('/provider/v1/stripe', { method: 'PUT', token: acme.apiKey, body: JSON.stringify(body) });
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
      const put = await t.request('/provider/v1/stripe', { method: 'PUT', token: acme.apiKey, body: JSON.stringify(KEYS) });
      expect(put.status).toBe(200);
      const status = await put.json();
      expect(status).toEqual({
        configured: true,
        mode: 'test',
        publishable_key: KEYS.publishable_key,
        secret_key_last4: '6789',
        webhook_url: `https://portal.test/webhooks/stripe/${acme.id}`,
        webhook_events: expect.arrayContaining(['payment_intent.succeeded', 'payment_intent.payment_failed']),
      });
      const stored = await t.db.selectFrom('provider_secrets').select(['name', 'value_enc']).where('provider_id', '=', acme.id).execute();
      expect(stored.map((s) => s.name).sort()).toEqual(['stripe_publishable_key', 'stripe_secret_key', 'stripe_webhook_secret']);
      for (const row of stored) expect(row.value_enc).toMatch(/^v1\./);
      const text = JSON.stringify(await (await t.request('/provider/v1/stripe', { token: acme.apiKey })).json());
      expect(text).not.toContain(KEYS.secret_key);
      expect(text).not.toContain(KEYS.webhook_secret);
      expect(await (await t.request('/api/v1/billing', { token })).json()).toMatchObject({ payments_configured: true, publishable_key: KEYS.publishable_key });
      // Another provider is unaffected.
      expect((await (await t.request('/provider/v1/stripe', { token: other.apiKey })).json()).configured).toBe(false);
    });

    it('forgets Stripe customers and cards when the provider moves to another Stripe account, and can turn payments off', async () => {
      const secretKey = 'sk_test_provider0123456789';
      await t.request('/provider/v1/stripe', { method: 'PUT', token: acme.apiKey, body: JSON.stringify({ ...KEYS, secret_key: secretKey }) });
      const card = await addCard(t, stub, token, 'visa');
      expect(card.is_default).toBe(true);
      const moved = { secret_key: 'sk_test_newaccount0123456', publishable_key: 'pk_test_newaccount0123456', webhook_secret: 'whsec_newaccount0123456' };
      expect((await t.request('/provider/v1/stripe', { method: 'PUT', token: acme.apiKey, body: JSON.stringify(moved) })).status).toBe(200);
      expect((await (await t.request('/api/v1/payment-methods', { token })).json()).items).toEqual([]);
      const { stripe_customer_id } = await t.db.selectFrom('customers').select('stripe_customer_id').where('external_id', '=', 'buyer-co').executeTakeFirstOrThrow();
      expect(stripe_customer_id).toBeNull();

      const off = await t.request('/provider/v1/stripe', { method: 'DELETE', token: acme.apiKey });
      expect((await off.json()).configured).toBe(false);
      expect((await t.request('/api/v1/payment-methods/setup-intent', { method: 'POST', token })).status).toBe(409);
    });
  });

  describe('manual adjustments', () => {
    it('credits and debits with a reason, audited, and publishes the wallet', async () => {
      const before = await wallet();
      published.length = 0;
      const res = await adjust({ amount_cents: 20_000, reason: 'Wire transfer received 2026-11-20' });
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(body).toMatchObject({
        transaction: { id: expect.stringMatching(/^txn_/), type: 'funds_added_by_provider', amount_cents: 20_000, description: 'Wire transfer received 2026-11-20', balance_after_cents: before.balance_cents + 20_000 },
        balance_cents: before.balance_cents + 20_000,
        available_cents: before.available_cents + 20_000,
      });
      expect(published.map((e) => e.type)).toEqual(['wallet.updated']);
      const debit = await (await adjust({ amount_cents: -1_000, reason: 'Correction' })).json();
      expect(debit.transaction).toMatchObject({ type: 'funds_subtracted_by_provider', amount_cents: -1_000 });
      const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_kind']).where('subject_id', 'in', [body.transaction.id, debit.transaction.id]).execute();
      expect(audit).toEqual([{ action: 'wallet.credited', actor_kind: 'provider_api' }, { action: 'wallet.debited', actor_kind: 'provider_api' }]);
    });

    it('is idempotent by Idempotency-Key and refuses the key with another body', async () => {
      const key = randomUUID();
      const first = await (await adjust({ amount_cents: 3_000, reason: 'Offline payment' }, key)).json();
      const before = await wallet();
      const [a, b] = await Promise.all([adjust({ amount_cents: 3_000, reason: 'Offline payment' }, key), adjust({ amount_cents: 3_000, reason: 'Offline payment' }, key)]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect((await a.json()).transaction.id).toBe(first.transaction.id);
      expect(await wallet()).toEqual(before);
      const conflict = await adjust({ amount_cents: 4_000, reason: 'Offline payment' }, key);
      expect(conflict.status).toBe(409);
      expect((await conflict.json()).error.code).toBe('idempotency_conflict');
      expect((await adjust({ amount_cents: 3_000, reason: 'No key' }, null)).status).toBe(400);
    });

    it('refuses a debit below available funds with 409 (D11) and writes nothing', async () => {
      const customer = await t.db.selectFrom('customers').select('id').where('external_id', '=', 'buyer-co').where('provider_id', '=', acme.id).executeTakeFirstOrThrow();
      // Hold part of the wallet, as a buy order would: available = balance - held.
      const { balance_cents } = await wallet();
      await t.db.updateTable('wallets').set({ held_cents: 5_000 }).where('customer_id', '=', customer.id).execute();
      const rowsBefore = (await t.db.selectFrom('ledger_entries').select('id').where('customer_id', '=', customer.id).execute()).length;
      const res = await adjust({ amount_cents: -(balance_cents - 4_999), reason: 'Too much' });
      expect(res.status).toBe(409);
      expect((await res.json()).error.code).toBe('insufficient_funds');
      expect((await t.db.selectFrom('ledger_entries').select('id').where('customer_id', '=', customer.id).execute()).length).toBe(rowsBefore);
      expect((await adjust({ amount_cents: -(balance_cents - 5_000), reason: 'All that is available' })).status).toBe(201);
      expect(await wallet()).toMatchObject({ available_cents: 0, held_cents: 5_000 });
    });

    it('validates input and keeps to the provider’s own customers', async () => {
      for (const body of [{ amount_cents: 0, reason: 'Zero' }, { amount_cents: 100, reason: '' }, { amount_cents: 1.5, reason: 'Half' }, { amount_cents: 100 }]) {
        expect((await adjust(body)).status, JSON.stringify(body)).toBe(400);
      }
      expect((await adjust({ amount_cents: 100, reason: 'Not ours' }, randomUUID(), 'their-co')).status).toBe(404);
      expect((await adjust({ amount_cents: 100, reason: 'Nobody' }, randomUUID(), 'nobody')).status).toBe(404);
    });
  });
}, 60_000);
