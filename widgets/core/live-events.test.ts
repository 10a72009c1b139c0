import { expect, waitUntil } from '@open-wc/testing';
import { ApiClient, type Transport } from './api-client.js';
import { LiveEvents, type ServerEvent } from './live-events.js';
import { fakeToken } from './testing/fake-token.js';

/** An event-stream reply whose chunks the test pushes, and ends, when it wants. */
function streamReply() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return {
    response: new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    push: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

/** A transport answering each request with the next scripted reply, recording what was asked. */
function scripted(replies: (() => Promise<Response>)[]) {
  const requests: Request[] = [];
  const transport: Transport = async (request) => {
    requests.push(request);
    const next = replies.shift();
    return next ? next() : new Promise<Response>(() => {}); // nothing scripted: hang like an idle stream
  };
  return { transport, requests };
}

describe('LiveEvents', () => {
  let live: LiveEvents | undefined;
  afterEach(() => live?.stop());

  it('delivers events; when the server ends the stream it reconnects at once with Last-Event-ID', async () => {
    const first = streamReply();
    const second = streamReply();
    const { transport, requests } = scripted([async () => first.response, async () => second.response]);
    const events: ServerEvent[] = [];
    let tokens = 0;
    const client = new ApiClient({ fetchToken: async () => fakeToken({ jti: `t${++tokens}` }), transport, customerId: 'available' });
    live = new LiveEvents(client, (event) => events.push(event));
    live.start();

    await waitUntil(() => requests.length === 1);
    expect(new URL(requests[0]!.url).pathname).to.equal('/api/v1/events');
    expect(requests[0]!.headers.get('X-Customer-Id')).to.equal('available');
    expect(requests[0]!.headers.has('Last-Event-ID')).to.equal(false);
    // Split mid-message and with CRLF, a comment and a two-line data field, as a proxy may deliver them.
    first.push('event: ready\r\ndata: {}\r\n\r\n: heartbeat\n\nid: a.1\nevent: wallet.up');
    first.push('dated\ndata: {"balance_cents":\ndata: 500}\n\n');
    await waitUntil(() => events.length === 1);
    expect(events[0]).to.deep.equal({ type: 'wallet.updated', data: '{"balance_cents":\n500}' });

    first.end();
    await waitUntil(() => requests.length === 2, 'no reconnect after the stream ended');
    expect(requests[1]!.headers.get('Last-Event-ID')).to.equal('a.1');
    second.push('event: resync\ndata: {}\n\n');
    await waitUntil(() => events.length === 2);
    expect(events[1]!.type).to.equal('resync');
  });

  it('retries after a network failure, then gives up on a 404 (a server without the stream)', async () => {
    const notFound = () => Promise.resolve(Response.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 }));
    const { transport, requests } = scripted([() => Promise.reject(new TypeError('Failed to fetch')), notFound]);
    live = new LiveEvents(new ApiClient({ token: fakeToken(), transport }), () => {});
    live.start();
    await waitUntil(() => requests.length === 2, 'no retry after the failure', { timeout: 3_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // longer than the next backoff step would be
    expect(requests.length).to.equal(2);
  });

  it('stops for good when the session ends, and on stop()', async () => {
    const { transport, requests } = scripted([]);
    live = new LiveEvents(new ApiClient({ fetchToken: () => Promise.reject(new Error('signed out')), transport }), () => {});
    live.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requests.length).to.equal(0);

    const open = scripted([]);
    const other = new LiveEvents(new ApiClient({ token: fakeToken(), transport: open.transport }), () => {});
    other.start();
    await waitUntil(() => open.requests.length === 1);
    other.stop();
    expect(open.requests[0]!.signal.aborted).to.equal(true);
  });
});
