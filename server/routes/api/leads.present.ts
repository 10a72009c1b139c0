import { countyName } from '../../domain/geo/counties.js';
import { deliverableValues, type LeadTypeFields } from '../../domain/leads/fields.js';
import type { PurchasedLead } from '../../domain/leads/list.js';
import type { TimelineEvent } from '../../domain/leads/timeline.js';
import { toJsonCents } from '../../domain/money.js';
import type { Eligibility, ReturnPolicy } from '../../domain/returns/policy.js';
import type { ReturnRow } from '../../domain/returns/decisions.js';

/** Lead replies: deliverable fields only, whatever the stored lead holds (D20). */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const returnJson = (r: { id: string; status: 'pending' | 'approved' | 'denied'; reasonCode: string; note: string; requestedAt: Date; decidedAt: Date | null; decisionNote: string | null }) => ({
  id: r.id,
  status: r.status,
  reason_code: r.reasonCode,
  note: r.note,
  requested_at: r.requestedAt.toISOString(),
  decided_at: iso(r.decidedAt),
  decision_note: r.decisionNote,
});

export const returnRowJson = (row: ReturnRow) =>
  returnJson({ id: row.id, status: row.status, reasonCode: row.reason_code, note: row.note, requestedAt: row.created_at, decidedAt: row.decided_at, decisionNote: row.decision_note });

function core(lead: PurchasedLead, types: Map<string, LeadTypeFields>) {
  return {
    id: lead.leadId,
    purchase_id: lead.purchaseId,
    purchased_at: lead.purchasedAt.toISOString(),
    price_cents: toJsonCents(lead.priceCents),
    status: lead.status,
    lead_type: { id: lead.leadTypeId, name: types.get(lead.leadTypeId)?.name ?? '' },
    source: {
      kind: lead.source,
      bid: lead.bidId ? { id: lead.bidId, name: lead.bidName ?? '' } : null,
      listing_id: lead.listingId,
      buy_order_id: lead.buyOrderId,
      standing_order_id: lead.standingOrderId,
    },
    state: lead.state,
    county_fips: lead.countyFips,
    county: lead.countyFips ? countyName(lead.countyFips) : null,
    return: lead.return ? returnJson(lead.return) : null,
  };
}

export const leadSummary = (lead: PurchasedLead, types: Map<string, LeadTypeFields>) => ({
  ...core(lead, types),
  fields: deliverableValues(types.get(lead.leadTypeId), lead.storedFields),
});

function timelineJson(event: TimelineEvent) {
  const at = event.at.toISOString();
  switch (event.kind) {
    case 'purchased':
      return { kind: event.kind, at, price_cents: toJsonCents(event.priceCents) };
    case 'notification':
      return { kind: event.kind, at, event: event.event, channel: event.channel, recipient: event.recipient, status: event.status, attempts: event.attempts };
    case 'return_requested':
      return { kind: event.kind, at, reason_code: event.reasonCode, note: event.note };
    default:
      return { kind: event.kind, at, note: event.note };
  }
}

export function leadDetail(lead: PurchasedLead, types: Map<string, LeadTypeFields>, timeline: TimelineEvent[], eligibility: Eligibility, policy: ReturnPolicy) {
  const type = types.get(lead.leadTypeId);
  const values = deliverableValues(type, lead.storedFields);
  return {
    ...core(lead, types),
    fields: (type?.fields ?? []).map(({ key, label, type: kind }) => ({ key, label, type: kind, value: values[key] ?? null })),
    timeline: timeline.map(timelineJson),
    return_eligibility: {
      allowed: eligibility.allowed,
      refusal: eligibility.refusal,
      message: eligibility.message,
      deadline: iso(eligibility.deadline),
      window_days: policy.windowDays,
      reasons: policy.reasons,
      policy_url: policy.policyUrl,
    },
  };
}
