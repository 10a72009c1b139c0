import { PGlite, types, type PGliteOptions } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/** int8 and numeric stay strings on both drivers (pg's default), so money never passes through a float. */
const keepAsString = (value: string) => value;
export const pgliteOptions: PGliteOptions = { parsers: { [types.INT8]: keepAsString, [types.NUMERIC]: keepAsString } };

/** A real server through pg when a URL is given, else embedded PGlite persisted in `dataDir` (or memory). */
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle client whose connection the server closed: the pool drops it and opens another on demand.
    pool.on('error', () => {});
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  return kyselyOver(await PGlite.create(options.dataDir ?? 'memory://', pgliteOptions));
}

export const kyselyOver = (pglite: PGlite): Db => new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
