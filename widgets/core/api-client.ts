import type { ApiErrorBody } from './api.js';

/** Sends one request: `fetch` by default; tests and stories inject a fixture replayer (DECISIONS D28). */
export type Transport = (request: Request) => Promise<Response>;

/** Returns a fresh token from the embedding page's backend (like Stripe's `fetchClientSecret`). */
export type FetchToken = () => Promise<string>;

/** Why a session ended (DECISIONS D23): no token could be had, or a fresh token was still refused. */
export type SessionEndReason = 'token-unavailable' | 'unauthorized';

export interface ApiClientOptions {
  /** Where the API lives, e.g. `https://api.example.com`; empty means this page's origin. */
  baseUrl?: string;
  /** A fixed token; enough for short pages, but `fetchToken` survives expiry. */
  token?: string;
  fetchToken?: FetchToken;
  /** The active customer's external id, sent as `X-Customer-Id` (DECISIONS D1). */
  customerId?: string;
  transport?: Transport;
  /** Called once, when the session ends. */
  onSessionEnded?: (reason: SessionEndReason) => void;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Extra request headers, e.g. `Idempotency-Key` on a create that a retry could repeat. */
  headers?: Record<string, string>;
}

/** An error reply of the API (`{"error":{"code","message","fields","request_id"}}`), or code `network`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  readonly code: string;
  /** Messages per input field, for 400/409 replies to forms. */
  readonly fields: Readonly<Record<string, string>>;
  readonly requestId?: string;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    fields?: Record<string, string>;
    requestId?: string;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? {};
    this.requestId = init.requestId;
  }
}

/** The session is over (DECISIONS D23): show "Your session has ended" and stop retrying. */
export class SessionEndedError extends Error {
  override readonly name = 'SessionEndedError';
  readonly reason: SessionEndReason;

  constructor(reason: SessionEndReason) {
    super('The session has ended');
    this.reason = reason;
  }
}

const API_PREFIX = '/api/v1';

/** Renew this long before `exp`, so a request never races its token's expiry. */
const RENEW_BEFORE_EXPIRY_MS = 30_000;

/** The token's `exp` in ms, read without verifying (the server verifies); Infinity when it has none. */
function expiryOf(token: string): number {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const { exp } = JSON.parse(atob(payload)) as { exp?: unknown };
    return typeof exp === 'number' ? exp * 1000 : Infinity;
  } catch {
    return Infinity;
  }
}

/** Token state shared by all clients of one session. The token stays in memory only and is never logged. */
class TokenSession {
  #token?: string;
  #expiresAt = Infinity;
  #renewal?: Promise<string>;
  #ended?: SessionEndReason;
  readonly #fetchToken?: FetchToken;
  readonly #onEnded?: (reason: SessionEndReason) => void;

  constructor({ token, fetchToken, onSessionEnded }: ApiClientOptions) {
    this.#fetchToken = fetchToken;
    this.#onEnded = onSessionEnded;
    if (token) this.#keep(token);
  }

