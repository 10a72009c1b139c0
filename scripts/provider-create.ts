/**
 * `npm run provider:create -- --name "Acme Leads" [--origin https://shop.example]... [--hostname portal.shop.example]...`
 * Creates a provider (with its portal key pair and issuer, D6) and prints its first API key — once (D10).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { createProvider, portalIssuer } from '../server/domain/providers.js';
import { hostnameProblem, originProblem, replaceHostnames, replaceOrigins } from '../server/domain/web-access.js';

const USAGE = [
  'Usage: npm run provider:create -- --name "Acme Leads" [--origin https://shop.example]... [--hostname portal.shop.example]...',
  '  Uses the same DATABASE_URL / DATA_DIR / LP_MODE as the server. With the embedded database (no DATABASE_URL),',
  '  stop the server first: one data directory must not be open in two processes.',
].join('\n');

/** A problem with the command line: reported with the usage line, after the database is closed. */
class UsageError extends Error {}

function parseOptions() {
  try {
    return parseArgs({
      options: { name: { type: 'string' }, origin: { type: 'string', multiple: true }, hostname: { type: 'string', multiple: true }, help: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function main() {
  const options = parseOptions();
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const name = options.name?.trim();
  if (!name) throw new UsageError('--name is required');
  if (name.length > 200) throw new UsageError('--name must be at most 200 characters');
  const config = loadConfig();
  const origins = [...new Set(options.origin ?? [])];
  const hostnames = [...new Set(options.hostname ?? [])];
  for (const origin of origins) {
    const problem = originProblem(origin, config.mode);
    if (problem) throw new UsageError(`--origin ${origin}: ${problem}`);
  }
  for (const hostname of hostnames) {
    const problem = hostnameProblem(hostname);
    if (problem) throw new UsageError(`--hostname ${hostname}: ${problem}`);
  }

  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pgdata') });
  try {
    await migrateToLatest(db);
    // Checked before creating anything, so a taken hostname leaves no half-made provider behind.
    const taken = hostnames.length ? await db.selectFrom('provider_hostnames').select('hostname').where('hostname', 'in', hostnames).execute() : [];
    if (taken.length) throw new UsageError(`--hostname ${taken.map((row) => row.hostname).join(', ')}: already used by another provider`);

    const { providerId, apiKey } = await createProvider(db, config.secretKey, { name });
    await db.transaction().execute(async (trx) => {
      await replaceOrigins(trx, providerId, origins);
      await replaceHostnames(trx, providerId, hostnames);
    });
    console.log(
      [
        `Created provider "${name}" (${config.mode} mode, ${config.databaseUrl ? 'PostgreSQL server' : `embedded PGlite in ${config.dataDir}`})`,
        `  Provider id      ${providerId}`,
        `  Portal issuer    ${portalIssuer(providerId)}   (tokens that /app mints; register your own with POST /provider/v1/signing-keys)`,
        `  Allowed origins  ${origins.join(', ') || 'none yet (PUT /provider/v1/origins)'}`,
        `  /app hostnames   ${hostnames.join(', ') || 'none yet (PUT /provider/v1/hostnames)'}`,
        '',
        `  API key          ${apiKey}`,
        '',
        'This API key is shown ONCE: only its SHA-256 is stored, so it cannot be shown again. Store it in your secret manager now.',
        'Send it as "Authorization: Bearer <key>" to /provider/v1/*; the reference is at /docs.',
      ].join('\n'),
    );
  } finally {
    await db.destroy();
  }
}

try {
  await main();
} catch (error) {
  if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
  console.error(`provider:create: ${error.message}${error instanceof UsageError ? `\n${USAGE}` : ''}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
