import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { kyselyOver, pgliteOptions, type Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

export type Target = 'pglite' | 'postgres';

/**
 * D25: every server test runs on PGlite and, when DATABASE_URL is set, on the server too, in one run.
 * With CI=true and no DATABASE_URL, `requireServer` tests fail instead of skipping (D24).
 */
export const targets: Target[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

let template: Promise<Blob> | undefined;

/**
 * A migrated PGlite data dir loaded per test (much faster than initdb + migrate): the one global-setup.ts built
 * for this run, else (benches, scripts) built once per process.
 */
function pgliteTemplate(): Promise<Blob> {
  const prebuilt = process.env.LP_TEST_PGLITE_TEMPLATE;
  template ??= prebuilt ? Promise.resolve(new Blob([readFileSync(prebuilt)])) : (async () => {
    const pglite = await PGlite.create('memory://', pgliteOptions);
    await migrateToLatest(kyselyOver(pglite));
    const dump = await pglite.dumpDataDir('none');
    await pglite.close();
    return dump;
  })();
  return template;
}

export interface TestDatabase {
  db: Db;
  target: Target;
  /** Connection string of this test's own database (postgres only), for a second process or pool. */
  url?: string;
  close(): Promise<void>;
}

/** A fresh, migrated database: a PGlite copy, or a new database on the server that is dropped afterwards. */
export async function freshDatabase(target: Target): Promise<TestDatabase> {
  if (target === 'pglite') {
    const pglite = await PGlite.create({ ...pgliteOptions, loadDataDir: await pgliteTemplate() });
    const db = kyselyOver(pglite);
    return { db, target, close: () => db.destroy() };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set');
  const name = `lp_test_${randomBytes(6).toString('hex')}`;
  const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: quietPool(serverUrl, 1) }) });
  const template = process.env.LP_TEST_PG_TEMPLATE;
  await sql.raw(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`).execute(admin);
  const url = withDatabase(serverUrl, name);
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: quietPool(url, 20) }) }) as Db;
  if (!template) await migrateToLatest(db);
  return {
    db,
    target,
    url,
    async close() {
      await db.destroy();
      await sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).execute(admin);
      await admin.destroy();
    },
  };
}

/**
 * pool.end() resolves before its idle clients' sockets have closed; `DROP DATABASE … WITH (FORCE)` then terminates
 * those backends, and the FATAL 57P01 reaches the pool as an 'error' event. Without a listener that event is an
 * unhandled error that fails the whole vitest run, so the test pools ignore errors of idle clients (as database.ts does).
 */
function quietPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', () => {});
  return pool;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * For tests that only mean something on a real server (concurrency, locks). Returns whether to run; without a server
 * it marks the test skipped — and with CI=true it throws, because a skipped money-safety test must not pass CI (D24).
 */
export function serverAvailable(): boolean {
  if (process.env.DATABASE_URL) return true;
  if (process.env.CI === 'true') throw new Error('CI=true but DATABASE_URL is not set: database-server tests cannot be skipped in CI');
  return false;
}
