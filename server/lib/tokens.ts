import { createHash, randomBytes } from 'node:crypto';

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * A random bearer secret (session id, reset, verification or invite token) and the SHA-256 kept at rest: 32 random
 * bytes need no slow hash, and a leaked table gives nothing usable.
 */
export function newSecretToken(): { token: string; sha256: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, sha256: sha256Hex(token) };
}
