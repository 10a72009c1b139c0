import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAvailable } from '../test/databases.js';
import { addBid, addLeadType } from '../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../test/harness.js';
import { readLimits, reserveCaps, setBidCaps, setCustomerCaps, type CapSet } from './caps.js';
import type { Tenant } from './ledger.js';

const noCaps = (): CapSet => ({ day: { count: null, spendCents: null }, week: { count: null, spendCents: null }, month: { count: null, spendCents: null } });

/**
 * Concurrency only means something on a real server: PGlite has one connection and queues transactions.
 * Skipped without DATABASE_URL; with CI=true and no DATABASE_URL, serverAvailable() throws (D24).
 */
describe.skipIf(!serverAvailable())('caps under concurrent purchases (PostgreSQL server)', () => {
  let t: TestContext;
  let acme: TestProvider;
  let leadTypeId: string;

  beforeAll(async () => {
    t = await createTestContext('postgres');
    acme = await t.addProvider('Acme Leads');
    leadTypeId = await addLeadType(t.db, acme.id);
  });
  afterAll(() => t?.close());

  /** 32 purchases at once, each in its own transaction, as 32 auctions would run them. */
  async function race(tenant: Tenant, purchases: { bidId: string | null; priceCents: bigint }[]) {
    const at = t.clock.now();
    const results = await Promise.all(purchases.map((p) => t.db.transaction().execute((trx) => reserveCaps(trx, tenant, { ...p, at }))));
    return results.filter((r) => r.ok).length;
  }

  it('lets exactly 10 of 32 concurrent purchases through a customer count cap of 10', async () => {
    const { id } = await t.addCustomer(acme, 'count-race');
    const tenant = { providerId: acme.id, customerId: id };
    const bidId = await addBid(t.db, tenant, leadTypeId, { amountCents: 1_000n });
    await setCustomerCaps(t.deps, tenant, 'user-1', { ...noCaps(), day: { count: 10n, spendCents: null } });

    const purchases = Array.from({ length: 32 }, (_, i) => ({ bidId: i % 2 ? bidId : null, priceCents: 1_000n }));
    expect(await race(tenant, purchases)).toBe(10);
    const { customer } = await readLimits(t.db, tenant, t.clock);
    expect(customer.day.usedCount).toBe(10n);
    expect(customer.month).toMatchObject({ usedCount: 10n, usedSpendCents: 10_000n });
  });

  it('never lets spend pass a customer spend cap or a bid cap when both race', async () => {
    const { id } = await t.addCustomer(acme, 'spend-race');
    const tenant = { providerId: acme.id, customerId: id };
    const [a, b] = [await addBid(t.db, tenant, leadTypeId, { amountCents: 700n }), await addBid(t.db, tenant, leadTypeId, { amountCents: 700n })];
    await setCustomerCaps(t.deps, tenant, 'user-1', { ...noCaps(), week: { count: null, spendCents: 10_000n } });
    await setBidCaps(t.deps, tenant, 'user-1', a, { ...noCaps(), month: { count: 4n, spendCents: null } });

    // 700 cents each: the customer's 10,000 fits 14 whichever commit first; bid a takes at most 4 of them.
    const purchases = Array.from({ length: 32 }, (_, i) => ({ bidId: [a, b, null][i % 3]!, priceCents: 700n }));
    expect(await race(tenant, purchases)).toBe(14);
    const limits = await readLimits(t.db, tenant, t.clock);
    expect(limits.customer.week).toMatchObject({ usedCount: 14n, usedSpendCents: 9_800n });
    const usageOf = (bidId: string) => limits.bids.find((bid) => bid.bidId === bidId)!.limits.month;
    expect(usageOf(a).usedCount <= 4n).toBe(true);
    expect(usageOf(a).usedSpendCents).toBe(usageOf(a).usedCount * 700n);
    expect(usageOf(b).usedCount + usageOf(a).usedCount <= 14n).toBe(true);
  });
});
