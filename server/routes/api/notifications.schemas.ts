import { z } from '@hono/zod-openapi';
import { TEMPLATE_VARIABLES } from '../../notify/template.js';

/** Request and reply shapes of the notifications API (SPEC "Notifications", D21). */

export const NOTIFICATION_KINDS = ['lead.purchased', 'buy_order.outbid', 'wallet.low_balance', 'auto_recharge.succeeded', 'auto_recharge.failed', 'bid.capped', 'return.decided'] as const;

export const NotificationKind = z.enum(NOTIFICATION_KINDS).openapi('NotificationKind');
export const NotificationChannel = z.enum(['email', 'sms', 'webhook']).openapi('NotificationChannel');
export const WebhookMethod = z.enum(['POST', 'PUT', 'PATCH', 'GET']).openapi('WebhookMethod');
export const DeliveryStatus = z.enum(['pending', 'sending', 'sent', 'failed', 'dead']).openapi('DeliveryStatus');

const recipientFields = {
  name: z.string().trim().min(1, 'Enter a name').max(200, 'Use at most 200 characters'),
  channel: NotificationChannel,
  address: z.string().trim().min(1, 'Enter an address').max(2048, 'Use at most 2048 characters').openapi({ description: 'Email address, E.164 phone number (sms) or URL (webhook)' }),
  http_method: WebhookMethod.nullable().openapi({ description: 'Webhooks only; null = POST. GET sends the values as query parameters.' }),
  payload_template: z.string().max(10_000, 'Use at most 10,000 characters').nullable().openapi({
    description: `Webhooks only: JSON with {{ variables }}: ${TEMPLATE_VARIABLES.join(', ')}, lead.<field>; null = the default payload`,
  }),
  kinds: z.array(NotificationKind).min(1, 'Pick at least one notification').max(NOTIFICATION_KINDS.length),
  bid_ids: z.array(z.string().min(1)).max(500).nullable().openapi({ description: 'Only leads of these bids; null = all bids' }),
  fields: z.array(z.string().min(1).max(100)).max(200).nullable().openapi({ description: 'Lead fields to include (deliverable ones only, D20); null = all' }),
  enabled: z.boolean(),
};

export const NewRecipient = z
  .object({
    ...recipientFields,
    http_method: recipientFields.http_method.default(null),
    payload_template: recipientFields.payload_template.default(null),
    kinds: recipientFields.kinds.default(['lead.purchased']),
    bid_ids: recipientFields.bid_ids.default(null),
    fields: recipientFields.fields.default(null),
    enabled: recipientFields.enabled.default(true),
  })
  .strict()
  .openapi('NewRecipient');

export const RecipientChanges = z.object(Object.fromEntries(Object.entries(recipientFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof recipientFields]: z.ZodOptional<(typeof recipientFields)[K]> }).strict().openapi('RecipientChanges');

export const Recipient = z
  .object({
    id: z.string().openapi({ example: 'rcp_01jd3m8v2qf1z5x9k7w4n6p0rt' }),
    name: z.string(),
    channel: NotificationChannel,
    address: z.string(),
    http_method: WebhookMethod.nullable(),
    payload_template: z.string().nullable(),
    kinds: z.array(NotificationKind),
    bid_ids: z.array(z.string()).nullable(),
    fields: z.array(z.string()).nullable(),
    enabled: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Recipient');

export const RecipientSaved = z
  .object({
    recipient: Recipient,
    signing_secret: z.string().nullable().openapi({ description: 'The customer’s new webhook signing secret, shown this once (first webhook); else null' }),
  })
  .openapi('RecipientSaved');

export const RecipientList = z.object({ items: z.array(Recipient), next_cursor: z.string().nullable() }).openapi('RecipientList');

export const RecipientIdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

export const TestSendResult = z
  .object({ ok: z.boolean(), response_code: z.number().int().nullable(), error: z.string().nullable() })
  .openapi('TestSendResult');

export const Delivery = z
  .object({
    id: z.string().openapi({ description: 'The idempotency id the receiver sees (payload `id`, header X-LP-Delivery-Id)', example: 'dlv_01jd3m8v2qf1z5x9k7w4n6p0rt' }),
    recipient_id: z.string(),
    recipient_name: z.string(),
    channel: NotificationChannel,
    kind: NotificationKind,
    lead_id: z.string().nullable(),
    status: DeliveryStatus,
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    response_code: z.number().int().nullable(),
    next_attempt_at: z.string().nullable().openapi({ description: 'When the next try is due (pending or failed); null once sent or dead' }),
    sent_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Delivery');

export const DeliveryList = z.object({ items: z.array(Delivery), next_cursor: z.string().nullable() }).openapi('DeliveryList');

export const SigningSecretStatus = z
  .object({
    created_at: z.string().nullable().openapi({ description: 'When the current secret was made; null = none yet' }),
    previous_expires_at: z.string().nullable().openapi({ description: 'Until when the rotated-out secret still signs (24 h overlap)' }),
  })
  .openapi('SigningSecretStatus');

export const NotificationSettings = z
  .object({
    sms_available: z.boolean(),
    kinds: z.array(NotificationKind),
    template_variables: z.array(z.string()),
    signing_secret: SigningSecretStatus,
  })
  .openapi('NotificationSettings');

export const RotatedSecret = z
  .object({ secret: z.string().openapi({ description: 'Shown this once; store it to verify X-LP-Signature' }), status: SigningSecretStatus })
  .openapi('RotatedSecret');