  async current(): Promise<string> {
    if (this.#ended) throw new SessionEndedError(this.#ended);
    const fresh = Date.now() < this.#expiresAt - RENEW_BEFORE_EXPIRY_MS;
    if (this.#token && (fresh || !this.#fetchToken)) return this.#token;
    return this.#renew();
  }

  /** After a 401: renew, unless another request already replaced the refused token. */
  async afterRejection(refused: string): Promise<string> {
    if (!this.#fetchToken) this.end('unauthorized');
    return this.#token && this.#token !== refused ? this.#token : this.#renew();
  }

  /** Drops the token so the next request asks `fetchToken` again (e.g. after a new customer: D3). */
  invalidate(): void {
    if (this.#fetchToken) this.#token = undefined;
  }

  end(reason: SessionEndReason): never {
    if (!this.#ended) {
      this.#ended = reason;
      this.#token = undefined;
      this.#onEnded?.(reason);
    }
    throw new SessionEndedError(this.#ended);
  }

  #renew(): Promise<string> {
    const fetchToken = this.#fetchToken;
    if (!fetchToken) this.end('token-unavailable');
    // Concurrent requests share one renewal.
    this.#renewal ??= fetchToken()
      .then(
        (token) => (typeof token === 'string' && token ? this.#keep(token) : this.end('token-unavailable')),
        () => this.end('token-unavailable'),
      )
      .finally(() => (this.#renewal = undefined));
    return this.#renewal;
  }

  #keep(token: string): string {
    this.#token = token;
    this.#expiresAt = expiryOf(token);
    return token;
  }
}

/**
 * Calls the buyer API (`/api/v1`) with a bearer token and the active customer. Fetches the token before first
 * use, renews it shortly before it expires or once on a 401, and ends the session when that fails (D23).
 */
export class ApiClient {
  readonly baseUrl: string;
  readonly customerId?: string;
  readonly #transport: Transport;
  readonly #tokens: TokenSession;
  readonly #options: ApiClientOptions;

  /** @param tokens internal: the token state `withCustomer` shares */
  constructor(options: ApiClientOptions, tokens?: TokenSession) {
    this.#options = options;
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.customerId = options.customerId || undefined;
    this.#transport = options.transport ?? ((request) => fetch(request));
    this.#tokens = tokens ?? new TokenSession(options);
  }

  /** A client for another customer of the same session (same token, no new fetch). */
  withCustomer(customerId: string | undefined): ApiClient {
    return new ApiClient({ ...this.#options, customerId }, this.#tokens);
  }

  /** Asks `fetchToken` again before the next request, e.g. once a new customer exists (DECISIONS D3). */
  invalidateToken(): void {
    this.#tokens.invalidate();
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, body, options);
  }

  /** Any method; `path` is relative to `/api/v1`, e.g. `/wallet`. */
  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const response = await this.#respond(method, path, body, options);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch (cause) {
      throw new ApiError({ status: response.status, code: 'invalid_response', message: 'Unreadable reply', cause });
    }
  }

  /**
   * A file reply (e.g. a CSV export), read as it streams; `onProgress` gets the bytes received so far and the
   * total when the server says it (a streamed export does not).
   */
  async download(path: string, options: RequestOptions & { onProgress?: (received: number, total: number | null) => void } = {}): Promise<Blob> {
    const response = await this.open(path, options);
    const total = Number(response.headers.get('Content-Length')) || null;
    const type = response.headers.get('Content-Type') ?? '';
    if (!response.body) return new Blob([await response.arrayBuffer()], { type });
    const parts: Uint8Array[] = [];
    let received = 0;
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      parts.push(chunk.value);
      received += chunk.value.byteLength;
      options.onProgress?.(received, total);
    }
    return new Blob(parts as BlobPart[], { type });
  }

  /** A GET whose reply is read as it arrives (e.g. the event stream); an error reply throws `ApiError`. */
  open(path: string, options: RequestOptions = {}): Promise<Response> {
    return this.#respond('GET', path, undefined, options);
  }

  /** Sends with the session's token (renewed once after a 401); an error reply throws `ApiError`. */
  async #respond(method: string, path: string, body: unknown, options: RequestOptions): Promise<Response> {
    let token = await this.#tokens.current();
    let response = await this.#send(method, path, body, token, options);
    if (response.status === 401) {
      token = await this.#tokens.afterRejection(token);
      response = await this.#send(method, path, body, token, options);
      if (response.status === 401) this.#tokens.end('unauthorized');
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  async #send(
    method: string,
    path: string,
    body: unknown,
    token: string,
    { signal, headers: extra }: RequestOptions,
  ): Promise<Response> {
    const headers = new Headers({ ...extra, Accept: 'application/json', Authorization: `Bearer ${token}` });
    if (this.customerId) headers.set('X-Customer-Id', this.customerId);
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    const request = new Request(`${this.baseUrl}${API_PREFIX}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', // bearer tokens only: no cookies, so no CSRF
      signal,
    });
    try {
      return await this.#transport(request);
    } catch (cause) {
      if (signal?.aborted) throw cause; // a cancelled request is not a network failure
      throw new ApiError({ status: 0, code: 'network', message: 'The server could not be reached', cause });
    }
  }
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as Partial<ApiErrorBody> | undefined;
  const error = body?.error;
  return new ApiError({
    status: response.status,
    code: error?.code ?? `http_${response.status}`,
    message: error?.message ?? response.statusText,
    fields: error?.fields,
    requestId: error?.request_id,
  });
}
