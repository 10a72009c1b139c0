import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAvailable } from '../../test/databases.js';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { addCard, connectStripe } from '../../test/stripe-harness.js';
import { StripeStub } from '../../test/stripe-stub.js';
import { postToLedger } from '../ledger.js';
import { afterDebit } from './auto-recharge.js';

/**
 * "A pending recharge blocks a second one" only means something with real concurrent transactions: PostgreSQL
 * server only (skipped without DATABASE_URL; with CI=true serverAvailable() throws instead, D24).
 */
describe.skipIf(!serverAvailable())('auto-recharge under concurrent debits (PostgreSQL server)', () => {
  let stub: StripeStub;
  let t: TestContext;

  beforeAll(async () => {
    stub = await new StripeStub().start();
    t = await createTestContext('postgres', { stripeApiUrl: stub.url });
  });
  afterAll(async () => {
    await t?.close();
    await stub?.stop();
  });

  it('starts exactly one charge when 20 concurrent debits cross the threshold', async () => {
    const acme = await t.addProvider('Acme Leads');
    await connectStripe(t, acme);
    const { id } = await t.addCustomer(acme, 'busy-co', { balanceCents: 30_000n });
    const token = await t.mintToken(acme, { sub: 'admin', customerIds: ['busy-co'] });
    await addCard(t, stub, token, 'visa');
    const put = await t.request('/api/v1/auto-recharge', { method: 'PUT', token, body: JSON.stringify({ enabled: true, threshold_cents: 15_000, amount_cents: 20_000, payment_method_id: null }) });
    expect(put.status).toBe(200);
    const tenant = { providerId: acme.id, customerId: id };

    // 20 purchases of 1,000 at once, each calling the hook after its commit: available goes 30,000 -> 10,000.
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await t.db.transaction().execute((trx) => postToLedger(trx, tenant, { kind: 'lead_assigned', amountCents: -1_000n, description: `Lead ${i}` }));
        await afterDebit(t.deps, tenant);
      }),
    );

    const wallet = await t.db.selectFrom('wallets').select('balance_cents').where('customer_id', '=', id).executeTakeFirstOrThrow();
    expect(wallet.balance_cents).toBe('10000');
    expect(stub.calls('POST', '/v1/payment_intents')).toHaveLength(1);
    const recharges = await t.db.selectFrom('payments').select(['id', 'status']).where('customer_id', '=', id).where('kind', '=', 'auto_recharge').execute();
    expect(recharges).toEqual([{ id: expect.any(String), status: 'processing' }]);
    expect((await t.db.selectFrom('auto_recharge').select('pending_payment_id').where('customer_id', '=', id).executeTakeFirstOrThrow()).pending_payment_id).toBe(recharges[0]!.id);
  });
});
