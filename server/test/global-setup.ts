import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { kyselyOver, pgliteOptions } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

/**
 * Migrates once per run instead of once per test file: a PGlite data dir every worker loads, and (with
 * DATABASE_URL) a template database each test database is copied from. Workers find both through env vars.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-vitest-'));
  const pglite = await PGlite.create('memory://', pgliteOptions);
  await migrateToLatest(kyselyOver(pglite));
  const file = join(dir, 'pglite-template.tar');
  writeFileSync(file, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
  await pglite.close();
  process.env.LP_TEST_PGLITE_TEMPLATE = file;

  const serverUrl = process.env.DATABASE_URL;
  let admin: Kysely<unknown> | undefined;
  let templateName: string | undefined;
  if (serverUrl) {
    templateName = `lp_template_${randomBytes(6).toString('hex')}`;
    admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: serverUrl, max: 1 }) }) });
    await sql.raw(`CREATE DATABASE ${templateName}`).execute(admin);
    const url = new URL(serverUrl);
    url.pathname = `/${templateName}`;
    const template = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }) });
    await migrateToLatest(template);
    await template.destroy(); // a template must have no open connection while it is copied
    process.env.LP_TEST_PG_TEMPLATE = templateName;
  }

  return async () => {
    if (admin && templateName) {
      await sql.raw(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`).execute(admin);
      await admin.destroy();
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
