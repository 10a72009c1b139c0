import { expect } from '@open-wc/testing';
import { ApiClient, ApiError, SessionEndedError, type SessionEndReason } from './api-client.js';
import type { CustomerSummary, Wallet } from './api.js';
import { fakeToken } from './testing/fake-token.js';
import { fixtureTransport, loadFixture } from './testing/fixture-transport.js';

/** A fetchToken that counts its calls and hands out distinct tokens. */
function tokenSource(claims: Record<string, unknown> = {}) {
  const source = { calls: 0, fetchToken: async () => fakeToken({ ...claims, jti: `t${++source.calls}` }) };
  return source;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('ApiClient', () => {
  it('sends the bearer token, the customer and JSON headers to <baseUrl>/api/v1, without cookies', async () => {
    const token = fakeToken();
    const transport = fixtureTransport('available');
    const client = new ApiClient({ baseUrl: 'https://api.example.test/', token, customerId: 'limited', transport });
    const wallet = await client.get<Wallet>('/wallet');

    expect(wallet).to.deep.equal(await loadFixture<Wallet>('limited', 'wallet'));
    const [request] = transport.requests;
    expect(request!.url).to.equal('https://api.example.test/api/v1/wallet');
    expect(request!.headers.get('Authorization')).to.equal(`Bearer ${token}`);
    expect(request!.headers.get('X-Customer-Id')).to.equal('limited');
    expect(request!.headers.get('Accept')).to.equal('application/json');
    expect(request!.credentials).to.equal('omit');
  });

  it('posts JSON and returns the created resource', async () => {
    const transport = fixtureTransport('available');
    const client = new ApiClient({ token: fakeToken(), transport });
    const created = await client.post<CustomerSummary>('/customers', { name: 'Lakeside Windows' });
    expect(created).to.deep.equal(await loadFixture<CustomerSummary>('available', 'customers.post'));
    expect(transport.requests[0]!.headers.get('Content-Type')).to.equal('application/json');
    expect(await transport.requests[0]!.json()).to.deep.equal({ name: 'Lakeside Windows' });
  });

  it('fetches the token once before first use, shared by concurrent requests and other customers', async () => {
    const tokens = tokenSource();
    const transport = fixtureTransport('available');
    const client = new ApiClient({ fetchToken: tokens.fetchToken, transport });
    await Promise.all([client.get('/wallet'), client.get('/badge'), client.withCustomer('limited').get('/account')]);
    expect(tokens.calls).to.equal(1);
    expect(transport.requests.map((request) => request.headers.get('X-Customer-Id'))).to.deep.equal([null, null, 'limited']);
  });

  it('fetches a new token shortly before the current one expires', async () => {
    const tokens = tokenSource({ exp: Math.floor(Date.now() / 1000) + 10 });
    const client = new ApiClient({ fetchToken: tokens.fetchToken, transport: fixtureTransport('available') });
    await client.get('/wallet');
    await client.get('/wallet');
    expect(tokens.calls).to.equal(2);
  });

  it('after a 401, renews the token once and retries', async () => {
    const tokens = tokenSource();
    const transport = fixtureTransport('available', { fail: 'unauthorized', failures: 1 });
    const client = new ApiClient({ fetchToken: tokens.fetchToken, transport });
    await client.get('/wallet');
    expect(tokens.calls).to.equal(2);
    const [refused, retried] = transport.requests.map((request) => request.headers.get('Authorization'));
    expect(refused).not.to.equal(retried);
  });

  it('ends the session when the renewed token is refused too, once, and stops calling the API (D23)', async () => {
    const ended: SessionEndReason[] = [];
    const tokens = tokenSource();
    const transport = fixtureTransport('available', { fail: 'unauthorized' });
    const client = new ApiClient({ fetchToken: tokens.fetchToken, transport, onSessionEnded: (reason) => ended.push(reason) });

    const error = await rejection(client.get('/wallet'));
    expect(error).to.be.instanceOf(SessionEndedError);
    expect((error as SessionEndedError).reason).to.equal('unauthorized');
    expect(await rejection(client.withCustomer('limited').get('/badge'))).to.be.instanceOf(SessionEndedError);
    expect(ended).to.deep.equal(['unauthorized']);
    expect(transport.requests).to.have.length(2);
    expect(tokens.calls).to.equal(2);
  });

  it('ends the session when fetchToken fails', async () => {
    const ended: SessionEndReason[] = [];
    const transport = fixtureTransport('available');
    const client = new ApiClient({
      fetchToken: () => Promise.reject(new Error('signed out')),
      transport,
      onSessionEnded: (reason) => ended.push(reason),
    });
    expect(((await rejection(client.get('/wallet'))) as SessionEndedError).reason).to.equal('token-unavailable');
    expect(ended).to.deep.equal(['token-unavailable']);
    expect(transport.requests).to.be.empty;
  });

  it('ends the session when a fixed token is refused, since it cannot be renewed', async () => {
    const client = new ApiClient({ token: fakeToken(), transport: fixtureTransport('available', { fail: 'unauthorized' }) });
    expect(((await rejection(client.get('/wallet'))) as SessionEndedError).reason).to.equal('unauthorized');
  });

  it('asks for a new token after invalidateToken()', async () => {
    const tokens = tokenSource();
    const client = new ApiClient({ fetchToken: tokens.fetchToken, transport: fixtureTransport('available') });
    await client.get('/wallet');
    client.invalidateToken();
    await client.get('/wallet');
    expect(tokens.calls).to.equal(2);
  });

  it('turns an error reply into an ApiError with its code, fields and request id', async () => {
    const { error: body } = await loadFixture<{ error: { code: string; message: string; fields: Record<string, string>; request_id: string } }>(
      'exhausted',
      'customers.post',
    );
    const client = new ApiClient({ token: fakeToken(), transport: fixtureTransport('exhausted') });
    const error = (await rejection(client.post('/customers', { name: 'Peak Plumbing' }))) as ApiError;
    expect(error).to.be.instanceOf(ApiError);
    expect([error.status, error.code, error.message, error.requestId]).to.deep.equal([409, body.code, body.message, body.request_id]);
    expect(error.fields).to.deep.equal(body.fields);
  });

  it('reports a server error and an unreachable server as ApiErrors', async () => {
    const failing = new ApiClient({ token: fakeToken(), transport: fixtureTransport('available', { fail: 'server-error' }) });
    const serverError = (await rejection(failing.get('/wallet'))) as ApiError;
    expect([serverError.status, serverError.code, serverError.requestId]).to.deep.equal([500, 'internal', 'req_fixture']);

    const offline = new ApiClient({ token: fakeToken(), transport: fixtureTransport('available', { fail: 'network' }) });
    const networkError = (await rejection(offline.get('/wallet'))) as ApiError;
    expect([networkError.status, networkError.code]).to.deep.equal([0, 'network']);
  });

  it('lets an aborted request reject as an abort, not as a network failure', async () => {
    const client = new ApiClient({ token: fakeToken(), transport: fixtureTransport('available', { delayMs: Infinity }) });
    const controller = new AbortController();
    const pending = client.get('/wallet', { signal: controller.signal });
    controller.abort();
    const error = await rejection(pending);
    expect(error).not.to.be.instanceOf(ApiError);
    expect((error as Error).name).to.equal('AbortError');
  });
});
