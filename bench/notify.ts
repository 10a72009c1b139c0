import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Target } from '../server/test/databases.js';
import { createTestContext } from '../server/test/harness.js';
import { drain, newWorker, NOTIFY_LEAD, notifyWorld } from '../server/test/notify-fixtures.js';
import { WebhookReceiver } from '../server/test/notify-receivers.js';

const LEADS = 100;
const RECIPIENTS = 10;
const DELIVERIES = LEADS * RECIPIENTS;

/**
 * Webhook deliveries per second through the real worker (claim, load, render, sign, POST, record) with 1, 4 and 16
 * workers, each sending one at a time, to a local receiver; next to raw keep-alive POSTs/s of a same-sized body to
 * the same receiver at the same concurrency, measured in the same run.
 */
export async function notifyReport(target: Target): Promise<string[]> {
  const t = await createTestContext(target, { mode: 'demo' });
  const hook = await new WebhookReceiver().start();
  try {
    const world = await notifyWorld(t, 'Bench Leads');
    for (let i = 0; i < RECIPIENTS; i++) {
      const res = await world.api('/notifications/recipients', { method: 'POST', body: { name: `Hook ${i}`, channel: 'webhook', address: `${hook.url}/hook/${i}` } });
      if (res.status !== 201) throw new Error(`recipient: ${JSON.stringify(res.body)}`);
    }
    for (let i = 0; i < LEADS; i++) await world.buyLead({ ...NOTIFY_LEAD, email: `bench${i}@example.com` });
    while ((await newWorker(t).expand()) > 0);
    const sample = await drainOnce(t, hook, 1); // warm-up, and a real body for the baseline
    const lines = [`notification webhooks on ${target} (${DELIVERIES} deliveries per run, local receiver)`];
    for (const workers of [1, 4, 16]) {
      const baseline = await rawPosts(`${hook.url}/hook/0`, sample, workers);
      const perSecond = DELIVERIES / ((await timed(() => drainOnce(t, hook, workers))) / 1000);
      lines.push(`  ${String(workers).padStart(2)} worker(s): ${perSecond.toFixed(0).padStart(5)} deliveries/s   baseline raw POSTs: ${baseline.toFixed(0).padStart(5)}/s   ${((perSecond / baseline) * 100).toFixed(0)}% of baseline`);
    }
    return lines;
  } finally {
    await hook.stop();
    await t.close();
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Puts every delivery back to pending and sends them all with `workers` concurrent workers; returns one body sent. */
async function drainOnce(t: Awaited<ReturnType<typeof createTestContext>>, hook: WebhookReceiver, workers: number): Promise<string> {
  await t.db.updateTable('notification_deliveries').set({ status: 'pending', attempts: 0, next_attempt_at: t.clock.now() }).execute();
  hook.requests.length = 0;
  const pool = Array.from({ length: workers }, () => newWorker(t, { batchSize: 10, parallel: 1 }));
  await Promise.all(pool.map((w) => drain(w)));
  await Promise.all(pool.map((w) => w.stop()));
  const sent = await t.db.selectFrom('notification_deliveries').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'sent').executeTakeFirstOrThrow();
  if (Number(sent.n) !== DELIVERIES || hook.uniqueIds().size !== DELIVERIES) throw new Error(`sent ${sent.n}, received ${hook.uniqueIds().size} of ${DELIVERIES}`);
  return hook.requests[0]!.body;
}

async function rawPosts(url: string, body: string, concurrency: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  let left = DELIVERIES;
  const ms = await timed(() => Promise.all(Array.from({ length: concurrency }, async () => { while (left-- > 0) await post(); })));
  agent.destroy();
  return DELIVERIES / (ms / 1000);
}
