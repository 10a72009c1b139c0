import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * /app passwords: scrypt from node:crypto with a per-user salt, stored as `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`
 * (base64url), so verification reads the cost from the hash and the cost can rise later without breaking old ones.
 * N = 2^15 keeps a sign-in near 0.1–0.4 s on a small server; the per-IP and per-account limits bound the rest.
 */
// The server tests lower the cost (vitest.config.ts): they check behaviour, and a hash names its own cost anyway.
const CURRENT = { ln: Number(process.env.LP_TEST_SCRYPT_LN) || 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

type Params = { ln: number; r: number; p: number };

/** The key derivation, on an object so tests can observe that both sign-in paths run it (D24). */
export const kdf = {
  derive(password: string, salt: Buffer, { ln, r, p }: Params): Promise<Buffer> {
    return new Promise((resolve, reject) =>
      // NFKC: the same password typed on another keyboard or OS must give the same bytes.
      scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { N: 2 ** ln, r, p, maxmem: 256 * 2 ** ln * r }, (error, key) => (error ? reject(error) : resolve(key))),
    );
  },
};

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await kdf.derive(password, salt, CURRENT);
  return `$scrypt$ln=${CURRENT.ln},r=${CURRENT.r},p=${CURRENT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

let dummy: Promise<string> | undefined;

/**
 * Whether `password` matches `stored`. With no stored hash (unknown email, or an account without a password) it
 * still derives a key against a dummy hash, so both paths take the same time and give the same answer: false.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  const own = stored ? parse(stored) : null;
  const target = own ?? parse(await dummy)!;
  const key = await kdf.derive(password, target.salt, target.params);
  return own !== null && key.length === target.key.length && timingSafeEqual(key, target.key);
}

function parse(stored: string): { params: Params; salt: Buffer; key: Buffer } | null {
  const match = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([\w-]+)\$([\w-]+)$/.exec(stored);
  if (!match) return null;
  return { params: { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) }, salt: Buffer.from(match[4]!, 'base64url'), key: Buffer.from(match[5]!, 'base64url') };
}
