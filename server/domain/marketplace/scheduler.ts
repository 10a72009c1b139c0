import type { EventBus } from '../../lib/events.js';
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
  private stopped = true;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: FillDeps & { events: EventBus }, private readonly options: SchedulerOptions = {}) {}

  /** One round; returns the sales it made. */
  async runOnce(): Promise<number> {
    await expireDue(this.deps);
    return fillScope(this.deps, {});
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    // A new listing is matched at once rather than at the next poll.
    this.unsubscribe = this.deps.events.subscribe((event) => {
      if (event.type === 'marketplace.listed') this.wake?.();
    });
    this.loop = (async () => {
      while (!this.stopped) {
        try {
          await this.runOnce();
        } catch (error) {
          this.deps.logger.error({ err: error }, 'marketplace scheduler round failed');
        }
        if (this.stopped) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.pollMs ?? 1_000);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    })();
  }

  /** Finishes the round in progress, then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }
}
