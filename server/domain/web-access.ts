import type { Transaction } from 'kysely';
import type { Mode } from '../config.js';
import type { Database } from '../db/schema.js';
import { ApiError } from '../errors.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** https everywhere; plain http only to this machine and only in demo mode (D8: demo mode is "development"). */
function schemeProblem(url: URL, mode: Mode): string | null {
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && mode === 'demo' && LOCAL_HOSTS.has(url.hostname)) return null;
  return mode === 'demo' ? 'Use https (or http://localhost / http://127.0.0.1 in demo mode)' : 'Use https';
}

/** Why `value` is not an allowed browser origin (D9): a bare `scheme://host[:port]`, exactly as browsers send it. */
export function originProblem(value: string, mode: Mode): string | null {
  const url = parseUrl(value);
  if (!url || !/^https?:$/.test(url.protocol)) return 'Give an origin such as https://shop.example';
  if (url.origin !== value) return `Give the bare origin as browsers send it: ${url.origin}`;
  return schemeProblem(url, mode);
}

/** Why `value` is not a URL we may fetch or link to (JWKS, logo, policy page). */
export function webUrlProblem(value: string, mode: Mode): string | null {
  const url = parseUrl(value);
  if (!url || !/^https?:$/.test(url.protocol)) return 'Give an absolute https URL';
  if (url.username || url.password) return 'Leave credentials out of the URL';
  return schemeProblem(url, mode);
}

/** Why `value` is not a hostname `/app` can be served on (D7): lower-case DNS name, no scheme or port. */
export function hostnameProblem(value: string): string | null {
  return HOSTNAME.test(value) ? null : 'Give a lower-case hostname such as portal.shop.example (no scheme, port or path)';
}

/** Replaces the provider's allowed origins. Callers refresh OriginPolicy after commit. */
export async function replaceOrigins(trx: Transaction<Database>, providerId: string, origins: readonly string[]): Promise<void> {
  await trx.deleteFrom('provider_origins').where('provider_id', '=', providerId).execute();
  if (origins.length) await trx.insertInto('provider_origins').values(origins.map((origin) => ({ provider_id: providerId, origin }))).execute();
}

/** Replaces the provider's `/app` hostnames; a hostname already served for another provider is a 409. */
export async function replaceHostnames(trx: Transaction<Database>, providerId: string, hostnames: readonly string[]): Promise<void> {
  await trx.deleteFrom('provider_hostnames').where('provider_id', '=', providerId).execute();
  if (!hostnames.length) return;
  const inserted = await trx
    .insertInto('provider_hostnames')
    .values(hostnames.map((hostname) => ({ hostname, provider_id: providerId })))
    .onConflict((oc) => oc.column('hostname').doNothing())
    .returning('hostname')
    .execute();
  if (inserted.length < hostnames.length) {
    const taken = hostnames.filter((h) => !inserted.some((row) => row.hostname === h));
    throw new ApiError('conflict', 'A hostname is already used by another provider', Object.fromEntries(taken.map((h) => [`hostnames.${hostnames.indexOf(h)}`, `${h} is taken`])));
  }
}
