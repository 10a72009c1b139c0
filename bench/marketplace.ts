import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createApp } from '../server/app.js';
import type { Deps } from '../server/deps.js';
import type { EventBus } from '../server/lib/events.js';
import { PgEventBus } from '../server/lib/pg-event-bus.js';
import type { Target } from '../server/test/databases.js';
import { addLeadType, setProviderSettings } from '../server/test/fixtures.js';
import { createTestContext } from '../server/test/harness.js';
import { addListing } from '../server/test/marketplace-fixtures.js';
import { baseline, drive, fmt, type Run } from './auction.js';

/**
 * Issue 5: (1) time from a provider's `POST /provider/v1/listings` to its `marketplace.listed` event arriving at
 * each of 1,000 connected SSE clients (p50/p99 over every client and listing), next to the same fan-out of an event
 * published straight on the bus (no HTTP, no database); on the server the bus is Postgres LISTEN/NOTIFY, as in
 * production. (2) Buy-now purchases/s over HTTP with 8 clients, next to single-row UPDATE transactions/s.
 */
const CLIENTS = 1_000;
const LISTINGS = 20;
const BUYERS = 8;

/** Arrival times of events at every client, by listing id (or the baseline's ping id). */
class Arrivals {
  private readonly seen = new Map<string, number[]>();
  private readonly waiters = new Map<string, () => void>();

  record(id: string, at: number): void {
    const times = this.seen.get(id) ?? [];
    times.push(at);
    this.seen.set(id, times);
    if (times.length === CLIENTS) this.waiters.get(id)?.();
  }

  /** Resolves with the arrival times once every client has the event. */
  all(id: string, timeoutMs = 30_000): Promise<number[]> {
    if (this.seen.get(id)?.length === CLIENTS) return Promise.resolve(this.seen.get(id)!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${id}: ${this.seen.get(id)?.length ?? 0} of ${CLIENTS} clients within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(id, () => {
        clearTimeout(timer);
        resolve(this.seen.get(id)!);
      });
    });
  }
}

