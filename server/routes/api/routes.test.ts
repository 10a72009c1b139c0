import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, routePermissions } from '../../auth/roles.js';
import { postToLedger } from '../../domain/ledger.js';
import { addPortalUser } from '../../test/accounts-fixtures.js';
import { targets } from '../../test/databases.js';
import { addBid, addLeadType, setProviderSettings } from '../../test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../../test/harness.js';
import { addPurchasedLead } from '../../test/lead-fixtures.js';
import { addListing } from '../../test/marketplace-fixtures.js';
import { addCard, connectStripe } from '../../test/stripe-harness.js';
import { StripeStub } from '../../test/stripe-stub.js';
import { Role } from './schemas.js';

/**
 * D24: one entry per registered buyer API route. A route registered on the app without an entry here (or without a
 * rule in `routePermissions`) fails the coverage test, so every new route gets 401 / IDOR / role / input checks.
 */
interface RouteCase {
  /** A concrete URL for routes with path parameters; defaults to the registered path. */
  url?: string;
  /** Body of the happy request (JSON), for routes that take one. */
  body?: unknown;
  /** Status of the happy request made by an admin. */
  ok: number;
  /** Headers of every request to the route (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
  /** Content type of the happy reply when it is not JSON (e.g. a CSV export). */
  contentType?: RegExp;
  /** Inputs that must be refused with 400: a query string to append, a body (a string is sent as is), or other headers. */
  bad?: { query?: string; body?: unknown; headers?: Record<string, string> }[];
}

/** Fixed ids so the table's URLs and bodies can name them; rows are created in beforeAll. */
const TABLE_LEAD_TYPE = 'lt_route_table';
const TABLE_BID = 'bid_route_table';
const TABLE_ARCHIVED_BID = 'bid_route_table_archived';
const TABLE_DELETED_BID = 'bid_route_table_delete';

/** A bid of 'mine' for the limits routes (created in beforeAll) and a caps body. */
const LIMITS_BID = 'bid_route_table_limits';
/** A lead 'mine' bought, for the lead detail and return routes (returns are enabled in beforeAll). */
const TABLE_LEAD = 'lead_route_table';

const LIMITS_BODY = { day: { count: 10, spend_cents: 50_000 }, week: { count: null, spend_cents: null }, month: { count: 100, spend_cents: null } };

/** Billing: 'mine' has two saved cards on the Stripe stub (ids fixed in beforeAll) and one payment. */
const TABLE_CARD = 'pm_route_table';
const TABLE_DELETED_CARD = 'pm_route_table_delete';
const TABLE_PAYMENT = 'pay_route_table';
const DEPOSIT_BODY = { amount_cents: 5_000, payment_method_id: TABLE_CARD };
const AUTO_RECHARGE_BODY = { enabled: true, threshold_cents: 2_000, amount_cents: 5_000, payment_method_id: null };
/** Notifications: an email recipient of 'mine' to read, change and test, and one to delete (rows made in beforeAll). */
const TABLE_RECIPIENT = 'rcp_route_table';
const TABLE_DELETED_RECIPIENT = 'rcp_route_table_delete';
const RECIPIENT_BODY = { name: 'Table email', channel: 'email', address: 'leads@example.com' };

/** Marketplace: an open listing of acme's to read and buy, another to place buy orders on, an open buy order and a
 * standing order of 'mine' to read and cancel (made in beforeAll; the marketplace is on). */
const TABLE_LISTING = 'lst_route_table';
const TABLE_ORDER_LISTING = 'lst_route_table_orders';
const TABLE_BUY_ORDER = 'bo_route_table';
const TABLE_STANDING_ORDER = 'so_route_table';
const STANDING_BODY = { lead_type_id: TABLE_LEAD_TYPE, max_price_cents: 100, quantity: 2 };
/** Team: a member of 'mine' whose role changes, one who is removed, and an open invite (rows made in beforeAll). */
const TABLE_MEMBER = { id: '' };
const TABLE_REMOVED_MEMBER = { id: '' };
const TABLE_INVITE = 'inv_route_table';

/** Filled in beforeAll with a SetupIntent the stub has confirmed. */
const confirmedSetup = { setup_intent_id: '' };

