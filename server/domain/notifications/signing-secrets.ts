import type { Db } from '../../db/database.js';
import { newId } from '../../lib/ids.js';
import { decryptSecret, encryptSecret } from '../../lib/secrets.js';
import { newSigningSecret } from '../../notify/signature.js';

/** A rotated secret still signs for a day, so receivers can switch without dropping a delivery (D21). */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export interface SecretStatus {
  created_at: string | null;
  previous_expires_at: string | null;
}

/** The customer's secrets that still sign, newest first, decrypted for signing only. */
export async function validSecrets(db: Db, secretKey: Buffer, customerId: string, at: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_secrets')
    .select('secret_enc')
    .where('customer_id', '=', customerId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => decryptSecret(secretKey, r.secret_enc));
}

export async function secretStatus(db: Db, customerId: string, at: Date): Promise<SecretStatus> {
  const rows = await db
    .selectFrom('webhook_secrets')
    .select(['created_at', 'expires_at'])
    .where('customer_id', '=', customerId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .orderBy('created_at', 'desc')
    .execute();
  const current = rows.find((r) => r.expires_at === null);
  const previous = rows.find((r) => r.expires_at !== null);
  return { created_at: current?.created_at.toISOString() ?? null, previous_expires_at: previous?.expires_at?.toISOString() ?? null };
}

/**
 * A new current secret, returned once (never readable again through the API, D6); the one it replaces stays valid
 * for ROTATION_OVERLAP_MS. Runs in the caller's transaction; the customer row lock serialises two rotations.
 */
export async function rotateSecret(trx: Db, secretKey: Buffer, customerId: string, at: Date): Promise<{ secret: string; status: SecretStatus }> {
  await trx.selectFrom('customers').select('id').where('id', '=', customerId).forUpdate().executeTakeFirstOrThrow();
  const expires = new Date(at.getTime() + ROTATION_OVERLAP_MS);
  await trx.updateTable('webhook_secrets').set({ expires_at: expires }).where('customer_id', '=', customerId).where('expires_at', 'is', null).execute();
  const secret = newSigningSecret();
  await trx.insertInto('webhook_secrets').values({ id: newId('whs'), customer_id: customerId, secret_enc: encryptSecret(secretKey, secret), created_at: at }).execute();
  return { secret, status: await secretStatus(trx, customerId, at) };
}

/** The first secret, when the customer has none yet (its first webhook recipient); null when one exists. */
export async function ensureSecret(trx: Db, secretKey: Buffer, customerId: string, at: Date): Promise<string | null> {
  await trx.selectFrom('customers').select('id').where('id', '=', customerId).forUpdate().executeTakeFirstOrThrow();
  const existing = await trx.selectFrom('webhook_secrets').select('id').where('customer_id', '=', customerId).where('expires_at', 'is', null).executeTakeFirst();
  if (existing) return null;
  return (await rotateSecret(trx, secretKey, customerId, at)).secret;
}
