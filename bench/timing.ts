import { performance } from 'node:perf_hooks';

export interface Timing {
  p50: number;
  p95: number;
  perSecond: number;
  /** This process's CPU time per call: its own cost, whatever else the machine runs. */
  cpuMs: number;
}

/** Sequential calls after a warm-up (JIT, key cache, token reconcile); percentiles in milliseconds. */
export async function timeIt(fn: (round: number) => Promise<unknown>, rounds = 300, warmUp = 20): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await fn(i);
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await fn(warmUp + i);
    samples.push(performance.now() - t0);
  }
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(rounds * 0.5)]!, p95: samples[Math.floor(rounds * 0.95)]!, perSecond: (rounds / elapsed) * 1000, cpuMs: (used.user + used.system) / 1000 / rounds };
}
