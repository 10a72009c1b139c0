import { PGlite, types } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/** int8 and numeric stay strings on both drivers (pg's default), so money never passes through a float. */
const keepAsString = (value: string) => value;

/** A real server through pg when a URL is given, else embedded PGlite persisted in `dataDir` (or memory). */
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const pglite = await PGlite.create(options.dataDir ?? 'memory://', {
    parsers: { [types.INT8]: keepAsString, [types.NUMERIC]: keepAsString },
  });
  return new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
}
