import type { EventBus, PortalEvent } from './events.js';

export interface RecentEvent {
  id: string;
  event: PortalEvent;
}

/**
 * The ring buffer a resumed stream replays from (D22): the last `capacity` events this process delivered, in
 * delivery order, which is the same on every process of one database.
 */
export class RecentEvents {
  private readonly ring: (RecentEvent | undefined)[];
  private next = 0;
  private size = 0;
  private readonly stop: (() => void)[];

  constructor(bus: EventBus, capacity = 2_000) {
    this.ring = new Array<RecentEvent | undefined>(capacity);
    this.stop = [bus.subscribe((event, id) => this.add({ id, event }))];
    // After a gap nothing older can be trusted to be complete: every resume becomes a resync.
    if (bus.onGap) this.stop.push(bus.onGap(() => this.clear()));
  }

  /** The events after `id`, oldest first; null when `id` is not (or no longer) in the buffer. */
  after(id: string): RecentEvent[] | null {
    const capacity = this.ring.length;
    for (let back = 1; back <= this.size; back++) {
      const index = (this.next - back + capacity) % capacity;
      if (this.ring[index]!.id !== id) continue;
      const found: RecentEvent[] = [];
      for (let i = back - 1; i >= 1; i--) found.push(this.ring[(this.next - i + capacity) % capacity]!);
      return found;
    }
    return null;
  }

  close(): void {
    for (const stop of this.stop) stop();
  }

  private add(entry: RecentEvent): void {
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.ring.length;
    this.size = Math.min(this.size + 1, this.ring.length);
  }

  private clear(): void {
    this.ring.fill(undefined);
    this.size = 0;
  }
}
