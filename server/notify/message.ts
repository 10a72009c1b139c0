import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { Branding, Database, LeadField, OutboxKind } from '../db/schema.js';
import { toJsonCents } from '../domain/money.js';
import type { TemplateValues } from './template.js';

export type OutboxRow = Selectable<Database['notification_outbox']>;
export type RecipientRow = Selectable<Database['notification_recipients']>;

export interface ProviderLook {
  name: string;
  locale: string;
  currency: string;
  supportEmail: string | null;
  branding: Branding;
}

/** A purchased lead as a buyer may see it: deliverable fields only, in the category's order (D20). */
export interface PurchasedLead {
  purchaseId: string;
  leadId: string;
  bidId: string | null;
  leadType: { id: string; name: string };
  chargedCents: number;
  purchasedAt: Date;
  scope: { kind: string; state: string | null; county_fips: string | null } | null;
  fields: { key: string; label: string; value: unknown }[];
}

/** What one outbox row is about, loaded once and shaped per recipient. */
export interface Subject {
  kind: OutboxKind;
  createdAt: Date;
  provider: ProviderLook;
  lead: PurchasedLead | null;
  /** The outbox payload (ids and cents) for kinds without a lead. */
  payload: Record<string, unknown>;
}

/** One recipient's message: the subject narrowed to the fields it chose, with the idempotency id. */
export interface Message extends Subject {
  idempotencyId: string;
  fields: { key: string; label: string; value: unknown }[];
}

export async function loadProvider(db: Db, providerId: string): Promise<ProviderLook> {
  const p = await db.selectFrom('providers').select(['name', 'locale', 'currency', 'support_email', 'branding']).where('id', '=', providerId).executeTakeFirstOrThrow();
  return { name: p.name, locale: p.locale, currency: p.currency, supportEmail: p.support_email, branding: p.branding };
}

export async function loadPurchasedLead(db: Db, customerId: string, purchaseId: string): Promise<PurchasedLead | null> {
  const row = await db
    .selectFrom('purchases as p')
    .innerJoin('leads as l', 'l.id', 'p.lead_id')
    .innerJoin('lead_types as lt', 'lt.id', 'p.lead_type_id')
    .innerJoin('lead_categories as lc', 'lc.id', 'lt.category_id')
    .leftJoin('bids as b', 'b.id', 'p.bid_id')
    .select(['p.id', 'p.lead_id', 'p.bid_id', 'p.price_cents', 'p.purchased_at', 'lt.id as lead_type_id', 'lt.name as lead_type_name', 'l.fields', 'lc.fields as schema'])
    .select(['b.scope_kind', 'b.scope_state', 'b.scope_county_fips'])
    .where('p.id', '=', purchaseId)
    .where('p.customer_id', '=', customerId)
    .executeTakeFirst();
  if (!row) return null;
  const values = row.fields as Record<string, unknown>;
  return {
    purchaseId: row.id,
    leadId: row.lead_id,
    bidId: row.bid_id,
    leadType: { id: row.lead_type_id, name: row.lead_type_name },
    chargedCents: toJsonCents(row.price_cents),
    purchasedAt: row.purchased_at,
    scope: row.scope_kind ? { kind: row.scope_kind, state: row.scope_state, county_fips: row.scope_county_fips } : null,
    fields: (row.schema as LeadField[]).filter((f) => f.deliverable && values[f.key] !== undefined).map((f) => ({ key: f.key, label: f.label, value: values[f.key] })),
  };
}

export async function loadSubject(db: Db, outbox: OutboxRow, provider: ProviderLook): Promise<Subject> {
  const purchaseId = outbox.kind === 'lead.purchased' ? String(outbox.payload.purchase_id ?? outbox.subject_ref) : null;
  const lead = purchaseId ? await loadPurchasedLead(db, outbox.customer_id, purchaseId) : null;
  return { kind: outbox.kind, createdAt: outbox.created_at, provider, lead, payload: outbox.payload };
}

export function messageFor(subject: Subject, recipient: Pick<RecipientRow, 'fields'>, idempotencyId: string): Message {
  const chosen = recipient.fields && new Set(recipient.fields);
  const fields = (subject.lead?.fields ?? []).filter((f) => !chosen || chosen.has(f.key));
  return { ...subject, idempotencyId, fields };
}

const fieldObject = (message: Message) => Object.fromEntries(message.fields.map((f) => [f.key, f.value]));

/** The default webhook body: `id` is the idempotency id, the same on every attempt. */
export function defaultPayload(message: Message): Record<string, unknown> {
  const lead = message.lead;
  const data = lead
    ? {
        purchase_id: lead.purchaseId, lead_id: lead.leadId, bid_id: lead.bidId, lead_type: lead.leadType, charged_amount_cents: lead.chargedCents,
        scope: lead.scope, purchased_at: lead.purchasedAt.toISOString(), fields: fieldObject(message),
      }
    : message.payload;
  return { id: message.idempotencyId, type: message.kind, created_at: message.createdAt.toISOString(), data };
}

/** Template variables (SPEC): `charged_amount` is integer cents, like every amount in the API. */
export function templateValues(message: Message): TemplateValues {
  const lead = message.lead;
  const fields = fieldObject(message);
  return {
    idempotency_id: message.idempotencyId, kind: message.kind, created_at: message.createdAt.toISOString(),
    charged_amount: lead?.chargedCents ?? null, lead_type: lead?.leadType.name ?? null, scope: lead?.scope ?? null,
    deliverable_fields: fields, lead_id: lead?.leadId ?? null, purchase_id: lead?.purchaseId ?? null, bid_id: lead?.bidId ?? null, lead: fields,
  };
}
