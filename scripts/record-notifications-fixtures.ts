// Notifications fixtures for `<lp-notifications>` (issue 7), recorded by `npm run fixtures` after every other module,
// so the purchases added here change no reply recorded before them. Leads are sold by the real auction
// (`POST /provider/v1/leads`) at moments set on the injected clock; the real outbox and worker deliver them to a
// local HTTP receiver (webhooks and the SMS gateway) as the server tests do (D24).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pino from 'pino';
import type { z } from 'zod';
import { NotificationWorker } from '../server/notify/worker.js';
import { DeliveryList, NotificationSettings, RecipientList, RecipientSaved, RotatedSecret, TestSendResult } from '../server/routes/api/notifications.schemas.js';
import { ErrorBody } from '../server/routes/api/schemas.js';
import { setProviderSettings } from '../server/test/fixtures.js';
import { TEST_NOW, type TestContext, type TestProvider } from '../server/test/harness.js';
import { WebhookReceiver } from '../server/test/notify-receivers.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** The delivery log's page size (widgets/notifications/notifications.ts): `available` has more, so "Load more" has a page 2. */
const LOG_PAGE = 15;

interface Recorder {
  t: TestContext;
  out: string;
}

/** Writes `<customer>/<file>` after checking the reply's status and schema; returns the reply. */
async function save({ t, out }: Recorder, token: string, customer: string, method: string, route: string, file: string | null, expect: { status: number; schema: z.ZodType | null }, body?: unknown) {
  const res = await t.request(`/api/v1/${route}`, { method, token, customer, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (res.status !== expect.status || (expect.schema && !expect.schema.safeParse(json).success)) {
    throw new Error(`${method} ${route} for ${customer} answered ${res.status}: ${text.slice(0, 500)}`);
  }
  if (file) {
    const path = join(out, customer, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, json === null ? '' : `${JSON.stringify(json, null, 2)}\n`);
  }
  return json;
}

/** The provider posts a Travis County lead at `at`; the auction must sell it to Roof Pros. */
async function sell(t: TestContext, acme: TestProvider, at: Date, n: number): Promise<string> {
  t.clock.set(at);
  const res = await t.request('/provider/v1/leads', {
    method: 'POST',
    token: acme.apiKey,
    body: JSON.stringify({
      external_id: `fixture-notifications-${n}`,
      lead_type: 'Roofing — replacement',
      fields: { first_name: ['Rosa', 'Omar', 'Lena', 'Theo'][n % 4], phone: `512-555-01${10 + n}`, zip: '78704', state: 'TX', county: 'Travis', roof_age_years: 12 + n, property_type: 'Single family' },
    }),
  });
  const sold = (await res.json()) as { lead_id: string; winners?: { customer_id: string }[] };
  if (sold.winners?.[0]?.customer_id !== 'available') throw new Error(`notifications lead ${n} went to ${JSON.stringify(sold)}, not available`);
  return sold.lead_id;
}

/**
 * Roof Pros (`available`, an admin) has a recipient of each channel — an email desk, a webhook to its CRM, a GET
 * webhook with a payload template, an SMS phone scoped to one bid, a disabled inbox — and a delivery log in every
 * state: sent, failed with the receiver's 500 (retrying), dead after 24 h of 500s, pending, and a low-balance notice
 * without a lead. Replies for create (the first webhook: the signing secret, shown once), a 400 naming the address
 * (a private IP), edit, disable, delete, test sends (200, 500, email not configured), the log per recipient and
 * per lead, and rotating the secret. Maple Roofing (`read-only`, a viewer) has two recipients and no deliveries;
 * `archived` has none.
 */
export async function recordNotifications(t: TestContext, out: string, acme: TestProvider, tokens: Map<string, string>) {
  const r = { t, out };
  const admin = tokens.get('available')!;
  const started = t.clock.now();
  const config = { mode: t.config.mode, smsGateway: t.config.smsGateway };
  const hook = await new WebhookReceiver(() => Math.floor(t.clock.now().getTime() / 1000)).start();
  // The receiver listens on localhost, which demo mode allows (D8), and doubles as the SMS gateway.
  Object.assign(t.config, { mode: 'demo', smsGateway: { url: `${hook.url}/sms`, token: undefined } });
  await setProviderSettings(t.db, acme.id, { sms_enabled: true });
  const worker = new NotificationWorker({ db: t.db, config: t.config, clock: t.clock, logger: pino({ level: 'silent' }) });
  const drain = async () => {
    while ((await worker.runOnce()) > 0);
  };
  try {
    const bids = await t.db
      .selectFrom('bids').innerJoin('customers', 'customers.id', 'bids.customer_id').select('bids.id')
      .where('customers.external_id', '=', 'available').where('customers.provider_id', '=', acme.id).where('bids.deleted_at', 'is', null)
      .orderBy('bids.created_at').execute();
    // Notices of the purchases recorded before this module went out before these recipients existed.
    while ((await worker.expand()) > 0);
    const create = async (body: Record<string, unknown>, file: string | null = null) =>
      ((await save(r, admin, 'available', 'POST', 'notifications/recipients', file, { status: 201, schema: RecipientSaved }, body)) as { recipient: { id: string } }).recipient.id;

    const inbox = await create({ name: 'Old inbox', channel: 'email', address: 'leads-old@roofpros.example', enabled: false });
    const desk = await create({ name: 'Sales desk', channel: 'email', address: 'desk@roofpros.example', kinds: ['lead.purchased', 'wallet.low_balance', 'auto_recharge.failed'] });
    const crm = await create({ name: 'CRM', channel: 'webhook', address: `${hook.url}/crm`, http_method: 'POST', fields: ['first_name', 'phone', 'zip'] });
    const zap = await create({
      name: 'Zapier', channel: 'webhook', address: `${hook.url}/zap`, http_method: 'GET', kinds: ['lead.purchased', 'bid.capped'],
      payload_template: '{"name": "{{ lead.first_name }}", "phone": "{{ lead.phone }}", "price": {{ charged_amount }}, "type": "{{ lead_type }}"}',
    });
    const phone = await create({ name: 'On-call phone', channel: 'sms', address: '+15125550123', bid_ids: bids.map((b) => b.id) });

    // Test sends, before the clock moves back (the token was issued now): answered, refused with 500, and email,
    // which this server cannot send (no SMTP_URL in production mode).
    for (const id of [crm, desk, phone, zap]) {
      if (id === zap) hook.status = 500;
      await save(r, admin, 'available', 'POST', `notifications/recipients/${id}/test`, `notifications/recipients/${id}/test.post.json`, { status: 200, schema: TestSendResult });
    }
    // Sent: every channel answers.
    hook.status = 200;
    const sent = await sell(t, acme, new Date(TEST_NOW.getTime() - 30 * HOUR_MS), 1);
    await drain();
    // Dead: the receiver answers 500 for 24 h.
    hook.status = 500;
    await sell(t, acme, new Date(TEST_NOW.getTime() - 28 * HOUR_MS), 2);
    await drain();
    t.clock.set(new Date(TEST_NOW.getTime() - 3 * HOUR_MS));
    await drain();
    // Failed and retrying: three 500s so far.
    await sell(t, acme, new Date(TEST_NOW.getTime() - 5 * MINUTE_MS), 3);
    for (const wait of [0, 1, 2]) {
      t.clock.advance(wait * MINUTE_MS);
      await drain();
    }
    // Pending, and a low-balance notice: this purchase takes available funds below the threshold set just above them.
    const { balance_cents, held_cents } = await t.db.selectFrom('wallets').innerJoin('customers', 'customers.id', 'wallets.customer_id').select(['balance_cents', 'held_cents']).where('customers.external_id', '=', 'available').executeTakeFirstOrThrow();
    await t.db.updateTable('customers').set({ low_balance_threshold_cents: BigInt(balance_cents) - BigInt(held_cents) }).where('external_id', '=', 'available').execute();
    await sell(t, acme, TEST_NOW, 4);
    await t.db.updateTable('customers').set({ low_balance_threshold_cents: null }).where('external_id', '=', 'available').execute();
    await worker.expand();

    // The receivers' public addresses (the local ones above only served the recording).
    for (const [id, address] of [[crm, 'https://crm.roofpros.example/hooks/leads'], [zap, 'https://hooks.zapier.example/hooks/catch/1234/abcd']]) {
      await save(r, admin, 'available', 'PATCH', `notifications/recipients/${id}`, null, { status: 200, schema: RecipientSaved }, { address });
    }
    await save(r, admin, 'available', 'GET', 'notifications/settings', 'notifications/settings.json', { status: 200, schema: NotificationSettings });
    await save(r, admin, 'available', 'GET', 'notifications/recipients?limit=100', 'notifications/recipients.json', { status: 200, schema: RecipientList });
    const log = (await save(r, admin, 'available', 'GET', `notifications/deliveries?limit=${LOG_PAGE}`, 'notifications/deliveries.json', { status: 200, schema: DeliveryList })) as { next_cursor: string | null };
    if (!log.next_cursor) throw new Error('available needs a second page of deliveries');
    // The fixture transport ignores query strings: the second page and the filtered logs live at their own routes.
    await save(r, admin, 'available', 'GET', `notifications/deliveries?limit=${LOG_PAGE}&cursor=${encodeURIComponent(log.next_cursor)}`, 'notifications/deliveries/page-2.json', { status: 200, schema: DeliveryList });
    await save(r, admin, 'available', 'GET', `notifications/deliveries?limit=${LOG_PAGE}&recipient_id=${crm}`, `notifications/deliveries/${crm}.json`, { status: 200, schema: DeliveryList });
    await save(r, admin, 'available', 'GET', `notifications/deliveries?limit=${LOG_PAGE}&lead_id=${sent}`, `notifications/deliveries/${sent}.json`, { status: 200, schema: DeliveryList });

    // Writes, after the reads above so those stay as recorded.
    t.clock.set(TEST_NOW);
    Object.assign(t.config, config);
    await create({ name: 'Lead router', channel: 'webhook', address: 'https://router.roofpros.example/in', http_method: 'PUT', kinds: ['lead.purchased', 'return.decided'] }, 'notifications/recipients.post.json');
    await save(r, admin, 'available', 'POST', 'notifications/recipients', 'notifications/recipients/invalid.post.json', { status: 400, schema: ErrorBody }, { name: 'Internal', channel: 'webhook', address: 'https://10.0.0.5/leads' });
    await save(r, admin, 'available', 'PATCH', `notifications/recipients/${crm}`, `notifications/recipients/${crm}.patch.json`, { status: 200, schema: RecipientSaved }, { name: 'CRM (Austin office)', kinds: ['lead.purchased', 'return.decided'] });
    await save(r, admin, 'available', 'PATCH', `notifications/recipients/${desk}`, `notifications/recipients/${desk}.patch.json`, { status: 200, schema: RecipientSaved }, { enabled: false });
    await save(r, admin, 'available', 'DELETE', `notifications/recipients/${inbox}`, `notifications/recipients/${inbox}.delete.json`, { status: 204, schema: null });
    await save(r, admin, 'available', 'POST', 'notifications/signing-secret/rotate', 'notifications/signing-secret/rotate.post.json', { status: 201, schema: RotatedSecret });

    // A buyer with none yet: its first webhook's reply carries the signing secret, shown this once.
    const buyer = tokens.get('limited')!;
    for (const route of ['settings', 'recipients?limit=100', `deliveries?limit=${LOG_PAGE}`]) {
      await save(r, buyer, 'limited', 'GET', `notifications/${route}`, `notifications/${route.replace(/\?.*/, '')}.json`, { status: 200, schema: null });
    }
    await save(r, buyer, 'limited', 'POST', 'notifications/recipients', 'notifications/recipients.post.json', { status: 201, schema: RecipientSaved }, { name: 'Dispatch', channel: 'webhook', address: 'https://dispatch.gutterkings.example/leads' });

    // A viewer's list: recipients its admin made; no deliveries yet.
    const ops = await t.mintToken(acme, { sub: 'ops', customerIds: ['read-only'], lifetimeSeconds: 3600 });
    for (const body of [
      { name: 'Office', channel: 'email', address: 'office@mapleroofing.example', kinds: ['lead.purchased', 'wallet.low_balance'] },
      { name: 'Job board', channel: 'webhook', address: 'https://jobs.mapleroofing.example/leads', enabled: false },
    ]) await save(r, ops, 'read-only', 'POST', 'notifications/recipients', null, { status: 201, schema: RecipientSaved }, body);
    const viewer = await t.mintToken(acme, { sub: 'vic', customerIds: ['read-only'], roles: { 'read-only': 'viewer' }, lifetimeSeconds: 3600 });
    for (const [customer, token] of [['read-only', viewer], ['archived', tokens.get('archived')!]] as const) {
      await save(r, token, customer, 'GET', 'notifications/settings', 'notifications/settings.json', { status: 200, schema: NotificationSettings });
      await save(r, token, customer, 'GET', 'notifications/recipients?limit=100', 'notifications/recipients.json', { status: 200, schema: RecipientList });
      await save(r, token, customer, 'GET', `notifications/deliveries?limit=${LOG_PAGE}`, 'notifications/deliveries.json', { status: 200, schema: DeliveryList });
    }
  } finally {
    Object.assign(t.config, config);
    t.clock.set(started);
    await setProviderSettings(t.db, acme.id, { sms_enabled: false });
    await worker.stop();
    await hook.stop();
  }
}
