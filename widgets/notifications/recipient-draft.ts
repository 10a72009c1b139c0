import { messages } from './notifications.messages.js';
import type { Channel, NewRecipient, NotificationKind, Recipient, WebhookMethod } from './notification-types.js';

/** What the recipient form edits: the API's fields as the inputs hold them. A webhook's method and template are kept as they are. */
export interface RecipientDraft {
  name: string;
  channel: Channel;
  address: string;
  method: WebhookMethod;
  template: string;
  kinds: NotificationKind[];
  /** null = all bids */
  bidIds: string[] | null;
  /** null = every deliverable field (kept as it is: the API chooses them) */
  fields: string[] | null;
  enabled: boolean;
}

/** Field name (as the server's 400 names it) -> message. */
export type FieldErrors = Partial<Record<keyof NewRecipient, string>>;

export const draftOf = (r?: Recipient): RecipientDraft => ({
  name: r?.name ?? '',
  channel: r?.channel ?? 'email',
  address: r?.address ?? '',
  method: r?.http_method ?? 'POST',
  template: r?.payload_template ?? '',
  kinds: r ? [...r.kinds] : ['lead.purchased'],
  bidIds: r?.bid_ids ?? null,
  fields: r?.fields ?? null,
  enabled: r?.enabled ?? true,
});

// The server's rules (server/domain/notifications/recipients.ts, server/notify/ssrf.ts). Whether a URL's host is
// private depends on the server's mode and DNS: that check stays the server's, and its message lands on the field.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{7,14}$/;
const LOCAL = /^(localhost|127\.0\.0\.1|\[::1\])$/;

function urlError(raw: string): string | undefined {
  const text = messages.errors;
  if (!URL.canParse(raw)) return text.webhook;
  const url = new URL(raw);
  if (url.username || url.password) return text.credentials;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL.test(url.hostname))) return text.https;
  return undefined;
}

/** The request body, or what to fix first. */
export function checkDraft(d: RecipientDraft): { body: NewRecipient; errors: FieldErrors } {
  const text = messages.errors;
  const errors: FieldErrors = {};
  const name = d.name.trim();
  const address = d.address.trim();
  const webhook = d.channel === 'webhook';
  if (!name) errors.name = text.name;
  if (!address) errors.address = text[d.channel];
  else if (d.channel === 'email' && !(EMAIL.test(address) && address.length <= 254)) errors.address = text.email;
  else if (d.channel === 'sms' && !E164.test(address)) errors.address = text.sms;
  else if (webhook) errors.address = urlError(address);
  if (!errors.address) delete errors.address;
  if (!d.kinds.length) errors.kinds = text.kinds;
  if (d.bidIds?.length === 0) errors.bid_ids = text.bids;
  const body: NewRecipient = {
    name,
    channel: d.channel,
    address,
    ...(webhook && { http_method: d.method }),
    payload_template: webhook && d.template.trim() ? d.template : null,
    kinds: d.kinds,
    bid_ids: d.bidIds,
    fields: d.fields,
    enabled: d.enabled,
  };
  return { body, errors };
}
