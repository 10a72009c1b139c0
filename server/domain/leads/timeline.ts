import type { Db } from '../../db/database.js';
import type { OutboxKind } from '../../db/schema.js';
import type { Tenant } from '../ledger.js';
import type { PurchasedLead } from './list.js';

export type TimelineEvent =
  | { kind: 'purchased'; at: Date; priceCents: bigint }
  | { kind: 'notification'; at: Date; event: OutboxKind; channel: 'email' | 'sms' | 'webhook' | null; recipient: string | null; status: 'queued' | 'pending' | 'sending' | 'sent' | 'failed' | 'dead'; attempts: number }
  | { kind: 'return_requested'; at: Date; reasonCode: string; note: string }
  | { kind: 'return_approved' | 'return_denied'; at: Date; note: string | null };

/**
 * A purchased lead's history (SPEC "Leads" detail): the purchase, each notification sent about it or its return
 * (one entry per delivery once the notifications worker has expanded the outbox row, else one queued entry), and
 * the return's request and decision. Oldest first.
 */
export async function leadTimeline(db: Db, tenant: Tenant, lead: PurchasedLead): Promise<TimelineEvent[]> {
  const subjects = lead.return ? [lead.purchaseId, lead.return.id] : [lead.purchaseId];
  const notifications = await db
    .selectFrom('notification_outbox as o')
    .leftJoin('notification_deliveries as d', 'd.outbox_id', 'o.id')
    .leftJoin('notification_recipients as n', 'n.id', 'd.recipient_id')
    .select(['o.kind', 'o.created_at', 'd.status', 'd.attempts', 'd.updated_at', 'n.channel', 'n.name'])
    .where('o.customer_id', '=', tenant.customerId)
    .where('o.provider_id', '=', tenant.providerId)
    .where('o.subject_ref', 'in', subjects)
    .orderBy('o.id')
    .orderBy('d.id')
    .execute();

  const events: TimelineEvent[] = [{ kind: 'purchased', at: lead.purchasedAt, priceCents: lead.priceCents }];
  const ret = lead.return;
  if (ret) {
    events.push({ kind: 'return_requested', at: ret.requestedAt, reasonCode: ret.reasonCode, note: ret.note });
    if (ret.status !== 'pending' && ret.decidedAt) events.push({ kind: ret.status === 'approved' ? 'return_approved' : 'return_denied', at: ret.decidedAt, note: ret.decisionNote });
  }
  for (const n of notifications) {
    events.push({ kind: 'notification', at: n.updated_at ?? n.created_at, event: n.kind, channel: n.channel, recipient: n.name, status: n.status ?? 'queued', attempts: n.attempts ?? 0 });
  }
  // Stable: at equal times a cause (purchase, decision) stays before the notification about it.
  return events.sort((a, b) => a.at.getTime() - b.at.getTime());
}
