// Verifying Lead Portal webhook signatures (README "Notifications"). This file is the snippet the README shows, and
// the tests' webhook receiver runs it, so the documented code is the tested code. Node.js, no dependencies.
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * True when `X-LP-Signature` (`t=<unix>,v1=<hex>[,v1=<hex>]`) carries an HMAC-SHA256, under your signing secret, of
 * `<t>.<METHOD>.<path?query>.<raw body>` and `t` is within `toleranceSeconds` of now. Pass the path and query exactly
 * as received and the raw body bytes as text (empty for GET). During a secret rotation a request carries one `v1`
 * per valid secret; any match passes.
 */
export function verifyLeadPortalSignature(input: {
  secret: string;
  header: string | undefined;
  method: string;
  pathAndQuery: string;
  body: string;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): boolean {
  const parts = (input.header ?? '').split(',').map((part) => part.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (!Number.isInteger(t) || Math.abs(now - t) > (input.toleranceSeconds ?? 300)) return false;
  const expected = createHmac('sha256', input.secret).update(`${t}.${input.method.toUpperCase()}.${input.pathAndQuery}.${input.body}`).digest();
  return parts
    .filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? ''))
    .some(([, v]) => timingSafeEqual(Buffer.from(v!, 'hex'), expected));
}
