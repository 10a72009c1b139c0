import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postToLedger, type LedgerPosting, type Tenant } from '../domain/ledger.js';
import { addAuctionBid } from '../test/auction-fixtures.js';
import { targets } from '../test/databases.js';
import { createTestContext, type TestContext } from '../test/harness.js';
import { drain, newWorker, notifyWorld } from '../test/notify-fixtures.js';
import { WebhookReceiver } from '../test/notify-receivers.js';

/** D21 low balance: a ledger posting that takes available funds below the threshold writes one outbox row per crossing. */
describe.each(targets)('wallet.low_balance (%s)', (target) => {
  let t: TestContext;
  let world: Awaited<ReturnType<typeof notifyWorld>>;
  let tenant: Tenant;

  beforeEach(async () => {
    // Demo mode: the webhook receiver listens on localhost (D8).
    t = await createTestContext(target, { mode: 'demo' });
    world = await notifyWorld(t);
    tenant = world.tenant;
  });
  afterEach(() => t.close());

  const post = (posting: LedgerPosting) => t.db.transaction().execute((trx) => postToLedger(trx, tenant, posting));
  const debit = (cents: bigint) => post({ kind: 'lead_assigned', amountCents: -cents, description: 'Lead' });
  const credit = (cents: bigint) => post({ kind: 'funds_added_by_provider', amountCents: cents, description: 'Deposit' });
  const alerts = () => t.db.selectFrom('notification_outbox').selectAll().where('customer_id', '=', tenant.customerId).where('kind', '=', 'wallet.low_balance').orderBy('id').execute();
  /** Sets the wallet's balance to `cents` (a provider debit of the rest) and the customer's threshold. */
  async function start(balanceCents: bigint, thresholdCents: bigint | null) {
    await t.db.updateTable('customers').set({ low_balance_threshold_cents: thresholdCents }).where('id', '=', tenant.customerId).execute();
    const { balance_cents } = await t.db.selectFrom('wallets').select('balance_cents').where('customer_id', '=', tenant.customerId).executeTakeFirstOrThrow();
    await post({ kind: 'funds_subtracted_by_provider', amountCents: balanceCents - BigInt(balance_cents), description: 'Reset' });
    await t.db.deleteFrom('notification_outbox').where('customer_id', '=', tenant.customerId).execute();
  }

  it('alerts once when a debit crosses the customer’s threshold, and again only after available went back above it', async () => {
    await start(15_000n, 10_000n);
    await debit(3_000n); // 12,000: above
    expect(await alerts()).toHaveLength(0);
    const crossing = await debit(3_000n); // 9,000: crossed
    await debit(1_000n); // 8,000: still below, no second alert
    await credit(1_500n); // 9,500: below, no re-arm
    await debit(500n);
    expect(await alerts()).toHaveLength(1);

    await credit(5_000n); // 14,000: back above
    await debit(4_000n); // 10,000: at the threshold is not below
    expect(await alerts()).toHaveLength(1);
    await debit(1n); // 9,999: crossed again
    const rows = await alerts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ subject_ref: crossing.id, dedupe_key: `wallet.low_balance:${crossing.id}`, payload: { available_cents: 9_000, threshold_cents: 10_000 } });
    expect(rows[1]!.payload).toEqual({ available_cents: 9_999, threshold_cents: 10_000 });
  });

  it('defaults the threshold to twice the highest active bid (paused and deleted bids do not count)', async () => {
    // notifyWorld's bid: 2,500 active. A paused 9,000 and a deleted 8,000 are ignored: the threshold is 5,000.
    await addAuctionBid(t, tenant, world.leadTypeId, { amountCents: 9_000n, status: 'paused' });
    const deleted = await addAuctionBid(t, tenant, world.leadTypeId, { amountCents: 8_000n });
    await t.db.updateTable('bids').set({ deleted_at: new Date() }).where('id', '=', deleted).execute();
    await start(6_000n, null);
    await debit(1_000n); // 5,000: at the threshold
    expect(await alerts()).toHaveLength(0);
    await debit(1n);
    expect((await alerts()).map((r) => r.payload)).toEqual([{ available_cents: 4_999, threshold_cents: 5_000 }]);
  });

  it('counts holds against available (D11), and never alerts without a threshold', async () => {
    await start(12_000n, 10_000n);
    await post({ kind: 'buy_order_placed', amountCents: 0n, holdDeltaCents: 3_000n, description: 'Buy order placed' });
    expect((await alerts()).map((r) => r.payload)).toEqual([{ available_cents: 9_000, threshold_cents: 10_000 }]);

    // Threshold 0 turns alerts off; so does no active bid with no threshold set.
    await start(12_000n, 0n); // available 9,000 (3,000 held)
    await debit(9_000n);
    await start(12_000n, null);
    await t.db.updateTable('bids').set({ status: 'paused' }).where('customer_id', '=', tenant.customerId).execute();
    await debit(8_000n);
    expect(await alerts()).toHaveLength(0);
  });

  it('leaves no alert behind when the debit’s transaction rolls back', async () => {
    await start(12_000n, 10_000n);
    await expect(t.db.transaction().execute(async (trx) => {
      await postToLedger(trx, tenant, { kind: 'lead_assigned', amountCents: -5_000n, description: 'Lead' });
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await alerts()).toHaveLength(0);
  });

  it('an auction purchase that crosses delivers one signed wallet.low_balance webhook per recipient who chose it', async () => {
    const hook = await new WebhookReceiver(() => Math.floor(t.clock.now().getTime() / 1000)).start();
    try {
      const add = async (name: string, kinds: string[]) => {
        const res = await world.api('/notifications/recipients', { method: 'POST', body: { name, channel: 'webhook', address: `${hook.url}/${name}`, kinds } });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        if (res.body.signing_secret) hook.secrets.push(res.body.signing_secret);
      };
      await add('low', ['wallet.low_balance']);
      await add('both', ['lead.purchased', 'wallet.low_balance']);
      await add('leads', ['lead.purchased']);
      // The bid is 2,500: the default threshold is 5,000. 6,000 → 3,500 crosses; the next purchase (→ 1,000) does not.
      await start(6_000n, null);
      await world.buyLead();
      await world.buyLead();
      await drain(newWorker(t));

      const lowBalance = hook.requests.filter((r) => r.headers['x-lp-event'] === 'wallet.low_balance');
      expect(lowBalance.map((r) => r.pathAndQuery).sort()).toEqual(['/both', '/low']);
      expect(lowBalance.every((r) => r.verified)).toBe(true);
      expect(JSON.parse(lowBalance[0]!.body)).toMatchObject({ type: 'wallet.low_balance', data: { available_cents: 3_500, threshold_cents: 5_000 } });
      expect(hook.requests.filter((r) => r.headers['x-lp-event'] === 'lead.purchased')).toHaveLength(4);

      const log = await world.api('/notifications/deliveries');
      expect(log.body.items.filter((d: { kind: string }) => d.kind === 'wallet.low_balance')).toEqual([
        expect.objectContaining({ status: 'sent', lead_id: null, response_code: 200, recipient_name: expect.stringMatching(/^(low|both)$/) }),
        expect.objectContaining({ status: 'sent', lead_id: null, response_code: 200 }),
      ]);
    } finally {
      await hook.stop();
    }
  });
});
