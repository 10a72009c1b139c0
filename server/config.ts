import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type Mode = 'demo' | 'production';

export interface Config {
  mode: Mode;
  port: number;
  host: string;
  /** Where the browser reaches this server; /app tokens are always allowed from here (D9). */
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** 32 bytes for AES-256-GCM of secrets at rest (D6). */
  secretKey: Buffer;
  defaultProviderId: string | undefined;
  distDir: string;
  logLevel: string;
  /** Where the Stripe SDK sends requests; unset = Stripe itself. Tests and local runs point it at a compatible server. */
  stripeApiUrl: string | undefined;
  /** The demo provider's Stripe account, from the environment (demo mode only; other providers use the provider API). */
  demoStripe: StripeKeys | undefined;
  /** Outgoing mail (`smtp://user:pass@host:port`, `smtps://…`); unset: demo mode logs mail as JSON, production sends none. */
  smtpUrl: string | undefined;
  /** The From address of notification mail; the provider's name is its display name. */
  smtpFrom: string;
  /** SMS gateway adapter (D21): POST {to, body} with a bearer token; SMS is off unless set. */
  smsGateway: { url: string; token: string | undefined } | undefined;
  /** How often an idle event stream gets a heartbeat comment (D22); below a proxy's idle timeout. */
  eventsHeartbeatMs: number;
}

export interface StripeKeys {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
}

export class ConfigError extends Error {}

/** Parses every environment variable once (DESIGN: config.ts). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  const mode = parseMode(env.LP_MODE, databaseUrl);
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  const dataDir = resolve(env.DATA_DIR ?? '.data');

  if (mode === 'production') {
    const missing = ['PUBLIC_URL', 'LP_SECRET_KEY'].filter((name) => !env[name]);
    if (missing.length) throw new ConfigError(`LP_MODE=production needs ${missing.join(' and ')} (see README "Configuration")`);
  }
  return {
    mode,
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    databaseUrl,
    dataDir,
    secretKey: env.LP_SECRET_KEY ? parseSecretKey(env.LP_SECRET_KEY) : demoSecretKey(dataDir),
    defaultProviderId: env.DEFAULT_PROVIDER || undefined,
    distDir: resolve(env.DIST_DIR ?? 'dist'),
    logLevel: env.LOG_LEVEL ?? 'info',
    stripeApiUrl: parseStripeApiUrl(env.STRIPE_API_URL),
    demoStripe: mode === 'demo' ? parseDemoStripe(env) : undefined,
    smtpUrl: parseUrl('SMTP_URL', env.SMTP_URL, /^smtps?:$/, 'an smtp:// or smtps://'),
    smtpFrom: env.SMTP_FROM || `no-reply@${new URL(env.PUBLIC_URL ?? 'http://localhost').hostname}`,
    smsGateway: env.SMS_GATEWAY_URL ? { url: parseUrl('SMS_GATEWAY_URL', env.SMS_GATEWAY_URL, /^https?:$/, 'an http(s)')!, token: env.SMS_GATEWAY_TOKEN || undefined } : undefined,
    eventsHeartbeatMs: parseMilliseconds('EVENTS_HEARTBEAT_MS', env.EVENTS_HEARTBEAT_MS, 15_000),
  };
}

function parseMilliseconds(name: string, value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100 || ms > 3_600_000) throw new ConfigError(`${name} must be a whole number of milliseconds from 100 to 3600000, got "${value}"`);
  return ms;
}

/** The value is not echoed in the error: these URLs may carry credentials. */
function parseUrl(name: string, value: string | undefined, protocols: RegExp, kind: string): string | undefined {
  if (!value) return undefined;
  if (!URL.canParse(value) || !protocols.test(new URL(value).protocol)) throw new ConfigError(`${name} must be ${kind} URL`);
  return value;
}

function parseStripeApiUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new ConfigError(`STRIPE_API_URL must be an http(s) URL, got "${value}"`);
  return value;
}

/** All three keys or none: a secret key without its webhook secret could charge cards but never credit a wallet. */
function parseDemoStripe(env: NodeJS.ProcessEnv): StripeKeys | undefined {
  const names = ['STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET'] as const;
  const missing = names.filter((name) => !env[name]);
  if (missing.length === names.length) return undefined;
  if (missing.length) throw new ConfigError(`Stripe needs ${names.join(', ')} together; missing ${missing.join(' and ')}`);
  return { secretKey: env.STRIPE_SECRET_KEY!, publishableKey: env.STRIPE_PUBLISHABLE_KEY!, webhookSecret: env.STRIPE_WEBHOOK_SECRET! };
}

function parseMode(value: string | undefined, databaseUrl: string | undefined): Mode {
  if (!value) return databaseUrl ? 'production' : 'demo';
  if (value === 'demo' || value === 'production') return value;
  throw new ConfigError(`LP_MODE must be "demo" or "production", got "${value}"`);
}

function parseSecretKey(value: string): Buffer {
  const key = Buffer.from(value, /^[0-9a-f]{64}$/i.test(value) ? 'hex' : 'base64');
  if (key.length !== 32) throw new ConfigError('LP_SECRET_KEY must be 32 bytes, as 64 hex characters or base64');
  return key;
}

/** Demo mode keeps a generated key beside its data so encrypted secrets survive restarts (D6). */
function demoSecretKey(dataDir: string): Buffer {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return parseSecretKey(readFileSync(file, 'utf8').trim());
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}
