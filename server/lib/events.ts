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

type Listener = (event: PortalEvent) => void;

/**
 * In-process bus, published after commit. The marketplace work adds a Postgres LISTEN/NOTIFY implementation of the
 * same interface so several API processes stay in sync (D22).
 */
export interface EventBus {
  publish(event: PortalEvent): void;
  subscribe(listener: Listener): () => void;
}

export class InProcessEventBus implements EventBus {
  private readonly listeners = new Set<Listener>();

  publish(event: PortalEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing subscriber must not break the publisher or the other subscribers.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
