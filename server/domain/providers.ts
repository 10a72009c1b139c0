import { createHash, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type { Db } from '../db/database.js';
import type { Branding, ProviderSettings } from '../db/schema.js';
import { newId } from '../lib/ids.js';
import { encryptSecret } from '../lib/secrets.js';

/** D6: the stable issuer of tokens that `/app` mints for a provider. */
export const portalIssuer = (providerId: string) => `urn:lead-portal:app:${providerId}`;

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** `lpk_<prefix>_<secret>`: the prefix finds the row, the SHA-256 of the whole key proves it (D10). */
export function newApiKey(): { key: string; prefix: string; sha256: string } {
  const prefix = randomBytes(6).toString('hex');
  const key = `lpk_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, sha256: hashApiKey(key) };
}

export interface NewProvider {
  name: string;
  currency?: string;
  locale?: string;
  supportEmail?: string | null;
  branding?: Branding;
  settings?: ProviderSettings;
}

/** A provider with its portal signing key pair (private half encrypted, D6) and a first API key, shown once. */
export async function createProvider(db: Db, secretKey: Buffer, input: NewProvider): Promise<{ providerId: string; apiKey: string }> {
  const providerId = newId('prv');
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const apiKey = newApiKey();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('providers')
      .values({
        id: providerId,
        name: input.name,
        currency: input.currency ?? 'USD',
        locale: input.locale ?? 'en-US',
        support_email: input.supportEmail ?? null,
        branding: JSON.stringify(input.branding ?? {}),
        settings: JSON.stringify(input.settings ?? {}),
      })
      .execute();
    await trx.insertInto('provider_issuers').values({ issuer: portalIssuer(providerId), provider_id: providerId, kind: 'portal' }).execute();
    await trx
      .insertInto('signing_keys')
      .values({
        id: newId('sk'),
        issuer: portalIssuer(providerId),
        alg: 'ES256',
        kid: 'portal-1',
        public_jwk: JSON.stringify(await exportJWK(publicKey)),
        secret_enc: encryptSecret(secretKey, JSON.stringify(await exportJWK(privateKey))),
      })
      .execute();
    await trx.insertInto('provider_api_keys').values({ id: newId('key'), provider_id: providerId, prefix: apiKey.prefix, key_sha256: apiKey.sha256 }).execute();
  });
  return { providerId, apiKey: apiKey.key };
}
