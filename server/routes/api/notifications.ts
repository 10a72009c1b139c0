import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.js';
import type { OutboxKind } from '../../db/schema.js';
import type { Tenant } from '../../domain/ledger.js';
import { listDeliveries, type DeliveryLogRow } from '../../domain/notifications/deliveries.js';
import { createRecipient, deleteRecipient, getRecipient, listRecipients, updateRecipient, type ChannelRules, type RecipientDraft, type RecipientRow } from '../../domain/notifications/recipients.js';
import { rotateSecret, secretStatus } from '../../domain/notifications/signing-secrets.js';
import { ApiError } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { decodeCursor, page, pageQuery } from '../../lib/pagination.js';
import { Notifier } from '../../notify/notifier.js';
import { TEMPLATE_VARIABLES } from '../../notify/template.js';
import { testSend } from '../../notify/test-send.js';
import { newRouter } from '../router.js';
import {
  DeliveryList, NewRecipient, NOTIFICATION_KINDS, NotificationSettings, Recipient, RecipientChanges, RecipientIdParam, RecipientList, RecipientSaved,
  RotatedSecret, TestSendResult,
} from './notifications.schemas.js';
import { bearerSecurity, errorResponses, json } from './schemas.js';

const tags = ['Notifications'];
const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const readErrors = { 401: errorResponses[401], 404: errorResponses[404] };

const settings = createRoute({
  method: 'get', path: '/notifications/settings', tags, security: bearerSecurity,
  summary: 'What the notifications form offers: kinds, template variables, SMS availability, signing secret status',
  responses: { 200: json(NotificationSettings, 'Notification settings'), ...readErrors },
});
const list = createRoute({
  method: 'get', path: '/notifications/recipients', tags, security: bearerSecurity, summary: 'The customer’s notification recipients, newest first',
  request: { query: pageQuery },
  responses: { 200: json(RecipientList, 'A page of recipients'), 400: errorResponses[400], ...readErrors },
});
const create = createRoute({
  method: 'post', path: '/notifications/recipients', tags, security: bearerSecurity,
  summary: 'Add a recipient (email, sms or webhook); the first webhook creates the signing secret, shown once',
  request: jsonBody(NewRecipient),
  responses: { 201: json(RecipientSaved, 'The new recipient'), ...errorResponses },
});
const read = createRoute({
  method: 'get', path: '/notifications/recipients/{id}', tags, security: bearerSecurity, summary: 'One recipient',
  request: { params: RecipientIdParam },
  responses: { 200: json(Recipient, 'The recipient'), ...readErrors },
});
const update = createRoute({
  method: 'patch', path: '/notifications/recipients/{id}', tags, security: bearerSecurity, summary: 'Change a recipient; the result is validated as a whole',
  request: { params: RecipientIdParam, ...jsonBody(RecipientChanges) },
  responses: { 200: json(RecipientSaved, 'The changed recipient'), ...errorResponses },
});
const remove = createRoute({
  method: 'delete', path: '/notifications/recipients/{id}', tags, security: bearerSecurity, summary: 'Remove a recipient (its delivery log stays)',
  request: { params: RecipientIdParam },
  responses: { 204: { description: 'Removed' }, ...errorResponses },
});
const test = createRoute({
  method: 'post', path: '/notifications/recipients/{id}/test', tags, security: bearerSecurity,
  summary: 'Send a sample new-lead notice now and report the result (not retried, not logged)',
  request: { params: RecipientIdParam },
  responses: { 200: json(TestSendResult, 'What the receiver answered'), ...errorResponses },
});
const deliveries = createRoute({
  method: 'get', path: '/notifications/deliveries', tags, security: bearerSecurity,
  summary: 'The delivery log, newest first: per recipient (recipient_id), per lead (lead_id), or all',
  request: { query: pageQuery.extend({ recipient_id: z.string().min(1).max(100).optional(), lead_id: z.string().min(1).max(100).optional() }) },
  responses: { 200: json(DeliveryList, 'A page of deliveries'), 400: errorResponses[400], ...readErrors },
});
const rotate = createRoute({
  method: 'post', path: '/notifications/signing-secret/rotate', tags, security: bearerSecurity,
  summary: 'A new webhook signing secret, shown once; the previous one keeps signing for 24 h',
  responses: { 201: json(RotatedSecret, 'The new secret'), ...errorResponses },
});

const presentRecipient = (row: RecipientRow): z.infer<typeof Recipient> => ({
  id: row.id, name: row.name, channel: row.channel, address: row.address, http_method: row.http_method, payload_template: row.payload_template,
  kinds: row.kinds as OutboxKind[], bid_ids: row.bid_ids, fields: row.fields, enabled: row.enabled,
  created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString(),
});

