import type { ApiErrorBody } from '../api.js';
import type { Transport } from '../api-client.js';
import { fakeToken } from './fake-token.js';

/**
 * Replays recorded API replies from `widgets/fixtures/<customer>/<route>.json` (DECISIONS D28; layout in
 * widgets/fixtures/README.md). The folder is the request's `X-Customer-Id`, else `scenario` (the token's first
 * customer, as on the server: D4). `/app/token` answers with a fake token.
 */
export interface FixtureOptions {
  /** Wait before each reply; `Infinity` never replies (until the request is aborted). */
  delayMs?: number;
  /** Answer API requests with this failure instead (`unauthorized` also refuses `/app/token`). */
  fail?: 'server-error' | 'unauthorized' | 'network';
  /** Fail only the first N API requests, then replay fixtures (for retry flows). Default: all. */
  failures?: number;
  /** Where the fixture folders are served; default `widgets/fixtures/` relative to the page at load. */
  baseUrl?: string;
}

export interface FixtureTransport extends Transport {
  /** Every request received, in order, except those opening the event stream (see `streams`). */
  readonly requests: Request[];
}

/** What `fixtureTransport` adds for live updates. */
export interface LiveFixture {
  /** Requests that opened `GET /api/v1/events`; each gets a stream that stays open until aborted. */
  readonly streams: Request[];
  /** Sends a server event (D22) to every open event stream, as the server would. */
  push(type: string, data?: Record<string, unknown>): void;
}

/** HTTP status per error code, as docs/api-top-bar.md lists them. */
const statusOfCode: Record<string, number> = {
  invalid_request: 400,
  unauthorized: 401,
  token_expired: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  not_found: 404,
  conflict: 409,
  self_service_disabled: 409,
  bidding_disabled: 409,
  bidding_locked: 409,
  insufficient_funds: 409,
  sold_out: 409,
  listing_expired: 409,
  already_purchased: 409,
  cap_reached: 409,
  account_paused: 409,
  last_admin: 409,
  idempotency_conflict: 409,
  payments_not_configured: 409,
  adding_cards_disabled: 409,
  rate_limited: 429,
  internal: 500,
};

const reply = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const errorReply = (code: string, message: string): Response => {
  const body: ApiErrorBody = { error: { code, message, request_id: 'req_fixture' } };
  return reply(statusOfCode[code] ?? 500, body);
};

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const timer = Number.isFinite(ms) ? setTimeout(resolve, ms) : undefined;
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

/** Resolved once, at load: a test or story that routes with the History API must not move the fixtures. */
const DEFAULT_BASE = new URL('widgets/fixtures/', document.baseURI).href;

/** One recorded reply body, e.g. to derive a test's expectations from the data it shows. */
export async function loadFixture<T>(folder: string, route: string, baseUrl = DEFAULT_BASE): Promise<T> {
  const reply = await fetch(new URL(`${encodeURIComponent(folder)}/${route}.json`, new URL(baseUrl, document.baseURI)));
  if (!reply.ok) throw new Error(`No fixture ${folder}/${route}.json`);
  return (await reply.json()) as T;
}

/** The live event stream: opens with `ready` like the server's, then carries what the test pushes. */
function eventStream(request: Request, open: Set<ReadableStreamDefaultController<Uint8Array>>): Response {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      open.add(c);
      c.enqueue(new TextEncoder().encode('event: ready\ndata: {}\n\n'));
    },
    cancel: () => void open.delete(controller),
  });
  request.signal.addEventListener('abort', () => open.delete(controller), { once: true });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

export function fixtureTransport(scenario: string, options: FixtureOptions = {}): FixtureTransport & LiveFixture {
  const requests: Request[] = [];
  const streams: Request[] = [];
  const open = new Set<ReadableStreamDefaultController<Uint8Array>>();
  let eventId = 0;
  const base = new URL(options.baseUrl ?? DEFAULT_BASE, document.baseURI);
  let failuresLeft = options.failures ?? Infinity;

  const transport = async (request: Request): Promise<Response> => {
    // The stream is not subject to delays and failures, so it never takes a failure meant for a widget's request.
    if (new URL(request.url).pathname.endsWith('/api/v1/events')) {
      streams.push(request);
      return eventStream(request, open);
    }
    requests.push(request);
    if (options.delayMs) await wait(options.delayMs, request.signal);
    const { pathname } = new URL(request.url);

    if (pathname.endsWith('/app/token')) {
      return options.fail === 'unauthorized'
        ? errorReply('unauthorized', 'Not signed in')
        : reply(200, { token: fakeToken(), expires_at: new Date(Date.now() + 3600_000).toISOString() });
    }
    if (options.fail && failuresLeft-- > 0) {
      if (options.fail === 'network') throw new TypeError('Failed to fetch');
      return options.fail === 'unauthorized'
        ? errorReply('token_expired', 'The token has expired')
        : errorReply('internal', 'Internal error');
    }

    const route = pathname.replace(/^.*?\/api\/v1\//, '');
    const folder = encodeURIComponent(request.headers.get('X-Customer-Id') ?? scenario);
    const file = request.method === 'GET' ? `${route}.json` : `${route}.${request.method.toLowerCase()}.json`;
    const recorded = await fetch(new URL(`${folder}/${file}`, base));
    if (!recorded.ok && request.method === 'GET') {
      // A file reply (e.g. a CSV export) is recorded as it came: `<route>.csv`.
      const csv = await fetch(new URL(`${folder}/${route}.csv`, base));
      if (csv.ok) return new Response(csv.body, { status: 200, headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
    }
    if (!recorded.ok) return errorReply('not_found', `No fixture ${folder}/${file}`);
    const text = await recorded.text();
    if (!text) return new Response(null, { status: 204 }); // an empty file records a 204
    const body = JSON.parse(text) as Partial<ApiErrorBody>;
    if (body.error) return reply(statusOfCode[body.error.code] ?? 500, body);
    return reply(request.method === 'POST' ? 201 : 200, body);
  };
  const push = (type: string, data: Record<string, unknown> = {}) => {
    const message = new TextEncoder().encode(`id: fixture.${++eventId}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    for (const controller of open) controller.enqueue(message);
  };
  return Object.assign(transport, { requests, streams, push });
}
