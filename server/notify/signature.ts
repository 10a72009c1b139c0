import { createHmac, randomBytes } from 'node:crypto';

/** A customer's webhook signing secret (D21): shown once, stored encrypted (D6). */
export const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * `X-LP-Signature: t=<unix>,v1=<hex>[,v1=<hex>]` (D21): HMAC-SHA256 of `t.METHOD.path?query.body` under each secret
 * still valid (the newest first; a rotated one stays valid 24 h). verify-signature.ts is the receiver's side.
 */
export function signatureHeader(secrets: readonly string[], request: { method: string; pathAndQuery: string; body: string }, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const signed = `${t}.${request.method}.${request.pathAndQuery}.${request.body}`;
  return [`t=${t}`, ...secrets.map((secret) => `v1=${createHmac('sha256', secret).update(signed).digest('hex')}`)].join(',');
}