const presentDelivery = (row: DeliveryLogRow) => ({
  id: row.public_id, recipient_id: row.recipient_id, recipient_name: row.recipient_name, channel: row.channel, kind: row.kind, lead_id: row.lead_id,
  status: row.status, attempts: row.attempts, last_error: row.last_error, response_code: row.response_code,
  next_attempt_at: row.status === 'pending' || row.status === 'failed' ? row.next_attempt_at.toISOString() : null,
  sent_at: row.sent_at?.toISOString() ?? null, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString(),
});

type Body = z.infer<typeof NewRecipient>;
const draftFrom = (b: Partial<Body>): Partial<RecipientDraft> => ({
  ...(b.name !== undefined && { name: b.name }),
  ...(b.channel !== undefined && { channel: b.channel }),
  ...(b.address !== undefined && { address: b.address }),
  ...(b.http_method !== undefined && { httpMethod: b.http_method }),
  ...(b.payload_template !== undefined && { payloadTemplate: b.payload_template }),
  ...(b.kinds !== undefined && { kinds: [...new Set(b.kinds)] }),
  ...(b.bid_ids !== undefined && { bidIds: b.bid_ids }),
  ...(b.fields !== undefined && { fields: b.fields }),
  ...(b.enabled !== undefined && { enabled: b.enabled }),
});

export const notificationRoutes = (deps: Deps) => {
  const { db, clock, config } = deps;
  const notifier = new Notifier(deps);
  const tenantOf = (c: Context<AppEnv>): Tenant => ({ providerId: c.get('scope').providerId, customerId: c.get('scope').customer.id });
  const smsAvailable = async (providerId: string) => {
    const { settings } = await db.selectFrom('providers').select('settings').where('id', '=', providerId).executeTakeFirstOrThrow();
    return Boolean(settings.sms_enabled && config.smsGateway);
  };
  const rulesFor = async (c: Context<AppEnv>): Promise<ChannelRules> => ({ mode: config.mode, smsAvailable: await smsAvailable(c.get('scope').providerId), secretKey: config.secretKey });

  return newRouter()
    .openapi(settings, async (c) => {
      const tenant = tenantOf(c);
      return c.json({
        sms_available: await smsAvailable(tenant.providerId),
        kinds: [...NOTIFICATION_KINDS],
        template_variables: [...TEMPLATE_VARIABLES, 'lead.<field>'],
        signing_secret: await secretStatus(db, tenant.customerId, clock.now()),
      }, 200);
    })
    .openapi(list, async (c) => {
      const { cursor, limit } = c.req.valid('query');
      const after = decodeCursor(cursor, 2) as [string, string] | null;
      if (after && Number.isNaN(Date.parse(after[0]))) throw new ApiError('invalid_request', 'Invalid cursor', { cursor: 'Not a cursor this API issued' });
      const rows = await listRecipients(db, tenantOf(c), { after, limit });
      const { items, next_cursor } = page(rows, limit, (r) => [r.created_at.toISOString(), r.id]);
      return c.json({ items: items.map(presentRecipient), next_cursor }, 200);
    })
    .openapi(create, async (c) => {
      const saved = await createRecipient(db, tenantOf(c), draftFrom(c.req.valid('json')) as RecipientDraft, await rulesFor(c), clock.now());
      return c.json({ recipient: presentRecipient(saved.row), signing_secret: saved.signingSecret }, 201);
    })
    .openapi(read, async (c) => c.json(presentRecipient(await getRecipient(db, tenantOf(c), c.req.valid('param').id)), 200))
    .openapi(update, async (c) => {
      const saved = await updateRecipient(db, tenantOf(c), c.req.valid('param').id, draftFrom(c.req.valid('json')), await rulesFor(c), clock.now());
      return c.json({ recipient: presentRecipient(saved.row), signing_secret: saved.signingSecret }, 200);
    })
    .openapi(remove, async (c) => {
      await deleteRecipient(db, tenantOf(c), c.req.valid('param').id, clock.now());
      return c.body(null, 204);
    })
    .openapi(test, async (c) => {
      const recipient = await getRecipient(db, tenantOf(c), c.req.valid('param').id);
      return c.json(await testSend(db, notifier, recipient, clock.now()), 200);
    })
    .openapi(deliveries, async (c) => {
      const { cursor, limit, recipient_id, lead_id } = c.req.valid('query');
      const after = decodeCursor(cursor, 1);
      if (after && !/^\d+$/.test(String(after[0]))) throw new ApiError('invalid_request', 'Invalid cursor', { cursor: 'Not a cursor this API issued' });
      const rows = await listDeliveries(db, tenantOf(c), { recipientId: recipient_id, leadId: lead_id, afterId: after ? String(after[0]) : null, limit });
      const { items, next_cursor } = page(rows, limit, (r) => [r.id]);
      return c.json({ items: items.map(presentDelivery), next_cursor }, 200);
    })
    .openapi(rotate, async (c) => {
      const customerId = tenantOf(c).customerId;
      return c.json(await db.transaction().execute((trx) => rotateSecret(trx, config.secretKey, customerId, clock.now())), 201);
    });
};
