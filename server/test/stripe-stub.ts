import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A local Stripe-compatible HTTP server for the few endpoints the portal calls (D24), so tests drive the real
 * `stripe` SDK over HTTP. Bodies follow Stripe's API reference; objects live per secret key (one Stripe account
 * per provider). Unlike Stripe it REQUIRES an Idempotency-Key of the caller's own on every POST (the SDK's
 * generated `stripe-node-retry-…` keys do not count), validates parameters, and records every request.
 * Test cards follow Stripe's test numbers: visa 4242 and mastercard 4444 succeed, 0002 is declined, 9995 has
 * insufficient funds, 3155 requires 3-D Secure on session (and fails with authentication_required off session).
 */
export type TestCard = 'visa' | 'mastercard' | 'declined' | 'insufficient_funds' | 'three_d_secure';

export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, unknown>;
  idempotencyKey: string | undefined;
  account: string;
}

type Obj = Record<string, unknown> & { id: string; object: string };
type Params = Record<string, unknown>;

const cards: Record<TestCard, { brand: string; last4: string; decline?: { code: string; decline_code: string; message: string } }> = {
  visa: { brand: 'visa', last4: '4242' },
  mastercard: { brand: 'mastercard', last4: '4444' },
  declined: { brand: 'visa', last4: '0002', decline: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' } },
  insufficient_funds: { brand: 'visa', last4: '9995', decline: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' } },
  three_d_secure: { brand: 'visa', last4: '3155' },
};

class StripeError extends Error {
  constructor(readonly status: number, readonly body: Record<string, unknown>) {
    super(String(body.message));
  }
}

const invalid = (message: string, param?: string, code = 'parameter_invalid') =>
  new StripeError(400, { type: 'invalid_request_error', code, message, ...(param && { param }), doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` });
const missingParam = (param: string) => invalid(`Missing required param: ${param}.`, param, 'parameter_missing');
const noSuch = (kind: string, id: string, param?: string) => new StripeError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'`, ...(param && { param }) });

/** Stripe's form encoding (`a[b]=1&list[0]=x`) back into objects and arrays. */
function parseStripeForm(search: URLSearchParams): Params {
  const root: Params = {};
  for (const [key, value] of search) {
    const path = key.replace(/\]/g, '').split('[');
    let node: Record<string, unknown> = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  const arrays = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value).map(([k, v]) => [k, arrays(v)] as const);
    return entries.length > 0 && entries.every(([k], i) => k === String(i)) ? entries.map(([, v]) => v) : Object.fromEntries(entries);
  };
  return arrays(root) as Params;
}

export class StripeStub {
  readonly requests: RecordedRequest[] = [];
  private readonly objects = new Map<string, Obj>();
  private readonly idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  private server: ServerType | undefined;
  url = '';
  /** The webhook helper signs with the real SDK's test header generator. */
  private readonly sdk = new Stripe('sk_test_stub_webhooks');

