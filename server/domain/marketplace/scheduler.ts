import type { EventBus } from '../../lib/events.js';
import { RoundLoop } from '../../lib/round-loop.js';
import { expireDue, fillScope, type FillDeps } from './fill.js';

export interface SchedulerOptions {
  /** How often a round runs without a wake-up: price steps and expiries are seen within this (default 1 s). */
  pollMs?: number;
}

/**
 * The marketplace's one clock-driven worker (D19): each round expires what is due (listings, with their buy
 * orders' holds; standing orders) and fills every listing some order can take at price(t) — which covers new
 * listings and each price step. Time comes from the injected clock. Every API process runs one: rows are taken
 * with SKIP LOCKED and standing orders count their fills with a conditional update, so processes never double-fill.
 */
export class MarketplaceScheduler {
  private readonly rounds: RoundLoop;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: FillDeps & { events: EventBus }, options: SchedulerOptions = {}) {
    this.rounds = new RoundLoop(
      async () => {
        await this.runOnce();
        return false; // always the poll wait next: price steps and expiries come with time, not with leftover work
      },
      options.pollMs ?? 1_000,
      (error) => deps.logger.error({ err: error }, 'marketplace scheduler round failed'),
    );
  }

  /** One round; returns the sales it made. */
  async runOnce(): Promise<number> {
    await expireDue(this.deps);
    return fillScope(this.deps, {});
  }

  start(): void {
    if (this.rounds.running) return;
    // A new listing is matched at once rather than at the next poll.
    this.unsubscribe = this.deps.events.subscribe((event) => {
      if (event.type === 'marketplace.listed') this.rounds.wake();
    });
    this.rounds.start();
  }

  /** Finishes the round in progress, then stops. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.rounds.stop();
  }
}
