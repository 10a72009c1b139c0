import type { Logger } from 'pino';
import pg from 'pg';
import { eventIds, Listeners, type EventBus, type EventListener, type PortalEvent } from './events.js';

export const EVENTS_CHANNEL = 'lp_events';
/** Postgres refuses NOTIFY payloads of 8000 bytes or more; events carry ids and state, far below that. */
const MAX_PAYLOAD_BYTES = 7_900;
const MAX_RECONNECT_DELAY_MS = 30_000;

interface Wire extends PortalEvent {
  id: string;
}

/**
 * The event bus for API processes sharing a Postgres server (D22): `publish` sends NOTIFY, and every process —
 * this one included — delivers what its LISTEN connection receives, so all see the same events in the same order.
 * Events published while the LISTEN connection is down are lost for this process; listeners of `onGap` hear about
 * it when it is back (the event stream then asks its clients to resync).
 */
export class PgEventBus implements EventBus {
  private readonly listeners = new Listeners();
  private readonly gapListeners = new Set<() => void>();
  private readonly nextId = eventIds();
  private readonly publisher: pg.Pool;
  private listener: pg.Client | null = null;
  private queue: string[] = [];
  private flushing: Promise<void> | null = null;
  private reconnectDelayMs = 500;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    private readonly connectionString: string,
    private readonly logger: Pick<Logger, 'warn' | 'error'>,
  ) {
    this.publisher = new pg.Pool({ connectionString, max: 1 });
    this.publisher.on('error', () => {}); // an idle connection the server closed; the pool opens another
  }

  /** Resolves once this process listens, so nothing it publishes from then on is missed by its own streams. */
  static async connect(connectionString: string, logger: Pick<Logger, 'warn' | 'error'>): Promise<PgEventBus> {
    const bus = new PgEventBus(connectionString, logger);
    await bus.listen();
    return bus;
  }

  publish(event: PortalEvent): void {
    const payload = JSON.stringify({ id: this.nextId(), ...event } satisfies Wire);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      this.logger.error({ type: event.type, bytes: Buffer.byteLength(payload) }, 'event too large for NOTIFY; not published');
      return;
    }
    this.queue.push(payload);
    this.flushing ??= this.flush();
  }

  subscribe(listener: EventListener): () => void {
    return this.listeners.add(listener);
  }

  /** `listener` runs after a reconnect of the LISTEN connection, when events may have been missed. */
  onGap(listener: () => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
  }

  /** Waits for queued NOTIFYs, then closes both connections. */
  async close(): Promise<void> {
    await this.flushing;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await Promise.allSettled([this.listener?.end(), this.publisher.end()]);
  }

  /** One statement per batch, in publish order: NOTIFYs of one transaction are delivered in the order sent. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.publisher.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) WITH ORDINALITY AS t(payload, n) ORDER BY n', [EVENTS_CHANNEL, batch]);
      } catch (error) {
        this.logger.error({ err: error, events: batch.length }, 'events could not be published');
      }
    }
    this.flushing = null;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
      const { id, ...event } = JSON.parse(message.payload) as Wire;
      this.listeners.deliver(event, id);
    });
    const lost = (error?: Error) => {
      if (this.listener !== client || this.closed) return;
      this.listener = null;
      this.logger.warn({ err: error }, 'event LISTEN connection lost; reconnecting');
      client.end().catch(() => {});
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.listener = client;
  }

  private scheduleReconnect(): void {
    this.reconnectTimer = setTimeout(async () => {
      try {
        await this.listen();
        this.reconnectDelayMs = 500;
        for (const listener of this.gapListeners) listener();
      } catch (error) {
        this.logger.warn({ err: error }, 'event LISTEN reconnect failed');
        this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, MAX_RECONNECT_DELAY_MS);
        this.scheduleReconnect();
      }
    }, this.reconnectDelayMs);
  }
}
