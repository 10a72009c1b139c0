import type { StripeKeys } from '../config.js';
import type { Db } from '../db/database.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../errors.js';
import { decryptSecret, encryptSecret } from '../lib/secrets.js';
import { stripeClient, type Stripe } from './stripe-client.js';

export type PaymentsDeps = Pick<Deps, 'db' | 'config'>;

/** A provider's own Stripe account (issue 6: each provider charges its buyers on its account). */
export interface StripeAccount {
  stripe: Stripe;
  publishableKey: string;
  webhookSecret: string;
}

const names = { secretKey: 'stripe_secret_key', publishableKey: 'stripe_publishable_key', webhookSecret: 'stripe_webhook_secret' } as const;

/** The provider's keys, decrypted, or null when it has not set all three. */
export async function readStripeKeys(db: Db, key: Buffer, providerId: string): Promise<StripeKeys | null> {
  const rows = await db.selectFrom('provider_secrets').select(['name', 'value_enc']).where('provider_id', '=', providerId).where('name', 'in', Object.values(names)).execute();
  const value = (name: string) => rows.find((row) => row.name === name)?.value_enc;
  const sealed = { secretKey: value(names.secretKey), publishableKey: value(names.publishableKey), webhookSecret: value(names.webhookSecret) };
  if (!sealed.secretKey || !sealed.publishableKey || !sealed.webhookSecret) return null;
  return { secretKey: decryptSecret(key, sealed.secretKey), publishableKey: decryptSecret(key, sealed.publishableKey), webhookSecret: decryptSecret(key, sealed.webhookSecret) };
}

/** Stores all three keys encrypted at rest (D6); the secret ones are never returned by any API. */
export async function saveStripeKeys(db: Db, key: Buffer, providerId: string, keys: StripeKeys, at: Date): Promise<void> {
  for (const [field, name] of Object.entries(names) as [keyof StripeKeys, string][]) {
    const value_enc = encryptSecret(key, keys[field]);
    await db
      .insertInto('provider_secrets')
      .values({ provider_id: providerId, name, value_enc, updated_at: at })
      .onConflict((oc) => oc.columns(['provider_id', 'name']).doUpdateSet({ value_enc, updated_at: at }))
      .execute();
  }
}

export async function deleteStripeKeys(db: Db, providerId: string): Promise<void> {
  await db.deleteFrom('provider_secrets').where('provider_id', '=', providerId).where('name', 'in', Object.values(names)).execute();
}

export async function stripeAccount({ db, config }: PaymentsDeps, providerId: string): Promise<StripeAccount | null> {
  const keys = await readStripeKeys(db, config.secretKey, providerId);
  if (!keys) return null;
  return { stripe: stripeClient(keys.secretKey, config.stripeApiUrl), publishableKey: keys.publishableKey, webhookSecret: keys.webhookSecret };
}

/** Card routes without keys answer one clear 409 the widget can show (manual credits still work). */
export async function requireStripe(deps: PaymentsDeps, providerId: string): Promise<StripeAccount> {
  const account = await stripeAccount(deps, providerId);
  if (!account) throw new ApiError('payments_not_configured', 'Card payments are not set up for this provider yet; contact your provider to add funds');
  return account;
}
