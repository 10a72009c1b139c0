import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';

const folder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Migrations named by timestamp (D27); unordered ones are allowed so parallel work can land in any order. */
const provider: MigrationProvider = {
  async getMigrations() {
    const files = (await readdir(folder)).filter((f) => /^\d{8}T\d{4}_[\w-]+\.ts$/.test(f)).sort();
    const entries = await Promise.all(
      files.map(async (f) => [f.replace(/\.ts$/, ''), (await import(pathToFileURL(join(folder, f)).href)) as Migration] as const),
    );
    return Object.fromEntries(entries);
  },
};

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error)?.message ?? error}`, { cause: error });
}
