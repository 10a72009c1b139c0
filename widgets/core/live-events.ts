import { ApiError, SessionEndedError, type ApiClient } from './api-client.js';

/** One server event (D22); `resync` means events were missed and everything should be fetched again. */
export interface ServerEvent {
  type: string;
  data: string;
}

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 30_000;

/**
 * Follows `GET /api/v1/events` with a fetch stream (the token stays in the Authorization header, never in a URL:
 * D22). When the server closes the stream (the token expired) it reconnects at once with a fresh token and
 * `Last-Event-ID`; after a failure it waits 1, 2, 4 … 30 s (with jitter) so a restarting server is not stampeded.
 * It gives up quietly on 403/404 (a server or role without the stream) and when the session ends.
 */
export class LiveEvents {
  #abort?: AbortController;

  constructor(
    private readonly client: ApiClient,
    private readonly onEvent: (event: ServerEvent) => void,
  ) {}

  start(): void {
    this.stop();
    this.#abort = new AbortController();
    void this.#follow(this.#abort.signal);
  }

  stop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  async #follow(signal: AbortSignal): Promise<void> {
    let lastId: string | undefined;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const response = await this.client.open('/events', { signal, headers: lastId ? { 'Last-Event-ID': lastId } : {} });
        for await (const { id, type, data } of messages(response.body!, signal)) {
          if (id) lastId = id;
          if (type === 'ready') failures = 0;
          else this.onEvent({ type, data });
        }
      } catch (error) {
        if (signal.aborted || error instanceof SessionEndedError) return;
        if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return;
        failures++;
      }
      if (failures > 0) await pause(Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1)) * (0.5 + Math.random() / 2), signal);
    }
  }
}

/** Parses `text/event-stream` (comments and `retry:` ignored: reconnection is this client's own). */
async function* messages(body: ReadableStream<Uint8Array>, signal: AbortSignal) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
  let buffer = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const fields: Record<string, string> = {};
      for (const line of buffer.slice(0, end).split('\n')) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const name = line.slice(0, colon);
        const value = line.slice(colon + 1).replace(/^ /, '');
        fields[name] = name === 'data' && fields.data !== undefined ? `${fields.data}\n${value}` : value;
      }
      buffer = buffer.slice(end + 2);
      if (fields.data !== undefined) yield { id: fields.id, type: fields.event ?? 'message', data: fields.data };
    }
  }
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
