/** Server events (D22). Widgets compute prices themselves, so payloads carry ids and state, not rendered text. */
export type EventType =
  | 'wallet.updated' | 'lead.purchased' | 'bid.updated' | 'limits.updated' | 'customer.updated' | 'badge.updated'
  | 'return.decided' | 'marketplace.listed' | 'marketplace.sold' | 'buy_order.updated';

export interface PortalEvent {
  type: EventType;
  providerId: string;
  /** Absent for provider-wide events such as a new listing. */
  customerId?: string;
  data: Record<string, unknown>;
}

/**
 * `id` is given by the publishing process and travels with the event, so every process knows an event by the same
 * id and a stream resumed on another process finds its `Last-Event-ID` (D22).
 */
export type EventListener = (event: PortalEvent, id: string) => void;

/**
 * Published after commit. In-process for PGlite; `PgEventBus` (LISTEN/NOTIFY) when several API processes share a
 * Postgres server, so each delivers every event (D22).
 */
export interface EventBus {
  publish(event: PortalEvent): void;
  subscribe(listener: EventListener): () => void;
  /** Buses that can miss events (a lost LISTEN connection) call `listener` when they may have. */
  onGap?(listener: () => void): () => void;
}

/** Ids unique across processes and restarts: a random prefix per bus, then a counter. */
export function eventIds(): () => string {
  const prefix = Math.random().toString(36).slice(2, 10);
  let sequence = 0;
  return () => `${prefix}.${(++sequence).toString(36)}`;
}

/** Calls every listener; a failing one breaks neither the publisher nor the others. */
export class Listeners {
  private readonly listeners = new Set<EventListener>();

  add(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  deliver(event: PortalEvent, id: string): void {
    for (const listener of this.listeners) {
      try {
        listener(event, id);
      } catch {
        // see the class comment
      }
    }
  }
}

export class InProcessEventBus implements EventBus {
  private readonly listeners = new Listeners();
  private readonly nextId = eventIds();

  publish(event: PortalEvent): void {
    this.listeners.deliver(event, this.nextId());
  }

  subscribe(listener: EventListener): () => void {
    return this.listeners.add(listener);
  }
}