const table: Record<string, RouteCase> = {
  'GET /api/v1/session': { ok: 200 },
  'GET /api/v1/wallet': { ok: 200 },
  'GET /api/v1/badge': { ok: 200 },
  'GET /api/v1/account': { ok: 200 },
  'GET /api/v1/customers': {
    ok: 200,
    bad: [{ query: 'limit=0' }, { query: 'limit=201' }, { query: 'limit=ten' }, { query: 'cursor=garbage' }, { query: `cursor=${Buffer.from('["a","b"]').toString('base64url')}` }, { query: `cursor=${Buffer.from('["cus_not_in_list"]').toString('base64url')}` }],
  },
  'POST /api/v1/customers': {
    body: { name: 'New Customer Co' },
    ok: 201,
    bad: [{ body: {} }, { body: { name: '' } }, { body: { name: '   ' } }, { body: { name: 'x'.repeat(201) } }, { body: { name: 42 } }, { body: 'not json' }],
  },
  'GET /api/v1/bids': { ok: 200, bad: [{ query: 'limit=0' }, { query: 'cursor=garbage' }] },
  'POST /api/v1/bids': {
    body: { name: 'Table bid', lead_type_id: TABLE_LEAD_TYPE, amount_cents: 2_000, scope: { kind: 'nationwide' } },
    ok: 201,
    bad: [
      { body: {} },
      { body: { name: 'Off step', lead_type_id: TABLE_LEAD_TYPE, amount_cents: 2_050, scope: { kind: 'nationwide' } } },
      { body: { name: 'Zero', lead_type_id: TABLE_LEAD_TYPE, amount_cents: 0, scope: { kind: 'nationwide' } } },
      { body: { name: 'Bad state', lead_type_id: TABLE_LEAD_TYPE, amount_cents: 2_000, scope: { kind: 'state', state: 'XX' } } },
      { body: 'not json' },
    ],
  },
  'GET /api/v1/bids/:id': { url: `/api/v1/bids/${TABLE_BID}`, ok: 200 },
  'GET /api/v1/bids/:id/activity': { url: `/api/v1/bids/${TABLE_BID}/activity`, ok: 200 },
  'PATCH /api/v1/bids/:id': { url: `/api/v1/bids/${TABLE_BID}`, body: { amount_cents: 2_100 }, ok: 200, bad: [{ body: { amount_cents: 99_999_900 } }, { body: { amount_cents: -1 } }] },
  'POST /api/v1/bids/:id/pause': { url: `/api/v1/bids/${TABLE_BID}/pause`, ok: 200 },
  'POST /api/v1/bids/:id/resume': { url: `/api/v1/bids/${TABLE_BID}/resume`, ok: 200 },
  'POST /api/v1/bids/:id/archive': { url: `/api/v1/bids/${TABLE_ARCHIVED_BID}/archive`, ok: 200 },
  'POST /api/v1/bids/:id/duplicate': { url: `/api/v1/bids/${TABLE_BID}/duplicate`, ok: 201 },
  'DELETE /api/v1/bids/:id': { url: `/api/v1/bids/${TABLE_DELETED_BID}`, ok: 204 },
  'GET /api/v1/lead-types': { ok: 200 },
  'GET /api/v1/limits': { ok: 200 },
  'PUT /api/v1/limits': { body: LIMITS_BODY, ok: 200, bad: [{ body: {} }, { body: { ...LIMITS_BODY, day: { count: -1, spend_cents: null } } }, { body: { ...LIMITS_BODY, week: { count: 1.5, spend_cents: null } } }, { body: 'not json' }] },
  'PUT /api/v1/limits/bids/:bidId': { url: `/api/v1/limits/bids/${LIMITS_BID}`, body: LIMITS_BODY, ok: 200, bad: [{ body: { ...LIMITS_BODY, month: { count: null, spend_cents: '5000' } } }] },
  'PUT /api/v1/limits/timezone': { body: { timezone: 'America/New_York' }, ok: 200, bad: [{ body: { timezone: 'Mars/Olympus_Mons' } }, { body: { timezone: '+05:00' } }, { body: {} }] },
  'GET /api/v1/billing': { ok: 200 },
  'GET /api/v1/auto-recharge': { ok: 200 },
  'PUT /api/v1/auto-recharge': {
    body: AUTO_RECHARGE_BODY,
    ok: 200,
    bad: [{ body: {} }, { body: { ...AUTO_RECHARGE_BODY, threshold_cents: -1 } }, { body: { ...AUTO_RECHARGE_BODY, amount_cents: 0 } }, { body: { ...AUTO_RECHARGE_BODY, amount_cents: 10 } }, { body: 'not json' }],
  },
  'GET /api/v1/payment-methods': { ok: 200 },
  'POST /api/v1/payment-methods/setup-intent': { ok: 201 },
  'POST /api/v1/payment-methods': { body: confirmedSetup, ok: 200, bad: [{ body: {} }, { body: { setup_intent_id: 'pi_123' } }, { body: 'not json' }] },
  'POST /api/v1/payment-methods/:id/default': { url: `/api/v1/payment-methods/${TABLE_CARD}/default`, ok: 200 },
  'DELETE /api/v1/payment-methods/:id': { url: `/api/v1/payment-methods/${TABLE_DELETED_CARD}`, ok: 204 },
  'POST /api/v1/deposits': {
    body: DEPOSIT_BODY,
    headers: { 'Idempotency-Key': 'route-table-deposit' },
    ok: 201,
    bad: [{ headers: {} }, { body: { ...DEPOSIT_BODY, amount_cents: 0 } }, { body: { ...DEPOSIT_BODY, amount_cents: 12.5 } }, { body: { ...DEPOSIT_BODY, amount_cents: 10 } }, { body: 'not json' }],
  },
  'GET /api/v1/deposits/:id': { url: `/api/v1/deposits/${TABLE_PAYMENT}`, ok: 200 },
  'GET /api/v1/transactions': { ok: 200, bad: [{ query: 'limit=0' }, { query: 'cursor=garbage' }, { query: 'type=bogus' }, { query: 'from=yesterday' }] },
  'GET /api/v1/transactions/export': { ok: 200, contentType: /^text\/csv/, bad: [{ query: 'type=bogus' }, { query: 'to=tomorrow' }] },
  'GET /api/v1/leads': {
    ok: 200,
    bad: [{ query: 'limit=0' }, { query: 'cursor=garbage' }, { query: 'sort=name' }, { query: 'from=2026-13-01' }, { query: 'from=2026-11-02&to=2026-11-01' }, { query: 'return_status=lost' }, { query: 'q=555' }],
  },
  'GET /api/v1/leads/export.csv': { ok: 200, contentType: /^text\/csv/, bad: [{ query: 'order=up' }, { query: 'county_fips=123' }, { query: 'q=555' }] },
  'GET /api/v1/leads/:id': { url: `/api/v1/leads/${TABLE_LEAD}`, ok: 200 },
  'POST /api/v1/leads/:id/return': {
    url: `/api/v1/leads/${TABLE_LEAD}/return`,
    body: { reason_code: 'Duplicate lead', note: 'Same person as yesterday' },
    ok: 201,
    bad: [{ body: {} }, { body: { reason_code: '' } }, { body: { reason_code: 'Duplicate lead', note: 'x'.repeat(1001) } }, { body: 'not json' }],
  },
  'GET /api/v1/dashboard': { ok: 200 },
  'PUT /api/v1/dashboard/getting-started': { body: { dismissed: true }, ok: 200, bad: [{ body: {} }, { body: { dismissed: 'yes' } }, { body: 'not json' }] },
  'GET /api/v1/notifications/settings': { ok: 200 },
  'GET /api/v1/notifications/recipients': { ok: 200, bad: [{ query: 'limit=0' }, { query: 'cursor=garbage' }] },
  'POST /api/v1/notifications/recipients': {
    body: RECIPIENT_BODY,
    ok: 201,
    bad: [
      { body: {} },
      { body: { ...RECIPIENT_BODY, address: 'not-an-email' } },
      { body: { ...RECIPIENT_BODY, channel: 'webhook', address: 'http://hooks.example.com/leads' } },
      { body: { ...RECIPIENT_BODY, channel: 'webhook', address: 'https://127.0.0.1/leads' } },
      { body: { ...RECIPIENT_BODY, channel: 'webhook', address: 'https://hooks.example.com/leads', payload_template: '{"a": {{ nope }}}' } },
      { body: { ...RECIPIENT_BODY, channel: 'sms', address: '+15125550100' } },
      { body: { ...RECIPIENT_BODY, kinds: ['lead.sold'] } },
      { body: { ...RECIPIENT_BODY, http_method: 'POST' } },
      { body: 'not json' },
    ],
  },
  'GET /api/v1/notifications/recipients/:id': { url: `/api/v1/notifications/recipients/${TABLE_RECIPIENT}`, ok: 200 },
  'PATCH /api/v1/notifications/recipients/:id': {
    url: `/api/v1/notifications/recipients/${TABLE_RECIPIENT}`,
    body: { kinds: ['lead.purchased', 'wallet.low_balance'] },
    ok: 200,
    bad: [{ body: { address: 'nope' } }, { body: { kinds: [] } }, { body: { bid_ids: ['bid_not_mine'] } }],
  },
  'DELETE /api/v1/notifications/recipients/:id': { url: `/api/v1/notifications/recipients/${TABLE_DELETED_RECIPIENT}`, ok: 204 },
  'POST /api/v1/notifications/recipients/:id/test': { url: `/api/v1/notifications/recipients/${TABLE_RECIPIENT}/test`, ok: 200 },
  'GET /api/v1/notifications/deliveries': { ok: 200, bad: [{ query: 'limit=0' }, { query: 'cursor=garbage' }, { query: `cursor=${Buffer.from('["x"]').toString('base64url')}` }] },
  'POST /api/v1/notifications/signing-secret/rotate': { ok: 201 },
  'GET /api/v1/events': { ok: 200, contentType: /^text\/event-stream/, bad: [{ headers: { 'Last-Event-ID': 'x'.repeat(101) } }] },
  'GET /api/v1/marketplace/listings': { ok: 200, bad: [{ query: 'limit=0' }, { query: 'cursor=garbage' }, { query: 'state=Texas' }, { query: `cursor=${Buffer.from('["x","y"]').toString('base64url')}` }] },
  'GET /api/v1/marketplace/listings/:id': { url: `/api/v1/marketplace/listings/${TABLE_LISTING}`, ok: 200 },
  'POST /api/v1/marketplace/listings/:id/buy': {
    url: `/api/v1/marketplace/listings/${TABLE_LISTING}/buy`,
    headers: { 'Idempotency-Key': 'route-table-buy' },
    ok: 201,
    bad: [{ headers: {} }, { headers: { 'Idempotency-Key': '' } }],
  },
  'POST /api/v1/marketplace/listings/:id/buy-orders': {
    url: `/api/v1/marketplace/listings/${TABLE_ORDER_LISTING}/buy-orders`,
    headers: { 'Idempotency-Key': 'route-table-order' },
    body: { max_price_cents: 600 },
    ok: 201,
    bad: [{ headers: {} }, { body: {} }, { body: { max_price_cents: 0 } }, { body: { max_price_cents: 6.5 } }, { body: 'not json' }],
  },
  'GET /api/v1/marketplace/buy-orders': { ok: 200, bad: [{ query: 'limit=0' }, { query: 'status=lost' }, { query: 'cursor=garbage' }, { query: `cursor=${Buffer.from('["x","y"]').toString('base64url')}` }] },
  'POST /api/v1/marketplace/buy-orders/:id/cancel': { url: `/api/v1/marketplace/buy-orders/${TABLE_BUY_ORDER}/cancel`, ok: 200 },
  'GET /api/v1/marketplace/standing-orders': { ok: 200, bad: [{ query: 'limit=0' }, { query: 'status=lost' }, { query: 'cursor=garbage' }] },
  'POST /api/v1/marketplace/standing-orders': {
    body: STANDING_BODY,
    ok: 201,
    bad: [
      { body: {} },
      { body: { ...STANDING_BODY, quantity: 0 } },
      { body: { ...STANDING_BODY, max_price_cents: -5 } },
      { body: { ...STANDING_BODY, lead_type_id: 'lt_not_mine' } },
      { body: { ...STANDING_BODY, filters: { zips: ['123'] } } },
      { body: { ...STANDING_BODY, expires_at: 'tomorrow' } },
      { body: 'not json' },
    ],
  },
  'GET /api/v1/marketplace/standing-orders/:id': { url: `/api/v1/marketplace/standing-orders/${TABLE_STANDING_ORDER}`, ok: 200 },
  'POST /api/v1/marketplace/standing-orders/:id/cancel': { url: `/api/v1/marketplace/standing-orders/${TABLE_STANDING_ORDER}/cancel`, ok: 200 },
  'GET /api/v1/team': { ok: 200 },
  'POST /api/v1/team/invites': {
    body: { email: 'new.teammate@example.com', role: 'buyer' },
    ok: 201,
    bad: [{ body: {} }, { body: { email: 'nope', role: 'buyer' } }, { body: { email: 'a@example.com', role: 'owner' } }, { body: 'not json' }],
  },
  'DELETE /api/v1/team/invites/:id': { url: `/api/v1/team/invites/${TABLE_INVITE}`, ok: 204 },
  'PATCH /api/v1/team/members/:userId': {
    get url() {
      return `/api/v1/team/members/${TABLE_MEMBER.id}`;
    },
    body: { role: 'buyer' },
    ok: 200,
    bad: [{ body: {} }, { body: { role: 'owner' } }, { body: 'not json' }],
  },
  'DELETE /api/v1/team/members/:userId': {
    get url() {
      return `/api/v1/team/members/${TABLE_REMOVED_MEMBER.id}`;
    },
    ok: 204,
  },
};

