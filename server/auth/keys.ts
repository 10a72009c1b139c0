import { createRemoteJWKSet, importJWK, type CryptoKey, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Db } from '../db/database.js';
import { decryptSecret } from '../lib/secrets.js';

export type VerificationKey =
  | { alg: 'HS256'; kid: string | null; key: Uint8Array }
  | { alg: 'RS256' | 'ES256' | 'EdDSA'; kid: string | null; key: CryptoKey | Uint8Array }
  | { alg: 'RS256' | 'ES256' | 'EdDSA'; kid: string | null; jwks: JWTVerifyGetKey };

export interface IssuerKeys {
  providerId: string;
  kind: 'provider' | 'portal';
  keys: VerificationKey[];
}

const CACHE_MS = 60_000;

/**
 * Looks up an issuer's provider and keys, cached for a minute so a verified request costs no query.
 * One `createRemoteJWKSet` per JWKS URL: jose's own cooldown then handles the provider's key rotation.
 */
export class KeyRegistry {
  private readonly cache = new Map<string, { at: number; value: IssuerKeys | null }>();
  private readonly remoteSets = new Map<string, JWTVerifyGetKey>();

  constructor(private readonly db: Db, private readonly secretKey: Buffer) {}

  async forIssuer(issuer: string): Promise<IssuerKeys | null> {
    const hit = this.cache.get(issuer);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    const value = await this.load(issuer);
    this.cache.set(issuer, { at: Date.now(), value });
    return value;
  }

  /** Called after a provider changes its keys, so the change applies at once on this process. */
  invalidate(issuer?: string): void {
    if (issuer) this.cache.delete(issuer);
    else this.cache.clear();
  }

  private async load(issuer: string): Promise<IssuerKeys | null> {
    const owner = await this.db.selectFrom('provider_issuers').select(['provider_id', 'kind']).where('issuer', '=', issuer).executeTakeFirst();
    if (!owner) return null;
    const rows = await this.db
      .selectFrom('signing_keys')
      .select(['alg', 'kid', 'secret_enc', 'public_jwk', 'jwks_url'])
      .where('issuer', '=', issuer)
      .where('revoked_at', 'is', null)
      .execute();
    const keys = await Promise.all(rows.map((row) => this.toKey(row)));
    return { providerId: owner.provider_id, kind: owner.kind, keys };
  }

  private async toKey(row: { alg: VerificationKey['alg']; kid: string | null; secret_enc: string | null; public_jwk: Record<string, unknown> | null; jwks_url: string | null }): Promise<VerificationKey> {
    if (row.alg === 'HS256') {
      return { alg: 'HS256', kid: row.kid, key: new TextEncoder().encode(decryptSecret(this.secretKey, row.secret_enc!)) };
    }
    if (row.jwks_url) {
      let set = this.remoteSets.get(row.jwks_url);
      if (!set) {
        set = createRemoteJWKSet(new URL(row.jwks_url), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
        this.remoteSets.set(row.jwks_url, set);
      }
      return { alg: row.alg, kid: row.kid, jwks: set };
    }
    return { alg: row.alg, kid: row.kid, key: await importJWK(row.public_jwk as JWK, row.alg) };
  }
}
