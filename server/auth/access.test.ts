import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalIssuer } from '../domain/providers.js';
import { newId } from '../lib/ids.js';
import { targets } from '../test/databases.js';
import { createTestContext, type TestContext, type TestProvider } from '../test/harness.js';
import { mintPortalToken } from './portal-tokens.js';

type Summary = { external_id: string; role: string };
const externalIds = (body: { customers: Summary[] }) => body.customers.map((c) => c.external_id);

/** D2, D3, D5: who the token's user is and which customers they may act for. */
describe.each(targets)('token users and memberships on %s', (target) => {
  let t: TestContext;
  let acme: TestProvider;
  const ids: Record<string, string> = {};

  const session = async (token: string, customer?: string) => {
    const res = await t.request('/api/v1/session', { token, customer });
    expect(res.status).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestContext(target);
    acme = await t.addProvider('Acme Leads');
    for (const ext of ['a', 'b', 'c']) ids[ext] = (await t.addCustomer(acme, ext, { timezone: 'America/Denver' })).id;
  });
  afterAll(() => t.close());

  it('upserts the user on first sight from the name and email claims (D5)', async () => {
    await session(await t.mintToken(acme, { sub: 'dana', customerIds: ['a'], extraClaims: { name: 'Dana', email: 'dana@acme.test' } }));
    const users = await t.db.selectFrom('users').selectAll().where('provider_id', '=', acme.id).where('subject', '=', 'dana').execute();
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ issuer: acme.issuer, name: 'Dana', email: 'dana@acme.test' });

    // A later token updates the name, keeps the email it does not carry, and makes no second user.
    const body = await session(await t.mintToken(acme, { sub: 'dana', customerIds: ['a'], extraClaims: { name: 'Dana R.' } }));
    expect(body.user).toEqual({ id: users[0]!.id, name: 'Dana R.', email: 'dana@acme.test' });
    const again = await t.db.selectFrom('users').select(['id']).where('provider_id', '=', acme.id).where('subject', '=', 'dana').execute();
    expect(again).toEqual([{ id: users[0]!.id }]);
  });

  it('makes one user when a new user’s first requests arrive at once with different tokens', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.mintToken(acme, { sub: 'burst', customerIds: i % 2 ? ['a', 'b'] : ['b', 'c'], lifetimeSeconds: 600 - i })),
    );
    const statuses = await Promise.all(tokens.map(async (token) => (await t.request('/api/v1/session', { token })).status));
    expect(statuses).toEqual(tokens.map(() => 200));
    const users = await t.db.selectFrom('users').select('id').where('provider_id', '=', acme.id).where('subject', '=', 'burst').execute();
    expect(users).toHaveLength(1);
  });

  it('takes roles from the roles claim and defaults to admin (D2)', async () => {
    const body = await session(await t.mintToken(acme, { sub: 'roles-user', customerIds: ['a', 'b', 'c'], roles: { a: 'buyer', b: 'billing' } }));
    expect(body.customers.map((c: Summary) => [c.external_id, c.role])).toEqual([['a', 'buyer'], ['b', 'billing'], ['c', 'admin']]);
    const rows = await t.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.customer_id', 'memberships.role', 'memberships.source'])
      .where('users.subject', '=', 'roles-user')
      .orderBy('memberships.customer_id')
      .execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.source === 'token')).toBe(true);
    expect(rows.find((r) => r.customer_id === ids.a)?.role).toBe('buyer');
  });

  it('caps every role at viewer for scope portal:read, and a viewer may not create customers', async () => {
    const token = await t.mintToken(acme, { sub: 'reader', customerIds: ['a'], roles: { a: 'admin' }, scope: 'portal:read' });
    const body = await session(token);
    expect(body.active_customer.role).toBe('viewer');
    const before = await t.db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const res = await t.request('/api/v1/customers', { token, method: 'POST', body: JSON.stringify({ name: 'Nope Co' }) });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
    const after = await t.db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    // A viewer role from the claim is refused the same way.
    const viewer = await t.mintToken(acme, { sub: 'viewer', customerIds: ['a'], roles: { a: 'viewer' } });
    expect((await t.request('/api/v1/customers', { token: viewer, method: 'POST', body: JSON.stringify({ name: 'Nope Co' }) })).status).toBe(403);
  });

  it('follows the claims: a customer dropped from a newer token disappears from /session', async () => {
    expect(externalIds(await session(await t.mintToken(acme, { sub: 'mover', customerIds: ['a', 'b'] })))).toEqual(['a', 'b']);
    const narrower = await t.mintToken(acme, { sub: 'mover', customerIds: ['a'], lifetimeSeconds: 601 });
    expect(externalIds(await session(narrower))).toEqual(['a']);
    const res = await t.request('/api/v1/wallet', { token: narrower, customer: 'b' });
    expect(res.status).toBe(404);
    const rows = await t.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('memberships.customer_id')
      .where('users.subject', '=', 'mover')
      .execute();
    expect(rows.map((r) => r.customer_id)).toEqual([ids.a]);
  });

  it('keeps a portal-created customer beside the claims of later tokens (D3)', async () => {
    const token = await t.mintToken(acme, { sub: 'creator', customerIds: ['a'] });
    const created = await t.request('/api/v1/customers', { token, method: 'POST', body: JSON.stringify({ name: 'Side Project LLC' }) });
    expect(created.status).toBe(201);
    const { external_id: newExt } = await created.json();

    expect(externalIds(await session(token))).toEqual(['a', newExt]);
    // A newer token whose claims do not mention it (and drop "a" for "b") still shows the portal-created customer.
    const later = await t.mintToken(acme, { sub: 'creator', customerIds: ['b'], lifetimeSeconds: 599 });
    expect(externalIds(await session(later))).toEqual(['b', newExt]);
    const active = await session(later, newExt);
    expect(active.active_customer).toMatchObject({ external_id: newExt, role: 'admin' });
  });

  it('lets a claim naming a portal-created customer take over its membership (D2)', async () => {
    const token = await t.mintToken(acme, { sub: 'takeover', customerIds: ['a'] });
    const created = await (await t.request('/api/v1/customers', { token, method: 'POST', body: JSON.stringify({ name: 'Taken Over Inc' }) })).json();
    const claimed = await t.mintToken(acme, { sub: 'takeover', customerIds: ['a', created.external_id], roles: { [created.external_id]: 'viewer' } });
    const body = await session(claimed, created.external_id);
    expect(body.active_customer.role).toBe('viewer');
    const row = await t.db.selectFrom('memberships').select(['role', 'source']).where('customer_id', '=', created.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'viewer', source: 'token' });
  });

  describe('/app tokens (portal issuer)', () => {
    let userId: string;

    beforeAll(async () => {
      userId = newId('usr');
      await t.db.insertInto('users').values({ id: userId, provider_id: acme.id, issuer: portalIssuer(acme.id), subject: userId, name: 'Portal Pat', email: 'pat@acme.test' }).execute();
      await t.db
        .insertInto('memberships')
        .values([
          { user_id: userId, customer_id: ids.a!, role: 'admin', source: 'portal' },
          { user_id: userId, customer_id: ids.b!, role: 'buyer', source: 'portal' },
        ])
        .execute();
    });

    const mint = async () => (await mintPortalToken(t.db, t.config.secretKey, t.clock, acme.id, userId)).token;

    it('lists the memberships the token was minted with', async () => {
      const body = await session(await mint());
      expect(body.user).toEqual({ id: userId, name: 'Portal Pat', email: 'pat@acme.test' });
      expect(body.customers.map((c: Summary) => [c.external_id, c.role])).toEqual([['a', 'admin'], ['b', 'buyer']]);
    });

    it('checks the rows on every request: a deleted membership loses access at once with the same token', async () => {
      const token = await mint();
      expect(externalIds(await session(token))).toEqual(['a', 'b']);
      await t.db.deleteFrom('memberships').where('user_id', '=', userId).where('customer_id', '=', ids.b!).execute();
      expect(externalIds(await session(token))).toEqual(['a']);
      const res = await t.request('/api/v1/wallet', { token, customer: 'b' });
      expect(res.status).toBe(404);
    });

    it('applies a demotion at once and grants nothing the token does not claim', async () => {
      const token = await mint();
      await t.db.updateTable('memberships').set({ role: 'viewer' }).where('user_id', '=', userId).where('customer_id', '=', ids.a!).execute();
      await t.db.insertInto('memberships').values({ user_id: userId, customer_id: ids.c!, role: 'admin', source: 'portal' }).execute();
      const body = await session(token);
      expect(body.customers.map((c: Summary) => [c.external_id, c.role])).toEqual([['a', 'viewer']]);
      expect((await t.request('/api/v1/session', { token, customer: 'c' })).status).toBe(404);
      expect((await t.request('/api/v1/customers', { token, method: 'POST', body: JSON.stringify({ name: 'Nope' }) })).status).toBe(403);
      // Nothing is written back from an /app token.
      const rows = await t.db.selectFrom('memberships').select(['customer_id', 'role', 'source']).where('user_id', '=', userId).orderBy('customer_id').execute();
      expect(rows.every((r) => r.source === 'portal')).toBe(true);
      expect(rows).toHaveLength(2);
    });

    it('refuses an /app token whose user no longer exists', async () => {
      const goneId = newId('usr');
      await t.db.insertInto('users').values({ id: goneId, provider_id: acme.id, issuer: portalIssuer(acme.id), subject: goneId }).execute();
      await t.db.insertInto('memberships').values({ user_id: goneId, customer_id: ids.a!, role: 'admin', source: 'portal' }).execute();
      const { token } = await mintPortalToken(t.db, t.config.secretKey, t.clock, acme.id, goneId);
      await t.db.deleteFrom('users').where('id', '=', goneId).execute();
      const res = await t.request('/api/v1/session', { token });
      expect(res.status).toBe(401);
    });
  });
});
