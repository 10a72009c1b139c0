import type { Db } from '../db/database.js';
import type { LeadField, ProviderSettings } from '../db/schema.js';
import { newId } from '../lib/ids.js';

/**
 * Small row builders shared by server tests that need catalogue data the harness does not create
 * (lead types, bids, provider settings). They insert rows directly with Kysely, as the product's own code would.
 */

export interface LeadTypeOptions {
  id?: string;
  name?: string;
  pricing?: 'fixed' | 'range';
  priceCents?: bigint;
  minCents?: bigint;
  maxCents?: bigint;
  biddable?: boolean;
  active?: boolean;
  /** The category's fields (none by default). */
  fields?: LeadField[];
}

/** A lead type in its own lead category. Range pricing by default (min 1,500, max 10,000 cents). */
export async function addLeadType(db: Db, providerId: string, options: LeadTypeOptions = {}): Promise<string> {
  const categoryId = newId('lcat');
  await db.insertInto('lead_categories').values({ id: categoryId, provider_id: providerId, name: `Category ${categoryId}`, fields: JSON.stringify(options.fields ?? []) }).execute();
  const id = options.id ?? newId('lt');
  const pricing = options.pricing ?? 'range';
  await db
    .insertInto('lead_types')
    .values({
      id,
      provider_id: providerId,
      category_id: categoryId,
      name: options.name ?? `Lead type ${id}`,
      pricing,
      price_cents: pricing === 'fixed' ? (options.priceCents ?? 1_000n) : null,
      min_cents: pricing === 'range' ? (options.minCents ?? 1_500n) : null,
      max_cents: pricing === 'range' ? (options.maxCents ?? 10_000n) : null,
      step_cents: pricing === 'range' ? 100n : null,
      biddable: options.biddable ?? true,
      active: options.active ?? true,
    })
    .execute();
  return id;
}

export interface BidOptions {
  id?: string;
  name?: string;
  amountCents: bigint;
  status?: 'active' | 'paused' | 'archived';
  deleted?: boolean;
}

/** A nationwide bid of a customer on a lead type. */
export async function addBid(db: Db, tenant: { providerId: string; customerId: string }, leadTypeId: string, options: BidOptions): Promise<string> {
  const id = options.id ?? newId('bid');
  await db
    .insertInto('bids')
    .values({
      id,
      provider_id: tenant.providerId,
      customer_id: tenant.customerId,
      lead_type_id: leadTypeId,
      name: options.name ?? `Bid ${options.amountCents}`,
      amount_cents: options.amountCents,
      scope_kind: 'nationwide',
      filters: '{}',
      status: options.status ?? 'active',
      deleted_at: options.deleted ? new Date() : null,
    })
    .execute();
  return id;
}

/** Merges `patch` into the provider's settings. */
export async function setProviderSettings(db: Db, providerId: string, patch: ProviderSettings): Promise<void> {
  const { settings } = await db.selectFrom('providers').select('settings').where('id', '=', providerId).executeTakeFirstOrThrow();
  await db.updateTable('providers').set({ settings: JSON.stringify({ ...settings, ...patch }) }).where('id', '=', providerId).execute();
}
