import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../lib/ids.js';
import { freshDatabase, targets, type TestDatabase } from '../test/databases.js';
import { migrateToLatest } from './migrate.js';

const migrationNames = readdirSync(fileURLToPath(new URL('./migrations', import.meta.url)))
  .filter((f) => /^\d{8}T\d{4}_[\w-]+\.ts$/.test(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

/** D27 migrations on both targets (PGlite is PostgreSQL 18, the CI server 15), and the schema's money checks. */
describe.each(targets)('migrations on %s', (target) => {
  let database: TestDatabase;
  let customerId: string;

  const applied = async () =>
    (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(database.db)).rows.map((r) => r.name);

  /** The error a statement fails with (null when it succeeds), run in a savepoint-free transaction of its own. */
  const failure = (statement: ReturnType<typeof sql>) =>
    database.db
      .transaction()
      .execute((trx) => statement.execute(trx))
      .then(() => null, (e: { code?: string; message: string }) => e);

  beforeAll(async () => {
    database = await freshDatabase(target); // migrated to latest
    const providerId = newId('prv');
    customerId = newId('cus');
    await database.db.insertInto('providers').values({ id: providerId, name: 'Acme Leads', branding: '{}', settings: '{}' }).execute();
    await database.db.insertInto('customers').values({ id: customerId, provider_id: providerId, external_id: 'c-1', name: 'Customer 1', timezone: 'America/Chicago' }).execute();
    await database.db.insertInto('wallets').values({ customer_id: customerId, provider_id: providerId, currency: 'USD', balance_cents: 1_000n, held_cents: 400n }).execute();
  });
  afterAll(() => database.close());

  it('applies every migration file', async () => {
    expect(migrationNames.length).toBeGreaterThan(0);
    expect(await applied()).toEqual(migrationNames);
    const tables = (await database.db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['providers', 'customers', 'wallets', 'ledger_entries', 'memberships', 'audit_log', 'idempotency_keys', 'sessions', 'invites', 'user_prefs', 'notification_outbox']));
  });

  it('is a no-op the second time', async () => {
    const before = await sql<{ name: string; timestamp: string }>`SELECT name, timestamp::text FROM kysely_migration ORDER BY name`.execute(database.db);
    await migrateToLatest(database.db);
    const after = await sql<{ name: string; timestamp: string }>`SELECT name, timestamp::text FROM kysely_migration ORDER BY name`.execute(database.db);
    expect(after.rows).toEqual(before.rows);
    const wallet = await database.db.selectFrom('wallets').select(['balance_cents', 'held_cents']).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    expect(wallet).toEqual({ balance_cents: '1000', held_cents: '400' });
  });

  it('refuses a wallet whose available would go negative, or a negative hold', async () => {
    for (const statement of [
      sql`UPDATE wallets SET balance_cents = -1 WHERE customer_id = ${customerId}`,
      sql`UPDATE wallets SET balance_cents = 399 WHERE customer_id = ${customerId}`,
      sql`UPDATE wallets SET held_cents = 1001 WHERE customer_id = ${customerId}`,
      sql`UPDATE wallets SET held_cents = -1 WHERE customer_id = ${customerId}`,
    ]) {
      expect((await failure(statement))?.code, statement.compile(database.db).sql).toBe('23514'); // check_violation
    }
    expect(await failure(sql`UPDATE wallets SET balance_cents = 400 WHERE customer_id = ${customerId}`)).toBeNull(); // available exactly 0
    const wallet = await database.db.selectFrom('wallets').select(['balance_cents', 'held_cents']).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    expect(wallet).toEqual({ balance_cents: '400', held_cents: '400' });
  });

  it('refuses a ledger row that leaves available or held negative', async () => {
    const row = (balanceAfter: number, heldAfter: number) =>
      sql`INSERT INTO ledger_entries (public_id, provider_id, customer_id, kind, amount_cents, balance_after_cents, held_after_cents, description)
          SELECT ${newId('txn')}, provider_id, customer_id, 'funds_added', 0, ${balanceAfter}, ${heldAfter}, 'check' FROM wallets WHERE customer_id = ${customerId}`;
    expect((await failure(row(100, 101)))?.code).toBe('23514');
    expect((await failure(row(100, -1)))?.code).toBe('23514');
    expect(await failure(row(100, 100))).toBeNull();
  });

  it('refuses an unknown customer status or ledger kind', async () => {
    expect((await failure(sql`UPDATE customers SET status = 'deleted' WHERE id = ${customerId}`))?.code).toBe('23514');
    expect((await failure(sql`UPDATE customers SET status = 'inactive' WHERE id = ${customerId}`))?.code).toBe('23514'); // a display status, never stored (D16)
    expect(await failure(sql`UPDATE customers SET status = 'paused' WHERE id = ${customerId}`)).toBeNull();
    expect(
      (await failure(sql`INSERT INTO ledger_entries (public_id, provider_id, customer_id, kind, amount_cents, balance_after_cents, held_after_cents, description)
        SELECT ${newId('txn')}, provider_id, customer_id, 'gift', 0, 0, 0, 'x' FROM wallets WHERE customer_id = ${customerId}`))?.code,
    ).toBe('23514');
  });
});
