import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeKeys } from '../../config.js';
import { targets } from '../../test/databases.js';
import { addBid, addLeadType } from '../../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';
import { addCard, connectStripe, deliverEvent, signedEvent } from '../../test/stripe-harness.js';
import { StripeStub, type TestCard } from '../../test/stripe-stub.js';
import { postToLedger, type Tenant } from '../ledger.js';
import { adjustWallet } from './adjustments.js';
import { afterDebit } from './auto-recharge.js';

/** Auto-recharge (SPEC "Billing", D11, D13, D21) through the real SDK and the Stripe stub. */
describe.each(targets)('auto-recharge on %s', (target) => {
  let stub: StripeStub;
  let t: TestContext;
  let acme: TestProvider;
  let keys: StripeKeys;

  /** A customer with a wallet, a saved card and auto-recharge on. */
  async function rechargingCustomer(externalId: string, card: TestCard, settings: { balance: bigint; threshold: number; amount: number }) {
    const { id } = await t.addCustomer(acme, externalId, { balanceCents: settings.balance });
    const token = await t.mintToken(acme, { sub: `admin-${externalId}`, customerIds: [externalId] });
    await addCard(t, stub, token, card);
    const res = await t.request('/api/v1/auto-recharge', { method: 'PUT', token, body: JSON.stringify({ enabled: true, threshold_cents: settings.threshold, amount_cents: settings.amount, payment_method_id: null }) });
    expect(res.status).toBe(200);
    return { tenant: { providerId: acme.id, customerId: id }, token };
  }

  /** A purchase-like debit, then the hook the debit paths call after commit. */
  async function debit(tenant: Tenant, cents: bigint) {
    await t.db.transaction().execute((trx) => postToLedger(trx, tenant, { kind: 'lead_assigned', amountCents: -cents, description: 'Lead' }));
    await afterDebit(t.deps, tenant);
  }
  const credit = (tenant: Tenant, cents: bigint, key: string) => adjustWallet(t.deps, tenant, { amountCents: cents, reason: 'Wire received', idempotencyKey: key, apiKeyId: 'test' });
  const rechargeCalls = (customerId: string) => stub.calls('POST', '/v1/payment_intents').filter((c) => (c.params.metadata as Record<string, string>).lp_customer_id === customerId);
  const settingsRow = (customerId: string) => t.db.selectFrom('auto_recharge').selectAll().where('customer_id', '=', customerId).executeTakeFirstOrThrow();
  const outbox = (customerId: string) => t.db.selectFrom('notification_outbox').select(['kind', 'payload']).where('customer_id', '=', customerId).orderBy('id').execute();
  const balance = async (customerId: string) => BigInt((await t.db.selectFrom('wallets').select('balance_cents').where('customer_id', '=', customerId).executeTakeFirstOrThrow()).balance_cents);

  beforeAll(async () => {
    stub = await new StripeStub().start();
    t = await createTestContext(target, { stripeApiUrl: stub.url });
    acme = await t.addProvider('Acme Leads');
    await t.db.updateTable('providers').set({ settings: JSON.stringify({ deposit_fee_bps: 290, min_deposit_cents: 2_500, max_deposit_cents: 500_000 }) }).where('id', '=', acme.id).execute();
    keys = await connectStripe(t, acme);
  });
  afterAll(async () => {
    await t?.close();
    await stub?.stop();
  });

  it('validates its settings and shows the fee', async () => {
    const { id } = await t.addCustomer(acme, 'settings-co');
    const token = await t.mintToken(acme, { sub: 'admin-settings', customerIds: ['settings-co'] });
    const put = (body: unknown) => t.request('/api/v1/auto-recharge', { method: 'PUT', token, body: JSON.stringify(body) });
    const noCard = await put({ enabled: true, threshold_cents: 10_000, amount_cents: 25_000, payment_method_id: null });
    expect(noCard.status).toBe(400);
    expect((await noCard.json()).error.fields).toEqual({ payment_method_id: 'Add a card before turning on auto-recharge' });
    const tooSmall = await put({ enabled: false, threshold_cents: 10_000, amount_cents: 1_000, payment_method_id: null });
    expect((await tooSmall.json()).error.fields).toEqual({ amount_cents: 'Enter an amount from $25.00 to $5,000.00' });
    expect((await put({ enabled: true, threshold_cents: -1, amount_cents: 25_000 })).status).toBe(400);

    const card = await addCard(t, stub, token, 'visa');
    const ok = await put({ enabled: true, threshold_cents: 10_000, amount_cents: 25_000, payment_method_id: card.id });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ enabled: true, threshold_cents: 10_000, amount_cents: 25_000, payment_method_id: card.id, fee_cents: 725, consecutive_failures: 0, max_failures: 3, pending_payment_id: null });
    const audit = await t.db.selectFrom('audit_log').select('action').where('customer_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toContain('auto_recharge.updated');
  });

  it('starts exactly one off-session charge per crossing, credits it from the webhook, and fires again after the balance recovered', async () => {
    const { tenant } = await rechargingCustomer('crossing-co', 'visa', { balance: 20_000n, threshold: 10_000, amount: 25_000 });
    await debit(tenant, 5_000n); // 15,000: above the threshold
    expect(rechargeCalls(tenant.customerId)).toHaveLength(0);
    await debit(tenant, 6_000n); // 9,000: crossed
    const [charge] = rechargeCalls(tenant.customerId);
    expect(charge).toBeDefined();
    const card = await t.db.selectFrom('payment_methods').select('stripe_payment_method_id').where('customer_id', '=', tenant.customerId).executeTakeFirstOrThrow();
    expect(charge!.params).toMatchObject({ amount: '25725', confirm: 'true', off_session: 'true', payment_method: card.stripe_payment_method_id, metadata: { lp_kind: 'auto_recharge' } });
    const row = await settingsRow(tenant.customerId);
    expect(row.pending_payment_id).toBe((charge!.params.metadata as Record<string, string>).lp_payment_id);

    await debit(tenant, 1_000n); // still pending: no second charge
    expect(rechargeCalls(tenant.customerId)).toHaveLength(1);

    const payment = await t.db.selectFrom('payments').selectAll().where('id', '=', row.pending_payment_id!).executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ kind: 'auto_recharge', status: 'processing', amount_cents: '25000', fee_cents: '725' });
    expect((await deliverEvent(t, acme.id, signedEvent(t, stub, keys, 'payment_intent.succeeded', payment.stripe_payment_intent_id!))).status).toBe(200);
    expect(await balance(tenant.customerId)).toBe(20_000n - 12_000n + 25_000n);
    const credited = await t.db.selectFrom('ledger_entries').select(['kind', 'amount_cents']).where('payment_id', '=', payment.id).execute();
    expect(credited).toEqual([{ kind: 'auto_recharge', amount_cents: '25000' }]);
    expect(await settingsRow(tenant.customerId)).toMatchObject({ pending_payment_id: null, consecutive_failures: 0, enabled: true });
    expect((await outbox(tenant.customerId)).map((o) => o.kind)).toEqual(['auto_recharge.succeeded']);

    await debit(tenant, 24_000n); // 33,000 -> 9,000: a new crossing
    expect(rechargeCalls(tenant.customerId)).toHaveLength(2);
  });

  it('records a failed recharge, notifies, does not retry within the crossing, and turns off after 3 failures in a row', async () => {
    const { tenant } = await rechargingCustomer('declined-co', 'declined', { balance: 20_000n, threshold: 10_000, amount: 5_000 });
    await debit(tenant, 11_000n);
    expect(rechargeCalls(tenant.customerId)).toHaveLength(1);
    const failed = await t.db.selectFrom('payments').selectAll().where('customer_id', '=', tenant.customerId).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ kind: 'auto_recharge', status: 'failed', failure_message: 'Your card was declined.' });
    expect(await settingsRow(tenant.customerId)).toMatchObject({ enabled: true, consecutive_failures: 1, pending_payment_id: null });

    await debit(tenant, 1_000n); // same crossing: no retry loop
    expect(rechargeCalls(tenant.customerId)).toHaveLength(1);

    for (const round of [2, 3]) {
      await credit(tenant, 5_000n, `back-above-${round}`); // above the threshold again
      await debit(tenant, 5_000n); // and below: a new crossing
      expect(rechargeCalls(tenant.customerId)).toHaveLength(round);
    }
    expect(await settingsRow(tenant.customerId)).toMatchObject({ enabled: false, consecutive_failures: 3 });
    const notices = await outbox(tenant.customerId);
    expect(notices.map((n) => [n.kind, n.payload.consecutive_failures, n.payload.disabled, n.payload.message])).toEqual([
      ['auto_recharge.failed', 1, false, 'Your card was declined.'],
      ['auto_recharge.failed', 2, false, 'Your card was declined.'],
      ['auto_recharge.failed', 3, true, 'Your card was declined.'],
    ]);
    await credit(tenant, 5_000n, 'back-above-4');
    await debit(tenant, 5_000n);
    expect(rechargeCalls(tenant.customerId)).toHaveLength(3);
    expect(await t.db.selectFrom('ledger_entries').select('id').where('customer_id', '=', tenant.customerId).where('kind', '=', 'auto_recharge').execute()).toHaveLength(0);
  });

  it('counts a failure Stripe reports later by webhook once, and a card needing 3-D Secure off session as a failure', async () => {
    const { tenant } = await rechargingCustomer('late-failure-co', 'visa', { balance: 20_000n, threshold: 10_000, amount: 5_000 });
    await debit(tenant, 11_000n);
    const payment = await t.db.selectFrom('payments').selectAll().where('customer_id', '=', tenant.customerId).executeTakeFirstOrThrow();
    const event = signedEvent(t, stub, keys, 'payment_intent.payment_failed', payment.stripe_payment_intent_id!);
    for (let i = 0; i < 3; i++) expect((await deliverEvent(t, acme.id, event)).status).toBe(200);
    expect(await settingsRow(tenant.customerId)).toMatchObject({ consecutive_failures: 1, pending_payment_id: null });
    expect((await outbox(tenant.customerId)).map((o) => o.kind)).toEqual(['auto_recharge.failed']);

    const strict = await rechargingCustomer('sca-co', 'three_d_secure', { balance: 20_000n, threshold: 10_000, amount: 5_000 });
    await debit(strict.tenant, 11_000n);
    const sca = await t.db.selectFrom('payments').selectAll().where('customer_id', '=', strict.tenant.customerId).executeTakeFirstOrThrow();
    expect(sca).toMatchObject({ status: 'failed', failure_message: 'Your card was declined. This transaction requires authentication.' });
  });

  it('fires from the auction purchase path when a won lead takes available funds below the threshold', async () => {
    const { tenant } = await rechargingCustomer('auction-co', 'visa', { balance: 11_000n, threshold: 10_000, amount: 5_000 });
    const leadType = await addLeadType(t.db, acme.id, { name: 'Roofing' });
    await addBid(t.db, tenant, leadType, { amountCents: 2_000n });
    const res = await t.request('/provider/v1/leads', {
      method: 'POST',
      token: acme.apiKey,
      body: JSON.stringify({ external_id: 'lead-auto-1', lead_type: 'Roofing', fields: { state: 'TX', county: 'Travis', zip: '78701' } }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('assigned');
    expect(rechargeCalls(tenant.customerId)).toHaveLength(1);
  });
}, 60_000);
