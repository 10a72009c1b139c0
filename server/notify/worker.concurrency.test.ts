import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/schema.js';
import { serverAvailable } from '../test/databases.js';
import { createTestContext, type TestContext } from '../test/harness.js';
import { drain, newWorker, NOTIFY_LEAD, notifyWorld } from '../test/notify-fixtures.js';
import { WebhookReceiver } from '../test/notify-receivers.js';
import { LEASE_MS, NotificationWorker } from './worker.js';

const workerScript = fileURLToPath(new URL('../test/notify-worker-process.ts', import.meta.url));

/** Several processes on one PostgreSQL server (PGlite is one connection in one process, so these need the server). */
describe.runIf(serverAvailable())('notification workers on the PostgreSQL server', () => {
  let t: TestContext;
  let hook: WebhookReceiver;
  let world: Awaited<ReturnType<typeof notifyWorld>>;

  beforeEach(async () => {
    t = await createTestContext('postgres', { mode: 'demo' });
    hook = await new WebhookReceiver(() => Math.floor(t.clock.now().getTime() / 1000)).start();
    world = await notifyWorld(t);
    const res = await world.api('/notifications/recipients', { method: 'POST', body: { name: 'CRM', channel: 'webhook', address: `${hook.url}/leads` } });
    hook.secrets.push(res.body.signing_secret);
  });
  afterEach(async () => {
    await hook.stop();
    await t.close();
  });

  const buyLeads = async (n: number) => {
    for (let i = 0; i < n; i++) await world.buyLead({ ...NOTIFY_LEAD, email: `lead${i}@example.com` });
  };
  const deliveries = () => t.db.selectFrom('notification_deliveries').selectAll().orderBy('id').execute();

  it('4 workers with their own connection pools share 120 deliveries: each sent exactly once', async () => {
    await buyLeads(120);
    const pools = Array.from({ length: 4 }, () => new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: t.url, max: 3 }) }) }));
    try {
      const workers = pools.map((db) => new NotificationWorker({ db, config: t.config, clock: t.clock, logger: pino({ level: 'silent' }) }, { batchSize: 5, parallel: 3 }));
      const counts = await Promise.all(workers.map((w) => drain(w)));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(120);
      expect(counts.filter((n) => n > 0).length).toBeGreaterThan(1);
    } finally {
      await Promise.all(pools.map((db) => db.destroy()));
    }
    const rows = await deliveries();
    expect(rows).toHaveLength(120);
    expect(rows.every((d) => d.status === 'sent' && d.attempts === 1)).toBe(true);
    expect(hook.requests).toHaveLength(120);
    expect(hook.duplicates()).toEqual([]);
    expect(hook.requests.every((r) => r.verified)).toBe(true);
  });

  it('a worker process killed with SIGKILL mid-batch: after a restart every delivery arrives, twice only if it was in flight', async () => {
    await buyLeads(30);
    hook.holdFirst = 5;
    const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
      env: { ...process.env, LP_WORKER_DATABASE_URL: t.url, LP_WORKER_SECRET_KEY: t.config.secretKey.toString('hex'), LP_WORKER_NOW: t.clock.now().toISOString() },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await once(child.stdout!, 'data'); // "started"
      await hook.waitFor(5, 30_000); // five sends hang at the receiver: the batch is mid-flight
      child.kill('SIGKILL');
      await once(child, 'exit');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const atDeath = await deliveries();
    const inFlight = atDeath.filter((d) => d.status === 'sending').map((d) => d.public_id);
    expect(inFlight).toHaveLength(10);
    expect(atDeath.filter((d) => d.status === 'sent')).toHaveLength(0);

    const restarted = newWorker(t, { batchSize: 10, parallel: 4 });
    await drain(restarted); // the 20 never claimed
    t.clock.advance(LEASE_MS); // the dead process's leases run out
    await drain(restarted);

    const rows = await deliveries();
    expect(rows.every((d) => d.status === 'sent')).toBe(true);
    expect(hook.uniqueIds()).toEqual(new Set(rows.map((d) => d.public_id)));
    expect(hook.duplicates()).toHaveLength(5); // the five that reached the receiver before the kill
    expect(hook.duplicates().every((id) => inFlight.includes(id))).toBe(true);
  });
});
