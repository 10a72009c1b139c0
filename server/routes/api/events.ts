import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { Deps } from '../../deps.js';
import type { PortalEvent } from '../../lib/events.js';
import type { RecentEvents } from '../../lib/recent-events.js';
import { newRouter } from '../router.js';
import { bearerSecurity, errorResponses } from './schemas.js';

/** Writes a client has not taken yet; past this it is too slow to follow and is cut off (it resumes or resyncs). */
const MAX_PENDING_WRITES = 256;

export interface EventStreamOptions {
  recent: RecentEvents;
}

const stream = createRoute({
  method: 'get', path: '/events', tags: ['Live updates'], security: bearerSecurity,
  summary: 'Server-sent events for the active customer (D22): wallet, leads, bids, limits, badge, marketplace',
  description:
    'A `text/event-stream` of this customer’s events and the provider-wide ones (new listings). Send the token in ' +
    'the Authorization header, never in the URL. The stream closes when the token expires; reconnect with a fresh ' +
    'token and `Last-Event-ID` to receive what was missed, or a `resync` event (refetch everything) when the server ' +
    'no longer has it. Each event’s `data` is JSON with ids and state; prices are computed by the widgets.',
  request: { headers: z.object({ 'last-event-id': z.string().max(100).optional() }) },
  responses: {
    200: { description: 'Event stream', content: { 'text/event-stream': { schema: z.string() } } },
    401: errorResponses[401],
  },
});

export const eventRoutes = ({ events, clock, config }: Deps, { recent }: EventStreamOptions) =>
  newRouter().openapi(stream, (c) => {
    const { providerId, customer, token } = c.get('scope');
    const lastEventId = c.req.valid('header')['last-event-id'];
    const mine = (event: PortalEvent) => event.providerId === providerId && (event.customerId === undefined || event.customerId === customer.id);

    return streamSSE(c, async (sse) => {
      const writes = new SerialWriter(sse);
      let end!: () => void;
      const ended = new Promise<void>((resolve) => (end = resolve));
      // Subscribed before the backlog is read, so nothing published in between is lost (a duplicate is possible
      // and harmless: events carry state, not deltas).
      const unsubscribe = events.subscribe((event, id) => {
        if (!mine(event)) return;
        if (!writes.send({ id, event: event.type, data: JSON.stringify(event.data) })) end();
      });
      const stopGap = events.onGap?.(() => writes.send({ event: 'resync', data: '{}' }));
      // A comment line keeps proxies from closing an idle stream and lets the client notice a dead one.
      const heartbeat = setInterval(() => writes.raw(': heartbeat\n\n') || end(), config.eventsHeartbeatMs);
      const expiry = setTimeout(end, Math.max(0, token.expiresAt.getTime() - clock.now().getTime()));
      sse.onAbort(end);

      writes.send({ event: 'ready', data: JSON.stringify({ server_time: clock.now().toISOString() }), retry: 3_000 });
      if (lastEventId !== undefined) {
        const missed = recent.after(lastEventId);
        if (missed === null) writes.send({ event: 'resync', data: '{}' });
        else for (const { id, event } of missed) if (mine(event)) writes.send({ id, event: event.type, data: JSON.stringify(event.data) });
      }

      await Promise.race([ended, writes.failed]);
      unsubscribe();
      stopGap?.();
      clearInterval(heartbeat);
      clearTimeout(expiry);
    });
  });

/** Keeps one stream's writes in order without awaiting each in the publisher, and notices a stuck client. */
class SerialWriter {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private fail!: () => void;
  readonly failed = new Promise<void>((resolve) => (this.fail = resolve));

  constructor(private readonly sse: SSEStreamingApi) {}

  send(message: { id?: string; event: string; data: string; retry?: number }): boolean {
    return this.enqueue(() => this.sse.writeSSE(message));
  }

  raw(text: string): boolean {
    return this.enqueue(async () => void (await this.sse.write(text)));
  }

  private enqueue(write: () => Promise<void>): boolean {
    if (this.pending >= MAX_PENDING_WRITES || this.sse.aborted || this.sse.closed) return false;
    this.pending++;
    this.tail = this.tail.then(write).then(
      () => void this.pending--,
      () => this.fail(),
    );
    return true;
  }
}
