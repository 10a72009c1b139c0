import type { Selectable } from 'kysely';
import type { Mode } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { Database, OutboxKind } from '../../db/schema.js';
import { ApiError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { checkWebhookUrl, resolveSafely, UnsafeUrl } from '../../notify/ssrf.js';
import { renderTemplate, SAMPLE_VALUES, TemplateError } from '../../notify/template.js';
import type { Tenant } from '../ledger.js';
import { ensureSecret } from './signing-secrets.js';

export type RecipientRow = Selectable<Database['notification_recipients']>;
export type Channel = RecipientRow['channel'];
export type HttpMethod = 'POST' | 'PUT' | 'PATCH' | 'GET';

export interface RecipientDraft {
  name: string;
  channel: Channel;
  address: string;
  httpMethod: HttpMethod | null;
  payloadTemplate: string | null;
  kinds: OutboxKind[];
  bidIds: string[] | null;
  fields: string[] | null;
  enabled: boolean;
}

/** What the server offers: the mode decides webhook URL rules; SMS needs the provider's consent and a gateway (D21). */
export interface ChannelRules {
  mode: Mode;
  smsAvailable: boolean;
  secretKey: Buffer;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{7,14}$/;
const DNS_WAIT_MS = 3_000;

/** Channel-specific checks, each naming its field (the widget puts the message under that input). */
async function validate(db: Db, tenant: Tenant, draft: RecipientDraft, rules: ChannelRules): Promise<void> {
  const fields: Record<string, string> = {};
  if (draft.channel === 'email' && !(EMAIL.test(draft.address) && draft.address.length <= 254)) fields.address = 'Enter an email address, e.g. leads@example.com';
  if (draft.channel === 'sms') {
    if (!rules.smsAvailable) fields.channel = 'Text messages are not available from your provider';
    else if (!E164.test(draft.address)) fields.address = 'Enter the number in international form, e.g. +15125550100';
  }
  if (draft.channel === 'webhook') {
    try {
      const url = checkWebhookUrl(draft.address, rules.mode);
      await Promise.race([resolveSafely(url.hostname, rules.mode).catch((e) => { if (e instanceof UnsafeUrl) throw e; }), new Promise((r) => setTimeout(r, DNS_WAIT_MS))]);
    } catch (error) {
      if (!(error instanceof UnsafeUrl)) throw error;
      fields.address = error.message;
    }
    if (draft.payloadTemplate !== null) {
      try {
        renderTemplate(draft.payloadTemplate, SAMPLE_VALUES);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        fields.payload_template = error.message;
      }
    }
  } else {
    if (draft.httpMethod !== null) fields.http_method = 'Only webhooks have a method';
    if (draft.payloadTemplate !== null) fields.payload_template = 'Only webhooks have a payload template';
  }
  if (draft.bidIds?.length) {
    const known = await db.selectFrom('bids').select('id').where('customer_id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId).where('deleted_at', 'is', null).where('id', 'in', draft.bidIds).execute();
    const unknown = draft.bidIds.filter((id) => !known.some((b) => b.id === id));
    if (unknown.length) fields.bid_ids = `Unknown bid: ${unknown.join(', ')}`;
  }
  if (Object.keys(fields).length) throw new ApiError('invalid_request', Object.values(fields)[0]!, fields);
}

const live = (db: Db, tenant: Tenant) =>
  db.selectFrom('notification_recipients').selectAll().where('provider_id', '=', tenant.providerId).where('customer_id', '=', tenant.customerId).where('deleted_at', 'is', null);

export async function getRecipient(db: Db, tenant: Tenant, id: string): Promise<RecipientRow> {
  const row = await live(db, tenant).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Recipient');
  return row;
}

/** Newest first, keyset on (created_at, id). */
export async function listRecipients(db: Db, tenant: Tenant, page: { after: [string, string] | null; limit: number }): Promise<RecipientRow[]> {
  let query = live(db, tenant).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1);
  if (page.after) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(new Date(page.after![0]), page.after![1])));
  return query.execute();
}

const columns = (d: RecipientDraft) => ({
  name: d.name, channel: d.channel, address: d.address, http_method: d.channel === 'webhook' ? (d.httpMethod ?? 'POST') : null,
  payload_template: d.payloadTemplate, kinds: d.kinds, bid_ids: d.bidIds?.length ? d.bidIds : null, fields: d.fields, enabled: d.enabled,
});

/** A new recipient; the customer's first webhook also creates its signing secret, returned once. */
export async function createRecipient(db: Db, tenant: Tenant, draft: RecipientDraft, rules: ChannelRules, at: Date): Promise<{ row: RecipientRow; signingSecret: string | null }> {
  await validate(db, tenant, draft, rules);
  return db.transaction().execute(async (trx) => {
    const signingSecret = draft.channel === 'webhook' ? await ensureSecret(trx, rules.secretKey, tenant.customerId, at) : null;
    const row = await trx
      .insertInto('notification_recipients')
      .values({ id: newId('rcp'), provider_id: tenant.providerId, customer_id: tenant.customerId, ...columns(draft), created_at: at, updated_at: at })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { row, signingSecret };
  });
}

export const draftOf = (row: RecipientRow): RecipientDraft => ({
  name: row.name, channel: row.channel, address: row.address, httpMethod: row.http_method, payloadTemplate: row.payload_template,
  kinds: row.kinds as OutboxKind[], bidIds: row.bid_ids, fields: row.fields, enabled: row.enabled,
});

/** Changes are checked as a whole recipient; switching away from webhook drops the method. */
export async function updateRecipient(db: Db, tenant: Tenant, id: string, changes: Partial<RecipientDraft>, rules: ChannelRules, at: Date): Promise<{ row: RecipientRow; signingSecret: string | null }> {
  const current = draftOf(await getRecipient(db, tenant, id));
  const draft = { ...current, ...(changes.channel && changes.channel !== 'webhook' && current.channel === 'webhook' ? { httpMethod: null, payloadTemplate: null } : {}), ...changes };
  await validate(db, tenant, draft, rules);
  return db.transaction().execute(async (trx) => {
    const signingSecret = draft.channel === 'webhook' ? await ensureSecret(trx, rules.secretKey, tenant.customerId, at) : null;
    const row = await trx
      .updateTable('notification_recipients')
      .set({ ...columns(draft), updated_at: at })
      .where('id', '=', id)
      .where('customer_id', '=', tenant.customerId)
      .where('deleted_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound('Recipient');
    return { row, signingSecret };
  });
}

/** Removed softly: its delivery log stays readable; pending deliveries to it end as dead. Removing twice is fine. */
export async function deleteRecipient(db: Db, tenant: Tenant, id: string, at: Date): Promise<void> {
  const own = await db.selectFrom('notification_recipients').select('deleted_at').where('id', '=', id).where('customer_id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId).executeTakeFirst();
  if (!own) throw notFound('Recipient');
  if (own.deleted_at) return;
  await db.updateTable('notification_recipients').set({ deleted_at: at, updated_at: at }).where('id', '=', id).where('deleted_at', 'is', null).execute();
}
