import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { IssuerKeys, KeyRegistry, VerificationKey } from './keys.js';

export const TOKEN_TYPE = 'lp-portal+jwt';
export const AUDIENCE = 'lead-portal';
const MAX_LIFETIME_S = 3600;
const CLOCK_TOLERANCE_S = 5;

const roleSchema = z.enum(['admin', 'buyer', 'billing', 'viewer']);

/** The claims a provider's backend puts in a portal token (DESIGN "Auth protocol", D1, D2). */
const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  customer_ids: z.array(z.string().min(1).max(200)).min(1).max(500),
  roles: z.record(z.string(), roleSchema).optional(),
  scope: z.enum(['portal', 'portal:read']).default('portal'),
  email: z.string().email().max(320).optional(),
  name: z.string().max(200).optional(),
});

export interface VerifiedToken {
  providerId: string;
  issuer: string;
  issuerKind: IssuerKeys['kind'];
  claims: z.infer<typeof claimsSchema>;
  expiresAt: Date;
  /** For caching per token without keeping the token itself. */
  sha256: string;
}

const unauthorized = (message = 'Invalid token') => new ApiError('unauthorized', message);

/**
 * Verifies a provider-signed (or /app-minted) JWT: pinned algorithm per key, issuer known, audience, explicit
 * `typ` (RFC 8725), exp/iat required, lifetime <= 1 h. Any failure is a 401 without detail beyond expiry.
 */
export async function verifyPortalToken(token: string, registry: KeyRegistry, clock: Clock): Promise<VerifiedToken> {
  let issuer: string | undefined;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
    issuer = decodeJwt(token).iss;
  } catch {
    throw unauthorized('Malformed token');
  }
  if (!issuer || header.typ !== TOKEN_TYPE) throw unauthorized();
  const owner = await registry.forIssuer(issuer);
  if (!owner) throw unauthorized();
  const candidates = owner.keys.filter((k) => k.alg === header.alg && (!header.kid || !k.kid || k.kid === header.kid));
  if (candidates.length === 0) throw unauthorized();

  let payload: JWTPayload | undefined;
  let lastError: unknown;
  for (const key of candidates) {
    try {
      payload = await verifyWith(token, key, issuer, clock);
      break;
    } catch (error) {
      lastError = error;
    }
  }
  if (!payload) {
    if (lastError instanceof errors.JWTExpired) throw new ApiError('token_expired', 'Token expired');
    throw unauthorized();
  }
  if (payload.exp! - payload.iat! > MAX_LIFETIME_S) throw unauthorized('Token lifetime exceeds one hour');
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) throw unauthorized('Token claims are invalid');
  return {
    providerId: owner.providerId,
    issuer,
    issuerKind: owner.kind,
    claims: parsed.data,
    expiresAt: new Date(payload.exp! * 1000),
    sha256: createHash('sha256').update(token).digest('hex'),
  };
}

async function verifyWith(token: string, key: VerificationKey, issuer: string, clock: Clock): Promise<JWTPayload> {
  const options = {
    algorithms: [key.alg],
    issuer,
    audience: AUDIENCE,
    typ: TOKEN_TYPE,
    maxTokenAge: MAX_LIFETIME_S,
    requiredClaims: ['sub', 'exp', 'iat'],
    clockTolerance: CLOCK_TOLERANCE_S,
    currentDate: clock.now(),
  };
  const result = 'jwks' in key ? await jwtVerify(token, key.jwks, options) : await jwtVerify(token, key.key, options);
  return result.payload;
}
