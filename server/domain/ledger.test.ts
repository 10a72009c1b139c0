import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { targets } from '../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../test/harness.js';
import { postToLedger, type LedgerPosting, type Tenant } from './ledger.js';

/** D11 on a real database: postings move the wallet under its lock, idempotently, never below zero available. */
describe.each(targets)('postToLedger on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;

  const post = (tenant: Tenant, posting: LedgerPosting) => t.db.transaction().execute((trx) => postToLedger(trx, tenant, posting));
  const wallet = async (tenant: Tenant) => {
    const row = await t.db.selectFrom('wallets').select(['balance_cents', 'held_cents']).where('customer_id', '=', tenant.customerId).executeTakeFirstOrThrow();
    return { balance: BigInt(row.balance_cents), held: BigInt(row.held_cents) };
  };
  const entries = (tenant: Tenant) =>
    t.db.selectFrom('ledger_entries').selectAll().where('customer_id', '=', tenant.customerId).orderBy('id').execute();
  async function newTenant(externalId: string, balanceCents?: bigint): Promise<Tenant> {
    const { id } = await t.addCustomer(acme, externalId, { balanceCents });
    return { providerId: acme.id, customerId: id };
  }
  async function expectInsufficient(promise: Promise<unknown>) {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('insufficient_funds');
    expect((error as ApiError).status).toBe(409);
  }

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
  });
  afterAll(() => t.close());

  it('replays a repeated idempotency key: the first posting is returned and money moves once', async () => {
    const tenant = await newTenant('idem');
    const first = await post(tenant, { kind: 'funds_added', amountCents: 2_500n, description: 'Deposit', idempotencyKey: 'pay-1' });
    expect(first).toMatchObject({ balanceAfterCents: 2_500n, heldAfterCents: 0n, replayed: false });
    expect(first.id).toMatch(/^txn_/);

    const again = await post(tenant, { kind: 'funds_added', amountCents: 2_500n, description: 'Deposit (retry)', idempotencyKey: 'pay-1' });
    expect(again).toEqual({ id: first.id, balanceAfterCents: 2_500n, heldAfterCents: 0n, replayed: true });
    // Even a retry with a different amount returns the first posting and moves nothing.
    const different = await post(tenant, { kind: 'funds_added', amountCents: 9_999n, description: 'Deposit', idempotencyKey: 'pay-1' });
    expect(different.id).toBe(first.id);

    expect(await wallet(tenant)).toEqual({ balance: 2_500n, held: 0n });
    const rows = await entries(tenant);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ public_id: first.id, amount_cents: '2500', idempotency_key: 'pay-1', description: 'Deposit' });

    // A replay after later postings still returns the first posting's "after" values.
    await post(tenant, { kind: 'funds_subtracted_by_provider', amountCents: -500n, description: 'Fee' });
    expect(await post(tenant, { kind: 'funds_added', amountCents: 2_500n, description: 'Deposit', idempotencyKey: 'pay-1' })).toMatchObject({ id: first.id, balanceAfterCents: 2_500n, replayed: true });
    expect(await wallet(tenant)).toEqual({ balance: 2_000n, held: 0n });
  });

  it('scopes idempotency keys per customer', async () => {
    const a = await newTenant('idem-a');
    const b = await newTenant('idem-b');
    await post(a, { kind: 'funds_added', amountCents: 100n, description: 'Deposit', idempotencyKey: 'same-key' });
    const onB = await post(b, { kind: 'funds_added', amountCents: 300n, description: 'Deposit', idempotencyKey: 'same-key' });
    expect(onB.replayed).toBe(false);
    expect(await wallet(b)).toEqual({ balance: 300n, held: 0n });
  });

  it('refuses a debit beyond available with 409 insufficient_funds and writes nothing', async () => {
    const tenant = await newTenant('poor', 1_000n);
    const before = await entries(tenant);
    await expectInsufficient(post(tenant, { kind: 'lead_assigned', amountCents: -1_001n, description: 'Lead' }));
    expect(await wallet(tenant)).toEqual({ balance: 1_000n, held: 0n });
    expect(await entries(tenant)).toEqual(before);

    // Exactly the available amount is allowed and leaves zero.
    expect((await post(tenant, { kind: 'lead_assigned', amountCents: -1_000n, description: 'Lead' })).balanceAfterCents).toBe(0n);
  });

  it('counts holds against available: a hold or a debit beyond available is refused, a release beyond held too', async () => {
    const tenant = await newTenant('holds', 5_000n);
    await post(tenant, { kind: 'buy_order_placed', amountCents: 0n, holdDeltaCents: 3_000n, description: 'Hold' });
    expect(await wallet(tenant)).toEqual({ balance: 5_000n, held: 3_000n });
    await expectInsufficient(post(tenant, { kind: 'lead_assigned', amountCents: -2_001n, description: 'Lead' }));
    await expectInsufficient(post(tenant, { kind: 'buy_order_placed', amountCents: 0n, holdDeltaCents: 2_001n, description: 'Hold' }));
    await expectInsufficient(post(tenant, { kind: 'buy_order_released', amountCents: 0n, holdDeltaCents: -3_001n, description: 'Release' }));
    expect(await wallet(tenant)).toEqual({ balance: 5_000n, held: 3_000n });
    expect(await entries(tenant)).toHaveLength(2);
  });

  it('rolls the posting back with the caller’s transaction', async () => {
    const tenant = await newTenant('rollback', 1_000n);
    const failure = await t.db
      .transaction()
      .execute(async (trx) => {
        await postToLedger(trx, tenant, { kind: 'lead_assigned', amountCents: -400n, description: 'Lead' });
        throw new Error('the purchase failed after the debit');
      })
      .catch((e: Error) => e.message);
    expect(failure).toBe('the purchase failed after the debit');
    expect(await wallet(tenant)).toEqual({ balance: 1_000n, held: 0n });
    expect(await entries(tenant)).toHaveLength(1);
  });

  it('refuses another provider’s wallet as not found', async () => {
    const tenant = await newTenant('tenant-check', 1_000n);
    const other = await t.addProvider('Other Leads');
    const error = await post({ providerId: other.id, customerId: tenant.customerId }, { kind: 'funds_added', amountCents: 1n, description: 'x' }).catch((e: ApiError) => e);
    expect((error as ApiError).code).toBe('not_found');
    expect(await wallet(tenant)).toEqual({ balance: 1_000n, held: 0n });
  });

  it('keeps balance == sum(amount), held == sum(hold_delta), and each row’s after-values equal the running sums', async () => {
    const tenant = await newTenant('series');
    const series: LedgerPosting[] = [
      { kind: 'funds_added', amountCents: 10_000n, description: 'Deposit' },
      { kind: 'lead_assigned', amountCents: -2_500n, description: 'Lead 1' },
      { kind: 'buy_order_placed', amountCents: 0n, holdDeltaCents: 3_000n, description: 'Hold A' },
      { kind: 'buy_order_placed', amountCents: 0n, holdDeltaCents: 1_500n, description: 'Hold B' },
      { kind: 'buy_order_filled', amountCents: -2_200n, holdDeltaCents: -3_000n, description: 'Fill A at 22.00' },
      { kind: 'lead_returned', amountCents: 2_500n, description: 'Return of lead 1' },
      { kind: 'buy_order_released', amountCents: 0n, holdDeltaCents: -1_500n, description: 'Release B' },
      { kind: 'auto_recharge', amountCents: 5_000n, description: 'Auto-recharge' },
      { kind: 'funds_subtracted_by_provider', amountCents: -12_800n, description: 'Correction' },
    ];
    let refused = 0;
    for (const posting of series) await post(tenant, posting);
    // A refused posting in the middle of the series leaves no row.
    await post(tenant, { kind: 'lead_assigned', amountCents: -1n, description: 'Too much' }).catch(() => refused++);
    expect(refused).toBe(1);

    const rows = await entries(tenant);
    expect(rows).toHaveLength(series.length);
    let balance = 0n;
    let held = 0n;
    for (const row of rows) {
      balance += BigInt(row.amount_cents);
      held += BigInt(row.hold_delta_cents);
      expect(BigInt(row.balance_after_cents), row.description).toBe(balance);
      expect(BigInt(row.held_after_cents), row.description).toBe(held);
      expect(balance - held >= 0n).toBe(true);
    }
    expect({ balance, held }).toEqual({ balance: 0n, held: 0n });
    expect(await wallet(tenant)).toEqual({ balance, held });

    const sums = await t.db
      .selectFrom('ledger_entries')
      .select((eb) => [eb.fn.sum<string>('amount_cents').as('amount'), eb.fn.sum<string>('hold_delta_cents').as('hold')])
      .where('customer_id', '=', tenant.customerId)
      .executeTakeFirstOrThrow();
    expect([BigInt(sums.amount), BigInt(sums.hold)]).toEqual([balance, held]);
  });
});