/** One SSE client: records when each `marketplace.listed` event's listing id arrives. */
async function connect(url: string, token: string, arrivals: Arrivals, abort: AbortSignal): Promise<void> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: abort });
  if (res.status !== 200) throw new Error(`event stream: ${res.status}`);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  void (async () => {
    let buffer = '';
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      const now = performance.now();
      buffer += chunk.value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.includes('event: ready')) ready();
        if (!block.includes('event: marketplace.listed')) continue;
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (data) arrivals.record((JSON.parse(data.slice(6)) as { id: string }).id, now);
      }
    }
  })();
  await isReady;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function marketplaceReport(target: Target): Promise<string[]> {
  const t = await createTestContext(target);
  // On the server, events go through LISTEN/NOTIFY as they do in production (main.ts); PGlite stays in process.
  const events: EventBus = target === 'postgres' ? await PgEventBus.connect(t.url!, pino({ level: 'silent' })) : t.deps.events;
  const deps: Deps = { ...t.deps, events };
  const built = target === 'postgres' ? createApp(deps) : t.built;
  const server = serve({ fetch: built.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const abort = new AbortController();
  try {
    const provider = await t.addProvider('Bench Leads');
    const leadTypeId = await addLeadType(t.db, provider.id, { name: 'Bench roofing' });
    await setProviderSettings(t.db, provider.id, { marketplace_enabled: true });
    const viewer = await t.addCustomer(provider, 'watcher');
    const token = await t.mintToken(provider, { sub: 'watcher', customerIds: [viewer.externalId] });

    const arrivals = new Arrivals();
    const connecting = performance.now();
    for (let i = 0; i < CLIENTS; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, CLIENTS - i) }, () => connect(`${base}/api/v1/events`, token, arrivals, abort.signal)));
    }
    const connected = ((performance.now() - connecting) / 1000).toFixed(1);

    // Unsold leads to list: inserted the way the auction leaves them, then listed one at a time over HTTP.
    const leadIds: string[] = [];
    for (let i = 0; i < LISTINGS + 3; i++) {
      const listing = await addListing(t, provider.id, leadTypeId);
      await t.db.updateTable('marketplace_listings').set({ status: 'withdrawn' }).where('id', '=', listing.id).execute();
      await t.db.updateTable('leads').set({ status: 'unsold' }).where('id', '=', listing.leadId).execute();
      leadIds.push(listing.leadId);
    }
    const listed: number[] = [];
    const posts: number[] = [];
    for (const [n, leadId] of leadIds.entries()) {
      const t0 = performance.now();
      const res = await fetch(`${base}/provider/v1/listings`, { method: 'POST', headers: { Authorization: `Bearer ${provider.apiKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ lead_id: leadId }) });
      if (res.status !== 201) throw new Error(`listing: ${res.status} ${await res.text()}`);
      const posted = performance.now() - t0;
      const times = await arrivals.all(((await res.json()) as { id: string }).id);
      if (n < 3) continue; // warm-up
      posts.push(posted);
      listed.push(...times.map((at) => at - t0));
    }
    // Baseline: the same fan-out with nothing before it — an event of the same shape published straight on the bus.
    const sample = (await (await fetch(`${base}/api/v1/marketplace/listings?limit=1`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { items: Record<string, unknown>[] };
    const direct: number[] = [];
    for (let n = 0; n < LISTINGS + 3; n++) {
      const id = `ping-${n}`;
      const t0 = performance.now();
      events.publish({ type: 'marketplace.listed', providerId: provider.id, data: { ...sample.items[0], id } });
      const times = await arrivals.all(id);
      if (n >= 3) direct.push(...times.map((at) => at - t0));
    }
    abort.abort();
    listed.sort((a, b) => a - b);
    direct.sort((a, b) => a - b);
    posts.sort((a, b) => a - b);

    // Buy now: each client buys its own listings (no contention but the database's), 8 at a time.
    const count = target === 'postgres' ? 2_000 : 400;
    const listings: string[] = [];
    for (let i = 0; i < count + 40; i++) listings.push((await addListing(t, provider.id, leadTypeId, { firstPriceCents: 1_000n, floorCents: 500n })).id);
    const buyers: { id: string; externalId: string; token: string }[] = [];
    for (let i = 0; i < BUYERS; i++) {
      const c = await t.addCustomer(provider, `buyer-${i}`, { balanceCents: 100_000_000n });
      buyers.push({ ...c, token: await t.mintToken(provider, { sub: `buyer-${i}`, customerIds: [c.externalId] }) });
    }
    let offset = 0;
    const buy = async (n: number) => {
      const buyer = buyers[n % BUYERS]!;
      const res = await fetch(`${base}/api/v1/marketplace/listings/${listings[offset + n]}/buy`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${buyer.token}`, 'X-Customer-Id': buyer.externalId, 'Idempotency-Key': `bench-${offset + n}` },
      });
      if (res.status !== 201) throw new Error(`buy ${n}: ${res.status} ${await res.text()}`);
    };
    await drive(40, BUYERS, buy); // warm-up
    offset = 40;
    const bought: Run = await drive(count, BUYERS, buy);
    const base8 = await baseline(t.db, 2_000, BUYERS);

    const ms = (v: number) => `${v.toFixed(1)} ms`;
    return [
      `marketplace on ${target}${target === 'postgres' ? ' (events over LISTEN/NOTIFY)' : ''}: ${CLIENTS} SSE clients connected in ${connected} s; ${LISTINGS} listings`,
      `  listing POST → marketplace.listed at every client   p50 ${ms(percentile(listed, 0.5))}  p99 ${ms(percentile(listed, 0.99))}  (POST reply p50 ${ms(percentile(posts, 0.5))})`,
      `  baseline: bus publish → every client                p50 ${ms(percentile(direct, 0.5))}  p99 ${ms(percentile(direct, 0.99))}`,
      `  buy now, ${BUYERS} clients      ${fmt(bought)}   ×${(bought.perSecond / base8.perSecond).toFixed(2)} of baseline`,
      `  baseline UPDATE tx, ${BUYERS}   ${fmt(base8)}`,
    ];
  } finally {
    abort.abort();
    server.close();
    if (events instanceof PgEventBus) await events.close();
    await t.close();
  }
}
