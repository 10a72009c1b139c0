import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import pino from 'pino';
import { createApp } from '../app.js';
import { AUDIENCE, TOKEN_TYPE } from '../auth/jwt.js';
import type { Config } from '../config.js';
import type { CustomerStatus, Role } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { postToLedger } from '../domain/ledger.js';
import { createProvider } from '../domain/providers.js';
import { ManualClock } from '../lib/clock.js';
import { InProcessEventBus } from '../lib/events.js';
import { newId } from '../lib/ids.js';
import { PgEventBus } from '../lib/pg-event-bus.js';
import { encryptSecret } from '../lib/secrets.js';
import { freshDatabase, type Target } from './databases.js';

export const TEST_NOW = new Date('2026-11-26T18:00:00Z');

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    mode: 'production',
    port: 8787,
    host: '127.0.0.1',
    publicUrl: 'https://portal.test',
    databaseUrl: undefined,
    dataDir: '/nonexistent',
    secretKey: randomBytes(32),
    defaultProviderId: undefined,
    distDir: 'dist',
    logLevel: 'silent',
    stripeApiUrl: undefined,
    demoStripe: undefined,
    smtpUrl: undefined,
    smtpFrom: 'no-reply@portal.test',
    smsGateway: undefined,
    eventsHeartbeatMs: 15_000,
    ...overrides,
  };
}

export interface TestProvider {
  id: string;
  apiKey: string;
  issuer: string;
  secret: string;
  origin: string;
}

export interface TokenOptions {
  sub?: string;
  customerIds?: string[];
  roles?: Record<string, Role>;
  scope?: 'portal' | 'portal:read';
  lifetimeSeconds?: number;
  issuedAt?: Date;
  typ?: string;
  audience?: string;
  issuer?: string;
  secret?: string;
  extraClaims?: Record<string, unknown>;
}

/** A real app on a fresh real database, with one HS256-signing provider and helpers to add customers and mint tokens. */
export async function createTestContext(target: Target, configOverrides: Partial<Config> = {}) {
  const database = await freshDatabase(target);
  const config = testConfig(configOverrides);
  const clock = new ManualClock(TEST_NOW);
  const deps: Deps = { db: database.db, config, clock, events: new InProcessEventBus(), logger: pino({ level: 'silent' }) };
  const built = createApp(deps);

  async function addProvider(name: string): Promise<TestProvider> {
    const { providerId, apiKey } = await createProvider(database.db, config.secretKey, { name, supportEmail: `help@${name.toLowerCase().replace(/\W/g, '')}.test`, settings: { self_service_customers: true } });
    const issuer = `https://${providerId}.issuer.test`;
    const secret = randomBytes(32).toString('base64url');
    const origin = `https://${name.toLowerCase().replace(/\W/g, '')}.example`;
    await database.db.insertInto('provider_issuers').values({ issuer, provider_id: providerId, kind: 'provider' }).execute();
    await database.db.insertInto('signing_keys').values({ id: newId('sk'), issuer, alg: 'HS256', secret_enc: encryptSecret(config.secretKey, secret) }).execute();
    await database.db.insertInto('provider_origins').values({ provider_id: providerId, origin }).execute();
    return { id: providerId, apiKey, issuer, secret, origin };
  }

  async function addCustomer(provider: TestProvider, externalId: string, options: { status?: CustomerStatus; balanceCents?: bigint; timezone?: string } = {}) {
    const id = newId('cus');
    await database.db.insertInto('customers').values({ id, provider_id: provider.id, external_id: externalId, name: `Customer ${externalId}`, status: options.status ?? 'active', timezone: options.timezone ?? 'America/Chicago' }).execute();
    await database.db.insertInto('wallets').values({ customer_id: id, provider_id: provider.id, currency: 'USD' }).execute();
    if (options.balanceCents) {
      await database.db.transaction().execute((trx) =>
        postToLedger(trx, { providerId: provider.id, customerId: id }, { kind: 'funds_added_by_provider', amountCents: options.balanceCents!, description: 'Test deposit' }),
      );
    }
    return { id, externalId };
  }

  async function mintToken(provider: TestProvider, options: TokenOptions = {}): Promise<string> {
    const issuedAt = Math.floor((options.issuedAt ?? clock.now()).getTime() / 1000);
    return new SignJWT({
      customer_ids: options.customerIds ?? [],
      ...(options.roles ? { roles: options.roles } : {}),
      scope: options.scope ?? 'portal',
      ...options.extraClaims,
    })
      .setProtectedHeader({ alg: 'HS256', typ: options.typ ?? TOKEN_TYPE })
      .setIssuer(options.issuer ?? provider.issuer)
      .setAudience(options.audience ?? AUDIENCE)
      .setSubject(options.sub ?? 'user-1')
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + (options.lifetimeSeconds ?? 600))
      .sign(new TextEncoder().encode(options.secret ?? provider.secret));
  }

  /** `app.request` with the token and active customer set, as a widget would send them. */
  function request(path: string, init: RequestInit & { token?: string; customer?: string } = {}) {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    if (init.customer) headers.set('X-Customer-Id', init.customer);
    if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    return built.app.request(path, { ...init, headers });
  }

  const otherProcesses: PgEventBus[] = [];
  /** Another API process on this (server) database: its own app and its own LISTEN connection, closed with the context. */
  async function apiProcess() {
    const events = await PgEventBus.connect(database.url!, deps.logger);
    otherProcesses.push(events);
    return { events, app: createApp({ ...deps, events }).app };
  }

  async function close() {
    await Promise.all(otherProcesses.map((bus) => bus.close()));
    await database.close();
  }

  return { ...database, close, deps, config, clock, app: built.app, built, addProvider, addCustomer, mintToken, request, apiProcess };
}

export type TestContext = Awaited<ReturnType<typeof createTestContext>>;
