import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';

export type Outcome = 'won' | 'outbid' | 'capped' | 'wallet' | 'filters' | 'schedule' | 'paused';

const FLUSH_INTERVAL_MS = 1_000;

/**
 * Per-bid outcome counters (D17): summed in memory per (bid, customer-local day, outcome) and written at least
 * every second in one upsert sorted by key — outside the money transactions, and in a fixed order so two
 * processes flushing at once cannot deadlock.
 */
export class OutcomeRecorder {
  private pending = new Map<string, bigint>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  record(bidId: string, day: string, outcome: Outcome): void {
    const key = `${bidId}\u0000${day}\u0000${outcome}`;
    this.pending.set(key, (this.pending.get(key) ?? 0n) + 1n);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error) => this.logger.error({ err: error }, 'outcome counters flush failed'));
    }, FLUSH_INTERVAL_MS).unref();
  }

  /** Writes everything counted so far; concurrent calls queue so counts are never written twice or lost. */
  flush(): Promise<void> {
    this.flushing = this.flushing.catch(() => {}).then(() => this.write());
    return this.flushing;
  }

  /** On shutdown: stop the timer and write what is left. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const rows = [...batch.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, count]) => {
        const [bid_id, day, reason] = key.split('\u0000') as [string, string, Outcome];
        return { bid_id, day, reason, count };
      });
    try {
      await this.db
        .insertInto('bid_outcome_counters')
        .values(rows)
        .onConflict((oc) => oc.columns(['bid_id', 'day', 'reason']).doUpdateSet({ count: sql`bid_outcome_counters.count + excluded.count` }))
        .execute();
    } catch (error) {
      // Put the counts back so the next flush retries them.
      for (const [key, count] of batch) this.pending.set(key, (this.pending.get(key) ?? 0n) + count);
      throw error;
    }
  }
}
