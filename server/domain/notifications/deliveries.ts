import type { Db } from '../../db/database.js';
import type { OutboxKind } from '../../db/schema.js';
import type { Tenant } from '../ledger.js';
import { notFound } from '../../errors.js';

export interface DeliveryLogRow {
  id: string;
  public_id: string;
  recipient_id: string;
  recipient_name: string;
  channel: 'email' | 'sms' | 'webhook';
  kind: OutboxKind;
  lead_id: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'dead';
  attempts: number;
  last_error: string | null;
  response_code: number | null;
  next_attempt_at: Date;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The customer's delivery log, newest first (keyset on the row id), for one recipient, one lead, or all. */
export async function listDeliveries(db: Db, tenant: Tenant, filter: { recipientId?: string; leadId?: string; afterId: string | null; limit: number }): Promise<DeliveryLogRow[]> {
  if (filter.recipientId) {
    // A removed recipient's log stays readable; another customer's recipient is not found.
    const owned = await db.selectFrom('notification_recipients').select('id').where('id', '=', filter.recipientId).where('customer_id', '=', tenant.customerId).where('provider_id', '=', tenant.providerId).executeTakeFirst();
    if (!owned) throw notFound('Recipient');
  }
  let query = db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notification_recipients as r', 'r.id', 'd.recipient_id')
    .innerJoin('notification_outbox as o', 'o.id', 'd.outbox_id')
    .select(['d.id', 'd.public_id', 'd.recipient_id', 'r.name as recipient_name', 'r.channel', 'o.kind', 'd.lead_id', 'd.status', 'd.attempts', 'd.last_error', 'd.response_code', 'd.next_attempt_at', 'd.sent_at', 'd.created_at', 'd.updated_at'])
    .where('d.customer_id', '=', tenant.customerId)
    .where('r.provider_id', '=', tenant.providerId)
    .orderBy('d.id', 'desc')
    .limit(filter.limit + 1);
  if (filter.recipientId) query = query.where('d.recipient_id', '=', filter.recipientId);
  if (filter.leadId) query = query.where('d.lead_id', '=', filter.leadId);
  if (filter.afterId) query = query.where('d.id', '<', filter.afterId);
  return query.execute();
}