  async start(): Promise<this> {
    const app = new Hono();
    app.all('/v1/*', (c) => this.handle(c));
    await new Promise<void>((resolve) => {
      this.server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Requests to one endpoint, e.g. `calls('POST', '/v1/payment_intents')`. */
  calls(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  get<T = Obj>(id: string): T {
    const found = this.objects.get(id);
    if (!found) throw new Error(`stub has no object ${id}`);
    return found as unknown as T;
  }

  /** What Stripe.js's confirmSetup does in the browser: saves a card on the customer and completes the SetupIntent. */
  confirmSetupIntent(setupIntentId: string, card: TestCard = 'visa'): Obj {
    const intent = this.get(setupIntentId);
    const pm = this.newPaymentMethod(String(intent.account), card, String(intent.customer));
    Object.assign(intent, { status: 'succeeded', payment_method: pm.id });
    return pm;
  }

  /** A card saved straight onto a customer (as if through the Dashboard). */
  addCard(secretKey: string, customerId: string, card: TestCard): Obj {
    return this.newPaymentMethod(secretKey, card, customerId);
  }

  /** The buyer finishing 3-D Secure in the browser. */
  completeAction(paymentIntentId: string): Obj {
    const intent = this.get(paymentIntentId);
    if (intent.status !== 'requires_action') throw new Error(`${paymentIntentId} is ${intent.status}`);
    this.succeed(intent);
    return intent;
  }

  /** An event as Stripe posts it, with its signature header from `stripe.webhooks.generateTestHeaderString`. */
  event(type: string, object: Obj, options: { secret: string; timestamp: number; id?: string }): { body: string; signature: string; id: string } {
    const id = options.id ?? `evt_${token(24)}`;
    const data = this.view(object);
    const body = JSON.stringify({
      id, object: 'event', api_version: '2026-10-28.endive', created: options.timestamp, livemode: false, pending_webhooks: 1,
      request: { id: `req_${token(14)}`, idempotency_key: null }, type, data: { object: data },
    });
    return { body, id, signature: this.sdk.webhooks.generateTestHeaderString({ payload: body, secret: options.secret, timestamp: options.timestamp }) };
  }

  private async handle(c: Context): Promise<Response> {
    const account = c.req.header('Authorization')?.match(/^Bearer (sk_test_\w+)$/)?.[1];
    const method = c.req.method;
    const path = new URL(c.req.url).pathname;
    const params = parseStripeForm(method === 'GET' ? new URL(c.req.url).searchParams : new URLSearchParams(await c.req.text()));
    const idempotencyKey = c.req.header('Idempotency-Key');
    this.requests.push({ method, path, params, idempotencyKey, account: account ?? '' });
    try {
      if (!account) throw new StripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided' });
      if (method !== 'POST') return c.json(this.route(account, method, path, params));
      if (!idempotencyKey || idempotencyKey.startsWith('stripe-node-retry-')) throw invalid('stub: every POST needs an Idempotency-Key of the caller’s own', undefined, 'idempotency_key_required');
      const fingerprint = JSON.stringify([path, params]);
      const earlier = this.idempotent.get(`${account} ${idempotencyKey}`);
      if (earlier) {
        if (earlier.fingerprint !== fingerprint) {
          throw new StripeError(400, { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.` });
        }
        return c.json(earlier.body, earlier.status as 200, { 'Idempotent-Replayed': 'true' });
      }
      let status = 200;
      let body: unknown;
      try {
        body = this.route(account, method, path, params);
      } catch (error) {
        if (!(error instanceof StripeError)) throw error;
        status = error.status;
        body = { error: error.body };
      }
      // Stripe saves the result of a request that reached it, errors included (not 5xx), and replays it.
      this.idempotent.set(`${account} ${idempotencyKey}`, { fingerprint, status, body });
      return c.json(body, status as 200);
    } catch (error) {
      if (error instanceof StripeError) return c.json({ error: error.body }, error.status as 400);
      throw error;
    }
  }

  private route(account: string, method: string, path: string, params: Params): unknown {
    const [, , resource, id, action] = path.split('/');
    const key = `${method} ${resource}${id ? '/:id' : ''}${action ? `/${action}` : ''}`;
    switch (key) {
      case 'POST customers':
        return this.createCustomer(account, params);
      case 'POST setup_intents':
        return this.createSetupIntent(account, params);
      case 'GET setup_intents/:id':
        return this.view(this.owned(account, id!, 'setup_intent'));
      case 'GET payment_methods/:id':
        return this.view(this.owned(account, id!, 'payment_method'));
      case 'POST payment_methods/:id/detach': {
        const pm = this.owned(account, id!, 'payment_method');
        if (!pm.customer) throw invalid(`The payment method you provided is not attached to a customer so detachment is impossible.`, undefined, 'payment_method_unexpected_state');
        pm.customer = null;
        return this.view(pm);
      }
      case 'POST payment_intents':
        return this.createPaymentIntent(account, params);
      case 'GET payment_intents/:id':
        return this.view(this.owned(account, id!, 'payment_intent'));
      default:
        throw new StripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` });
    }
  }

  private createCustomer(account: string, params: Params): unknown {
    allowOnly(params, ['email', 'name', 'metadata', 'description']);
    for (const field of ['email', 'name', 'description']) if (params[field] !== undefined && typeof params[field] !== 'string') throw invalid(`Invalid string: ${field}`, field);
    return this.view(this.store(account, {
      id: `cus_${token(14)}`, object: 'customer', address: null, balance: 0, created: now(), currency: null, default_source: null, delinquent: false,
      description: params.description ?? null, email: params.email ?? null, invoice_prefix: token(8).toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false, metadata: params.metadata ?? {}, name: params.name ?? null, phone: null, preferred_locales: [], shipping: null, tax_exempt: 'none', test_clock: null,
    }));
  }

  private createSetupIntent(account: string, params: Params): unknown {
    allowOnly(params, ['customer', 'usage', 'allowed_payment_method_types', 'metadata', 'description']);
    if (!params.customer) throw missingParam('customer');
    this.owned(account, String(params.customer), 'customer', 'customer');
    if (params.usage !== undefined && !['on_session', 'off_session'].includes(String(params.usage))) throw invalid('Invalid usage', 'usage');
    const types = cardTypes(params);
    const id = `seti_${token(24)}`;
    return this.view(this.store(account, {
      id, object: 'setup_intent', allowed_payment_method_types: params.allowed_payment_method_types ?? null, application: null, automatic_payment_methods: null, cancellation_reason: null, client_secret: `${id}_secret_${token(24)}`,
      created: now(), customer: params.customer, description: params.description ?? null, flow_directions: null, last_setup_error: null, latest_attempt: null,
      livemode: false, mandate: null, metadata: params.metadata ?? {}, next_action: null, on_behalf_of: null, payment_method: null,
      payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } }, payment_method_types: types,
      single_use_mandate: null, status: 'requires_payment_method', usage: params.usage ?? 'off_session',
    }));
  }

  private createPaymentIntent(account: string, params: Params): unknown {
    allowOnly(params, ['amount', 'currency', 'customer', 'payment_method', 'allowed_payment_method_types', 'confirm', 'off_session', 'metadata', 'description', 'receipt_email', 'automatic_payment_methods', 'return_url']);
    if (params.amount === undefined) throw missingParam('amount');
    if (!/^\d+$/.test(String(params.amount))) throw invalid('Invalid integer: ' + String(params.amount), 'amount');
    const amount = Number(params.amount);
    if (params.currency === undefined) throw missingParam('currency');
    if (!/^[a-z]{3}$/.test(String(params.currency))) throw invalid(`Invalid currency: ${String(params.currency)}`, 'currency');
    if (amount < 50) throw invalid('Amount must be at least $0.50 usd', 'amount', 'amount_too_small');
    const confirm = params.confirm === 'true';
    const offSession = params.off_session === 'true';
    if (params.off_session !== undefined && !confirm) throw invalid('off_session can only be used when confirm=true', 'off_session');
    const redirectsOff = (params.automatic_payment_methods as Params | undefined)?.allow_redirects === 'never';
    if (confirm && !params.allowed_payment_method_types && !redirectsOff && !params.return_url) {
      throw invalid('This PaymentIntent is configured to accept payment methods enabled in your Dashboard, which may require a return_url; pass return_url or allowed_payment_method_types', 'return_url');
    }
    const types = cardTypes(params);
    if (params.customer) this.owned(account, String(params.customer), 'customer', 'customer');
    let pm: Obj | undefined;
    if (params.payment_method) {
      pm = this.owned(account, String(params.payment_method), 'payment_method', 'payment_method');
      if (pm.customer !== params.customer) {
        throw invalid(`The provided PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.`, 'payment_method', 'payment_method_unexpected_state');
      }
    } else if (confirm) throw missingParam('payment_method');
    const id = `pi_${token(24)}`;
    const intent = this.store(account, {
      id, object: 'payment_intent', allowed_payment_method_types: params.allowed_payment_method_types ?? null, amount, amount_capturable: 0, amount_details: { tip: {} }, amount_received: 0, application: null, application_fee_amount: null,
      automatic_payment_methods: null, canceled_at: null, cancellation_reason: null, capture_method: 'automatic', client_secret: `${id}_secret_${token(24)}`,
      confirmation_method: 'automatic', created: now(), currency: params.currency, customer: params.customer ?? null, description: params.description ?? null,
      last_payment_error: null, latest_charge: null, livemode: false, metadata: params.metadata ?? {}, next_action: null, on_behalf_of: null,
      payment_method: pm?.id ?? null, payment_method_options: { card: { request_three_d_secure: 'automatic' } }, payment_method_types: types,
      processing: null, receipt_email: params.receipt_email ?? null, review: null, setup_future_usage: null, shipping: null,
      statement_descriptor: null, statement_descriptor_suffix: null, status: pm ? 'requires_confirmation' : 'requires_payment_method', transfer_data: null, transfer_group: null,
    });
    if (!confirm || !pm) return this.view(intent);
    const card = cards[(pm.card as { test_card: TestCard }).test_card];
    if (card.decline) throw this.decline(intent, pm, card.decline);
    if (card.last4 === '3155') {
      if (offSession) throw this.decline(intent, pm, { code: 'authentication_required', decline_code: 'authentication_required', message: 'Your card was declined. This transaction requires authentication.' });
      intent.status = 'requires_action';
      intent.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `https://hooks.stripe.com/3d_secure_2/hosted?payment_intent=${id}`, source: `src_${token(24)}` } };
      return this.view(intent);
    }
    this.succeed(intent);
    return this.view(intent);
  }

  private succeed(intent: Obj): void {
    const charge = this.store(String(intent.account), {
      id: `ch_${token(24)}`, object: 'charge', amount: intent.amount, amount_captured: intent.amount, amount_refunded: 0, captured: true, created: now(),
      currency: intent.currency, customer: intent.customer, livemode: false, metadata: intent.metadata, paid: true, payment_intent: intent.id,
      payment_method: intent.payment_method, receipt_email: intent.receipt_email, receipt_url: `https://pay.stripe.com/receipts/payment/${token(40)}`,
      refunded: false, status: 'succeeded',
    });
    Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, latest_charge: charge.id, next_action: null });
  }

