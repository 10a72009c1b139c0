import { sql } from 'kysely';
import { createTestContext } from '../server/test/harness.js';
import type { Target } from '../server/test/databases.js';
import { timeIt } from './timing.js';

const ROUNDS = 300;

/**
 * The top bar's reads through the real app (token verify, membership read, wallet + funding queries), sequential,
 * next to the same database's `SELECT 1` round trip measured in the same run.
 */
export async function topBarReport(target: Target): Promise<string[]> {
  const t = await createTestContext(target);
  try {
    const provider = await t.addProvider('Bench Leads');
    await t.addCustomer(provider, 'bench-1', { balanceCents: 100_000n });
    const token = await t.mintToken(provider, { customerIds: ['bench-1'], lifetimeSeconds: 3600 });
    const baseline = await timeIt(() => sql`SELECT 1`.execute(t.db), ROUNDS);
    const lines = [`top bar API on ${target} (${ROUNDS} sequential requests; baseline SELECT 1: p50 ${baseline.p50.toFixed(2)} ms)`];
    for (const path of ['/api/v1/wallet', '/api/v1/badge', '/api/v1/session']) {
      const r = await timeIt(async () => {
        const res = await t.request(path, { token });
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        await res.arrayBuffer();
      }, ROUNDS);
      lines.push(`  ${path.padEnd(18)} p50 ${r.p50.toFixed(2)} ms  p95 ${r.p95.toFixed(2)} ms  ${r.perSecond.toFixed(0)}/s  ×${(r.p50 / baseline.p50).toFixed(1)} of SELECT 1`);
    }
    return lines;
  } finally {
    await t.close();
  }
}
