import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.js';
import { openDatabase, type Db } from '../server/db/database.js';
import { ManualClock } from '../server/lib/clock.js';
import { InProcessEventBus } from '../server/lib/events.js';
import { targets } from '../server/test/databases.js';
import { createTestContext, TEST_NOW, testConfig, type TestContext } from '../server/test/harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs the real command, as `npm run provider:create -- …` would, with only the environment given. */
async function providerCreate(args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/provider-create.ts', ...args], {
      cwd: root,
      env: { ...inherited, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A first open of an embedded data directory runs initdb: seconds on a quiet machine, much more on a busy one. */
const SLOW = 120_000;

const field = (stdout: string, label: string) => stdout.match(new RegExp(`${label}\\s+(\\S+)`))?.[1];

describe.each(targets)('npm run provider:create on %s', (target) => {
  let dataDir: string;
  let t: TestContext | undefined;
  /** Where the command writes: a fresh server database, or a fresh embedded one in DATA_DIR. */
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lp-provider-create-'));
    env = { LP_MODE: 'demo', DATA_DIR: dataDir };
    if (target === 'postgres') {
      t = await createTestContext(target);
      env.DATABASE_URL = t.url!;
    }
  });
  /** The database the command wrote to; the embedded one is opened only once the command has exited. */
  async function withDatabase(use: (db: Db) => Promise<void>) {
    if (t) return use(t.db);
    const db = await openDatabase({ dataDir: join(dataDir, 'pgdata') });
    try {
      await use(db);
    } finally {
      await db.destroy();
    }
  }

  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to run without --name, with a usage line', async () => {
    const result = await providerCreate([], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--name is required');
    expect(result.stderr).toMatch(/^Usage: npm run provider:create -- --name/m);
  });

  it('refuses a bad origin before creating anything', async () => {
    const result = await providerCreate(['--name', 'Nope', '--origin', 'https://shop.example/path'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--origin https://shop.example/path');
  });

  it('creates the provider and prints its id, portal issuer and API key once; the key works on /provider/v1', async () => {
    const result = await providerCreate(['--name', 'Acme Leads', '--origin', 'https://shop.acme.test', '--origin', 'http://localhost:5173', '--hostname', 'portal.acme.test'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const providerId = field(result.stdout, 'Provider id');
    const apiKey = field(result.stdout, 'API key');
    expect(providerId).toMatch(/^prv_/);
    expect(field(result.stdout, 'Portal issuer')).toBe(`urn:lead-portal:app:${providerId}`);
    expect(apiKey).toMatch(/^lpk_[0-9a-f]{12}_/);
    expect(result.stdout).toMatch(/shown ONCE/);

    await withDatabase(async (db) => {
      const { app } = createApp({ db, config: testConfig({ mode: 'demo' }), clock: new ManualClock(TEST_NOW), events: new InProcessEventBus(), logger: pino({ level: 'silent' }) });
      const get = async (path: string) => (await app.request(`/provider/v1${path}`, { headers: { Authorization: `Bearer ${apiKey}` } })).json();
      expect(await get('/settings')).toMatchObject({ name: 'Acme Leads', currency: 'USD' });
      expect(await get('/origins')).toEqual({ origins: ['http://localhost:5173', 'https://shop.acme.test'] });
      expect(await get('/hostnames')).toEqual({ hostnames: ['portal.acme.test'] });
      const issuers = await db.selectFrom('provider_issuers').select(['issuer', 'kind']).where('provider_id', '=', providerId!).execute();
      expect(issuers).toEqual([{ issuer: `urn:lead-portal:app:${providerId}`, kind: 'portal' }]);
    });
  }, SLOW);

  it('refuses a hostname another provider already uses, creating nothing', async () => {
    const result = await providerCreate(['--name', 'Copycat', '--hostname', 'portal.acme.test'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already used by another provider');
    expect(result.stdout).toBe('');
    await withDatabase(async (db) => expect(await db.selectFrom('providers').select('id').where('name', '=', 'Copycat').execute()).toEqual([]));
  }, SLOW);
});
