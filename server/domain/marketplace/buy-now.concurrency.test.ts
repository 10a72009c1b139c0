import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAvailable } from '../../test/databases.js';
import { addLeadType, setProviderSettings } from '../../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';
import { addListing } from '../../test/marketplace-fixtures.js';

const BUYERS = 50;

/**
 * Buy-now races only mean something on a real server (PGlite queues transactions). Skipped without DATABASE_URL;
 * with CI=true and no DATABASE_URL, serverAvailable() throws (D24).
 */
describe.runIf(serverAvailable())('buy now under concurrent buyers (PostgreSQL server)', () => {
  let t: TestContext;
  let acme: TestProvider;
  let leadTypeId: string;
  const tokens: { customerId: string; externalId: string; token: string }[] = [];

  beforeAll(async () => {
    t = await createTestContext('postgres');
    acme = await t.addProvider('Acme Leads');
    leadTypeId = await addLeadType(t.db, acme.id);
    await setProviderSettings(t.db, acme.id, { marketplace_enabled: true });
    for (let i = 0; i < BUYERS; i++) {
      const { id, externalId } = await t.addCustomer(acme, `buyer-${i}`, { balanceCents: 10_000n });
      tokens.push({ customerId: id, externalId, token: await t.mintToken(acme, { sub: `u${i}`, customerIds: [externalId] }) });
    }
  }, 60_000);
  afterAll(() => t?.close());

  const buy = (listingId: string, buyer: (typeof tokens)[number], key: string) =>
    t.request(`/api/v1/marketplace/listings/${listingId}/buy`, { method: 'POST', token: buyer.token, customer: buyer.externalId, headers: { 'Idempotency-Key': key } });

  it(`${BUYERS} buyers click buy on one exclusive listing at once: one purchase, one debit, ${BUYERS - 1} sold_out`, async () => {
    const listing = await addListing(t, acme.id, leadTypeId);
    const replies = await Promise.all(tokens.map((buyer, i) => buy(listing.id, buyer, `race-${i}`)));
    const codes = await Promise.all(replies.map(async (r) => (r.status === 201 ? 'ok' : (await r.json()).error.code)));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c === 'sold_out')).toHaveLength(BUYERS - 1);

    const purchases = await t.db.selectFrom('purchases').select(['customer_id', 'price_cents']).where('listing_id', '=', listing.id).execute();
    expect(purchases).toHaveLength(1);
    const debits = await t.db.selectFrom('ledger_entries').select(['customer_id', 'amount_cents']).where('kind', '=', 'lead_assigned').execute();
    expect(debits).toEqual([{ customer_id: purchases[0]!.customer_id, amount_cents: '-2500' }]);
    const wallets = await t.db.selectFrom('wallets').select(['customer_id', 'balance_cents']).where('provider_id', '=', acme.id).execute();
    expect(wallets.filter((w) => w.balance_cents !== '10000')).toEqual([{ customer_id: purchases[0]!.customer_id, balance_cents: '7500' }]);
    expect(await t.db.selectFrom('marketplace_listings').select(['status', 'sold_count']).where('id', '=', listing.id).executeTakeFirstOrThrow()).toEqual({ status: 'sold', sold_count: 1 });
  });

  it('the same buyer retrying one key 10 times at once is charged once and every reply is the same purchase', async () => {
    const listing = await addListing(t, acme.id, leadTypeId, { maxSales: 5 });
    const buyer = tokens[7]!;
    const replies = await Promise.all(Array.from({ length: 10 }, () => buy(listing.id, buyer, 'one-key')));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
    const bodies = await Promise.all(replies.map((r) => r.json()));
    expect(new Set(bodies.map((b) => b.purchase_id)).size).toBe(1);
    expect(await t.db.selectFrom('purchases').select('id').where('listing_id', '=', listing.id).execute()).toHaveLength(1);
  });
});