const roles = Role.options;
const cases = Object.entries(table);

/** The app's registered /api/v1 endpoints ("METHOD /path"), without middleware. */
function registeredRoutes(t: TestContext): string[] {
  const keys = t.app.routes.filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)].sort();
}

describe.each(targets)('buyer API route table on %s', (target) => {
  let stub: StripeStub;
  let t: TestContext;
  let acme: TestProvider;
  let other: TestProvider;
  let adminToken: string;

  async function call(key: string, init: { token?: string; customer?: string; query?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const [method, path] = key.split(' ') as [string, string];
    const entry = table[key]!;
    const url = `${entry.url ?? path}${init.query ? `?${init.query}` : ''}`;
    const body = init.body ?? entry.body;
    const res = await t.request(url, {
      method,
      token: init.token,
      customer: init.customer,
      headers: init.headers ?? entry.headers,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    // An event stream stays open until its token expires; these checks need only its status and headers.
    if (res.headers.get('Content-Type')?.startsWith('text/event-stream')) await res.body?.cancel();
    return res;
  }

  const countCustomers = async () => Number((await t.db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    stub = await new StripeStub().start();
    t = await createTestContext(target, { stripeApiUrl: stub.url });
    acme = await t.addProvider('Acme Leads');
    other = await t.addProvider('Other Leads');
    const mine = await t.addCustomer(acme, 'mine', { balanceCents: 10_000n });
    await addLeadType(t.db, acme.id, { id: TABLE_LEAD_TYPE });
    for (const id of [TABLE_BID, TABLE_DELETED_BID, TABLE_ARCHIVED_BID, LIMITS_BID]) await addBid(t.db, { providerId: acme.id, customerId: mine.id }, TABLE_LEAD_TYPE, { id, amountCents: 2_000n });
    await setProviderSettings(t.db, acme.id, { returns_enabled: true, marketplace_enabled: true });
    await addListing(t, acme.id, TABLE_LEAD_TYPE, { id: TABLE_LISTING });
    await addListing(t, acme.id, TABLE_LEAD_TYPE, { id: TABLE_ORDER_LISTING });
    const orderListing = await addListing(t, acme.id, TABLE_LEAD_TYPE);
    await t.db.transaction().execute(async (trx) => {
      await trx.insertInto('buy_orders').values({ id: TABLE_BUY_ORDER, provider_id: acme.id, customer_id: mine.id, listing_id: orderListing.id, max_price_cents: 700n }).execute();
      await postToLedger(trx, { providerId: acme.id, customerId: mine.id }, { kind: 'buy_order_placed', amountCents: 0n, holdDeltaCents: 700n, description: 'Table order', buyOrderId: TABLE_BUY_ORDER });
    });
    await t.db.insertInto('standing_orders').values({ id: TABLE_STANDING_ORDER, provider_id: acme.id, customer_id: mine.id, lead_type_id: TABLE_LEAD_TYPE, filters: '{}', max_price_cents: 100n, quantity: 1 }).execute();
    await addPurchasedLead(t, { providerId: acme.id, customerId: mine.id }, { leadId: TABLE_LEAD, leadTypeId: TABLE_LEAD_TYPE, fields: { first_name: 'Table', last_name: 'Lead' } });
    for (const id of [TABLE_RECIPIENT, TABLE_DELETED_RECIPIENT]) {
      await t.db.insertInto('notification_recipients').values({ id, provider_id: acme.id, customer_id: mine.id, name: id, channel: 'email', address: 'table@example.com' }).execute();
    }
    TABLE_MEMBER.id = await addPortalUser(t, acme, { email: 'member@example.com', password: 'member password', memberships: [['mine', 'buyer']] });
    TABLE_REMOVED_MEMBER.id = await addPortalUser(t, acme, { email: 'leaving@example.com', password: 'member password', memberships: [['mine', 'viewer']] });
    await t.db
      .insertInto('invites')
      .values({ id: TABLE_INVITE, provider_id: acme.id, customer_id: mine.id, email: 'invited@example.com', role: 'viewer', token_sha256: 'route-table', invited_by: TABLE_MEMBER.id, expires_at: new Date(t.clock.now().getTime() + 86_400_000) })
      .execute();
    await t.addCustomer(acme, 'not-mine');
    await t.addCustomer(other, 'theirs');
    await t.addCustomer(other, 'mine'); // same external id at another provider
    adminToken = await t.mintToken(acme, { sub: 'admin-user', customerIds: ['mine'] });

    await connectStripe(t, acme);
    for (const id of [TABLE_CARD, TABLE_DELETED_CARD]) {
      const card = await addCard(t, stub, adminToken, 'visa');
      await t.db.updateTable('payment_methods').set({ id }).where('id', '=', card.id).execute();
    }
    await t.db.insertInto('payments').values({ id: TABLE_PAYMENT, provider_id: acme.id, customer_id: mine.id, kind: 'deposit', amount_cents: 5_000n, status: 'succeeded', idempotency_key: 'route-table' }).execute();
    const setup = await (await t.request('/api/v1/payment-methods/setup-intent', { method: 'POST', token: adminToken })).json();
    stub.confirmSetupIntent(setup.setup_intent_id, 'visa');
    confirmedSetup.setup_intent_id = setup.setup_intent_id;
  });
  afterAll(async () => {
    await t.close();
    await stub.stop();
  });

  it('has a table entry and a role rule for every registered /api/v1 route, and no stale entries', () => {
    const registered = registeredRoutes(t);
    expect(registered.length).toBeGreaterThan(0);
    expect(registered.filter((key) => !(key in table)), 'routes without an entry in this test’s table').toEqual([]);
    expect(registered.filter((key) => !(key in routePermissions)), 'routes without a rule in routePermissions').toEqual([]);
    expect(Object.keys(table).filter((key) => !registered.includes(key)), 'table entries for routes that do not exist').toEqual([]);
    expect(Object.keys(routePermissions).filter((key) => !registered.includes(key)), 'routePermissions entries for routes that do not exist').toEqual([]);
  });

  describe.each(cases)('%s', (key, entry) => {
    it('answers 401 without a token', async () => {
      const res = await call(key);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    });

    it('answers 404 for another provider’s customer and for a same-provider customer the user has no access to (IDOR)', async () => {
      const before = await countCustomers();
      for (const customer of ['theirs', 'not-mine']) {
        const res = await call(key, { token: adminToken, customer });
        expect(res.status, `X-Customer-Id: ${customer}`).toBe(404);
        expect((await res.json()).error.code).toBe('not_found');
      }
      expect(await countCustomers()).toBe(before);
    });

    it(`answers ${entry.ok} on the happy path`, async () => {
      const res = await call(key, { token: adminToken });
      expect(res.status).toBe(entry.ok);
      if (entry.ok !== 204) expect(res.headers.get('Content-Type')).toMatch(entry.contentType ?? /^application\/json/);
    });

    it.each(roles)('role matrix: %s', async (role) => {
      const token = await t.mintToken(acme, { sub: `role-${role}`, customerIds: ['mine'], roles: { mine: role } });
      const res = await call(key, { token });
      if (can(role, routePermissions[key]!)) {
        expect(res.status).toBe(entry.ok);
      } else {
        expect(res.status).toBe(403);
        expect((await res.json()).error.code).toBe('forbidden');
      }
    });

    if (entry.bad) {
      it('answers 400 for bad input, writing nothing', async () => {
        const before = await countCustomers();
        for (const bad of entry.bad!) {
          const res = await call(key, { token: adminToken, ...bad });
          expect(res.status, JSON.stringify(bad)).toBe(400);
          const body = await res.json();
          expect(body.error.code).toBe('invalid_request');
          expect(body.error.request_id).toBeTruthy();
        }
        expect(await countCustomers()).toBe(before);
      });
    }
  });

  it('resolves an external id shared by two providers to the token’s own provider', async () => {
    const ours = await (await t.request('/api/v1/session', { token: adminToken, customer: 'mine' })).json();
    const theirsToken = await t.mintToken(other, { sub: 'admin-user', customerIds: ['mine'] });
    const theirs = await (await t.request('/api/v1/session', { token: theirsToken, customer: 'mine' })).json();
    expect(ours.active_customer.external_id).toBe('mine');
    expect(theirs.active_customer.external_id).toBe('mine');
    expect(ours.active_customer.id).not.toBe(theirs.active_customer.id);
    expect(ours.provider.id).toBe(acme.id);
    expect(theirs.provider.id).toBe(other.id);
  });
});
