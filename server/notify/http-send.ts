import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Mode } from '../config.js';
import { checkWebhookUrl, resolveSafely } from './ssrf.js';

export const SEND_TIMEOUT_MS = 10_000;

/** A failed attempt: the message goes to the delivery log, with the receiver's status when it answered. */
export class DeliveryError extends Error {
  constructor(message: string, readonly responseCode: number | null = null) {
    super(message);
  }
}

export interface HttpAttempt {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP request with the SSRF guard at connect time: the socket connects only to addresses checked right then, so
 * a DNS answer that changes after the save-time check (rebinding) is refused too. 2xx is success; the reply body is
 * read (to free the socket) but not kept.
 */
export async function sendHttp(attempt: HttpAttempt, mode: Mode, agents?: { http: http.Agent; https: https.Agent }): Promise<number> {
  try {
    checkWebhookUrl(attempt.url.toString(), mode);
    await resolveSafely(attempt.url.hostname, mode); // IP literals never reach `lookup`
  } catch (error) {
    throw new DeliveryError((error as Error).message);
  }
  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    resolveSafely(hostname, mode).then(
      (addresses) => (options.all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family)),
      (error: Error) => callback(Object.assign(error, { code: 'EUNSAFE' }), '', 0),
    );
  };
  const client = attempt.url.protocol === 'https:' ? https : http;
  const agent = agents ? (attempt.url.protocol === 'https:' ? agents.https : agents.http) : undefined;
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => request.destroy(new Error(`No reply within ${SEND_TIMEOUT_MS / 1000} s`)), SEND_TIMEOUT_MS);
    const request = client.request(
      attempt.url,
      { method: attempt.method, headers: { ...attempt.headers, 'Content-Length': String(Buffer.byteLength(attempt.body)) }, lookup: guardedLookup, agent },
      (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(status);
          else reject(new DeliveryError(`The receiver answered ${status}`, status));
        });
        response.on('error', (error) => reject(new DeliveryError(error.message, response.statusCode ?? null)));
      },
    );
    request.on('error', (error) => reject(error instanceof DeliveryError ? error : new DeliveryError(error.message)));
    request.on('close', () => clearTimeout(timer));
    request.end(attempt.body);
  });
}