  /** A 402 card_error carrying the PaymentIntent, as Stripe returns when confirmation fails. */
  private decline(intent: Obj, pm: Obj, reason: { code: string; decline_code: string; message: string }): StripeError {
    const error = { type: 'card_error', ...reason, doc_url: `https://stripe.com/docs/error-codes/${reason.code.replace(/_/g, '-')}`, charge: `ch_${token(24)}` };
    Object.assign(intent, { status: 'requires_payment_method', last_payment_error: { ...error, payment_method: this.view(pm) } });
    return new StripeError(402, { ...error, payment_intent: this.view(intent), payment_method: this.view(pm) });
  }

  private newPaymentMethod(account: string, card: TestCard, customer: string): Obj {
    const { brand, last4 } = cards[card];
    return this.store(account, {
      id: `pm_${token(24)}`, object: 'payment_method', allow_redisplay: 'unspecified',
      billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null },
      card: {
        brand, checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' }, country: 'US', display_brand: brand,
        exp_month: 12, exp_year: 2034, fingerprint: token(16), funding: 'credit', generated_from: null, last4, networks: { available: [brand], preferred: null },
        three_d_secure_usage: { supported: true }, wallet: null, test_card: card,
      },
      created: now(), customer, livemode: false, metadata: {}, type: 'card',
    });
  }

  private store(account: string, object: Obj): Obj {
    const stored = { ...object, account };
    this.objects.set(object.id, stored);
    return stored;
  }

  /** Objects of another account are as missing as unknown ids, as on Stripe. */
  private owned(account: string, id: string, kind: string, param?: string): Obj {
    const found = this.objects.get(id);
    if (!found || found.account !== account || found.object !== kind) throw noSuch(kind, id, param);
    return found;
  }

  /** The object as the API returns it: without the stub's bookkeeping. */
  private view(object: Obj): Obj {
    const { account: _account, ...rest } = object;
    if (rest.object === 'payment_method') {
      const { test_card: _card, ...card } = rest.card as Params;
      return { ...rest, card } as Obj;
    }
    return structuredClone(rest) as Obj;
  }
}

/** The stub serves cards only. */
function cardTypes(params: Params): string[] {
  const types = (params.allowed_payment_method_types as string[] | undefined) ?? ['card'];
  if (!Array.isArray(types) || types.some((t) => t !== 'card')) throw invalid('stub: only card payment methods', 'allowed_payment_method_types');
  return types;
}

function allowOnly(params: Params, allowed: string[]): void {
  const unknown = Object.keys(params).find((k) => !allowed.includes(k));
  if (unknown) throw invalid(`Received unknown parameter: ${unknown}`, unknown, 'parameter_unknown');
}

const now = () => Math.floor(Date.now() / 1000);
const token = (n: number) => randomBytes(n).toString('base64url').replace(/[-_]/g, 'x').slice(0, n);
