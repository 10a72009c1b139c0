import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { targets } from '../test/databases.js';
import { setProviderSettings } from '../test/fixtures.js';
import { createTestContext, type TestContext } from '../test/harness.js';
import { drain, newWorker, NOTIFY_LEAD, notifyWorld, SECRET_VALUE } from '../test/notify-fixtures.js';
import { SmtpReceiver, WebhookReceiver } from '../test/notify-receivers.js';
import { verifyLeadPortalSignature } from './verify-signature.js';
import { LEASE_MS, RETRY_WINDOW_MS, retryDelayMs } from './worker.js';

const MINUTE = 60_000;

describe.each(targets)('notification delivery (%s)', (target) => {
  let t: TestContext;
  let smtp: SmtpReceiver;
  let hook: WebhookReceiver;
  let world: Awaited<ReturnType<typeof notifyWorld>>;

  beforeEach(async () => {
    smtp = await new SmtpReceiver().start();
    // Demo mode: webhooks may use http to localhost, where the test receiver listens (D8).
    t = await createTestContext(target, { mode: 'demo', smtpUrl: smtp.url, smsGateway: undefined });
    hook = await new WebhookReceiver(() => Math.floor(t.clock.now().getTime() / 1000)).start();
    world = await notifyWorld(t);
  });
  afterEach(async () => {
    await hook.stop();
    await smtp.stop();
    await t.close();
  });

  const addWebhook = async (body: Record<string, unknown> = {}) => {
    const res = await world.api('/notifications/recipients', { method: 'POST', body: { name: 'CRM', channel: 'webhook', address: `${hook.url}/leads?src=lp`, ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    if (res.body.signing_secret) hook.secrets.push(res.body.signing_secret);
    return res.body.recipient.id as string;
  };
  const deliveries = () => t.db.selectFrom('notification_deliveries').selectAll().orderBy('id').execute();

  it('mails a purchased lead through SMTP with HTML and text bodies, the provider’s branding and deliverable fields only', async () => {
    const created = await world.api('/notifications/recipients', { method: 'POST', body: { name: 'Sales desk', channel: 'email', address: 'desk@buyer.example' } });
    expect(created.status).toBe(201);
    expect(created.body.signing_secret).toBeNull();
    await world.buyLead();
    expect(await drain(newWorker(t))).toBe(1);

    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(mail!.to).toEqual(['desk@buyer.example']);
    expect(mail!.headers.from).toContain('Roof Leads');
    expect(mail!.headers.subject).toContain('Roofing replacement');
    expect(mail!.headers['x-lp-delivery-id']).toBe(delivery!.public_id);
    for (const body of [mail!.text, mail!.html]) {
      expect(body).toContain('Roof Leads');
      expect(body).toContain('Jo@Example.com');
      expect(body).toContain('$25.00');
    }
    expect(mail!.html).toContain('https://portal.test/assets/roof-logo.svg');
    expect(mail!.html).toContain('#0b5cad');
    expect(mail!.text).not.toContain('<');
    expect(mail!.raw).not.toContain(SECRET_VALUE);
    expect(mail!.raw).not.toContain('Lender cost');
  });

  it('posts a signed JSON webhook whose id is the idempotency id, with deliverable fields only', async () => {
    await addWebhook();
    const leadId = await world.buyLead();
    await drain(newWorker(t));

    expect(hook.requests).toHaveLength(1);
    const [request] = hook.requests;
    const [delivery] = await deliveries();
    expect(request).toMatchObject({ method: 'POST', pathAndQuery: '/leads?src=lp', verified: true, deliveryId: delivery!.public_id });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-lp-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({ id: delivery!.public_id, type: 'lead.purchased', data: { lead_id: leadId, bid_id: world.bidId, charged_amount_cents: 2_500, lead_type: { name: 'Roofing replacement' } } });
    expect(Object.keys(body.data.fields).sort()).toEqual(['county', 'email', 'first_name', 'last_name', 'phone', 'state', 'zip']);
    expect(request!.body).not.toContain(SECRET_VALUE);
    expect(delivery).toMatchObject({ status: 'sent', response_code: 200, lead_id: leadId, attempts: 1 });

    // A tampered body or another secret does not verify with the same code.
    hook.secrets = ['whsec_someone_else'];
    await world.api(`/notifications/recipients/${(await t.db.selectFrom('notification_recipients').select('id').executeTakeFirstOrThrow()).id}/test`, { method: 'POST' });
    expect(hook.requests[1]!.verified).toBe(false);
  });

  it('sends GET webhooks as signed query parameters filled from the payload template', async () => {
    await addWebhook({
      http_method: 'GET',
      payload_template: '{"who": "{{ lead.first_name }} {{ lead.last_name }}", "amount": {{ charged_amount }}, "type": "{{ lead_type }}", "cost": "{{ lead.lender_cost }}", "all": {{ deliverable_fields }}, "key": "{{ idempotency_id }}"}',
    });
    await world.buyLead();
    await drain(newWorker(t));

    const [request] = hook.requests;
    expect(request).toMatchObject({ method: 'GET', body: '', verified: true });
    const query = new URL(request!.pathAndQuery, 'http://x').searchParams;
    expect(query.get('src')).toBe('lp');
    expect(query.get('who')).toBe('Jo Smith');
    expect(query.get('amount')).toBe('2500');
    expect(query.get('type')).toBe('Roofing replacement');
    expect(query.get('cost')).toBe('null'); // not deliverable: no value, whatever the template asks
    expect(query.get('all.zip')).toBe('78701');
    expect(query.get('key')).toBe(request!.deliveryId);
    expect(request!.pathAndQuery).not.toContain(SECRET_VALUE);
  });

  it('sends each recipient what it chose: kinds, bids in scope, fields, enabled', async () => {
    const otherBid = (await t.db.insertInto('bids').values({ id: 'bid_other', provider_id: world.provider.id, customer_id: world.customer.id, lead_type_id: world.leadTypeId, name: 'Other', amount_cents: 1_500n, scope_kind: 'nationwide', filters: '{}', status: 'paused' }).returning('id').executeTakeFirstOrThrow()).id;
    const onlyEmail = await addWebhook({ name: 'Email only', fields: ['email'] });
    await addWebhook({ name: 'Other bid', bid_ids: [otherBid] });
    await addWebhook({ name: 'Off', enabled: false });
    await addWebhook({ name: 'Low balance only', kinds: ['wallet.low_balance'] });
    const thisBid = await addWebhook({ name: 'This bid', bid_ids: [world.bidId] });
    await world.buyLead();
    await drain(newWorker(t));

    const rows = await deliveries();
    expect(rows.map((r) => r.recipient_id).sort()).toEqual([onlyEmail, thisBid].sort());
    const bodies = hook.requests.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => Object.keys(b.data.fields).length).sort()).toEqual([1, 7]);
    expect(bodies.find((b) => Object.keys(b.data.fields).length === 1).data.fields).toEqual({ email: 'Jo@Example.com' });
  });

  it('signs with both secrets for 24 h after a rotation, then only with the new one', async () => {
    await addWebhook();
    const [oldSecret] = hook.secrets;
    const rotated = await world.api('/notifications/signing-secret/rotate', { method: 'POST' });
    expect(rotated.status).toBe(201);
    const newSecret = rotated.body.secret as string;
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.body.status.previous_expires_at).toBe(new Date(t.clock.now().getTime() + 24 * 60 * MINUTE).toISOString());

    await world.buyLead();
    await drain(newWorker(t));
    expect(hook.requests[0]!.headers['x-lp-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    for (const secret of [oldSecret!, newSecret]) {
      hook.secrets = [secret];
      expect(reverify(hook, 0)).toBe(true);
    }

    t.clock.advance(24 * 60 * MINUTE + 1);
    hook.secrets = [oldSecret!];
    await world.buyLead({ ...NOTIFY_LEAD, email: 'second@example.com' });
    await drain(newWorker(t));
    expect(hook.requests[1]!.headers['x-lp-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(hook.requests[1]!.verified).toBe(false);
    hook.secrets = [newSecret];
    expect(reverify(hook, 1)).toBe(true);
  });

  it('retries an unreachable webhook with exponential backoff on the injected clock and ends dead after 24 h', async () => {
    const closed = new WebhookReceiver();
    await closed.start();
    const deadUrl = `${closed.url}/gone`;
    await closed.stop(); // nothing listens there any more
    await addWebhook({ address: deadUrl });
    await world.buyLead();
    const worker = newWorker(t);
    const first = t.clock.now().getTime();

    const schedule: number[] = [];
    for (;;) {
      expect(await worker.runOnce()).toBe(1);
      const [row] = await deliveries();
      if (row!.status === 'dead') break;
      expect(row).toMatchObject({ status: 'failed', attempts: schedule.length + 1, response_code: null });
      expect(row!.last_error).toMatch(/ECONNREFUSED|connect/);
      const wait = row!.next_attempt_at.getTime() - t.clock.now().getTime();
      schedule.push(wait);
      t.clock.advance(wait - 1);
      expect(await worker.runOnce(), 'not due a millisecond early').toBe(0);
      t.clock.advance(1);
    }
    // 1, 2, 4 … minutes, each wait at most 6 h, the last try exactly 24 h after the first, then dead.
    const expected: number[] = [];
    for (let at = 0, n = 1; at < RETRY_WINDOW_MS; n++) {
      const wait = Math.min(retryDelayMs(n), RETRY_WINDOW_MS - at);
      expected.push(wait);
      at += wait;
    }
    expect(schedule).toEqual(expected);
    expect(schedule.slice(0, 4)).toEqual([MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE]);
    expect(t.clock.now().getTime() - first).toBe(RETRY_WINDOW_MS);
    const [dead] = await deliveries();
    expect(dead).toMatchObject({ status: 'dead', attempts: expected.length + 1 });
    t.clock.advance(7 * 24 * 60 * MINUTE);
    expect(await worker.runOnce()).toBe(0);
  });

  it('records the receiver’s error status and retries', async () => {
    hook.status = 503;
    await addWebhook();
    await world.buyLead();
    await drain(newWorker(t));
    expect((await deliveries())[0]).toMatchObject({ status: 'failed', response_code: 503, last_error: 'The receiver answered 503', attempts: 1 });
    hook.status = 200;
    t.clock.advance(MINUTE);
    await drain(newWorker(t));
    expect((await deliveries())[0]).toMatchObject({ status: 'sent', response_code: 200, last_error: null, attempts: 2 });
    expect(hook.uniqueIds().size).toBe(1);
  });

  it('after a worker dies mid-batch, a restarted one sends every delivery; only those in flight at the death arrive twice', async () => {
    await addWebhook();
    for (let i = 0; i < 12; i++) await world.buyLead({ ...NOTIFY_LEAD, email: `lead${i}@example.com` });
    hook.holdFirst = 5; // the first five sends hang: in flight when the worker dies

    const doomed = newWorker(t, { batchSize: 8, parallel: 5 });
    const abandoned = doomed.runOnce(); // never awaited before the "restart": its process is gone
    await hook.waitFor(5);
    const inFlight = (await deliveries()).filter((d) => d.status === 'sending').map((d) => d.public_id);
    expect(inFlight).toHaveLength(8); // claimed: five sent and hanging, three not yet sent

    const restarted = newWorker(t, { batchSize: 4, parallel: 2 });
    await drain(restarted); // the four unclaimed ones; the eight leased ones are not due yet
    expect((await deliveries()).filter((d) => d.status === 'sent')).toHaveLength(4);
    t.clock.advance(LEASE_MS);
    await drain(restarted);
    hook.release(); // the dead worker's hanging requests finally answer; its late results are not recorded
    await abandoned;

    const rows = await deliveries();
    expect(rows.every((d) => d.status === 'sent')).toBe(true);
    expect(hook.uniqueIds()).toEqual(new Set(rows.map((d) => d.public_id)));
    expect(hook.duplicates().length).toBeGreaterThan(0);
    expect(hook.duplicates().every((id) => inFlight.includes(id))).toBe(true);
    expect(rows.filter((d) => inFlight.includes(d.public_id)).every((d) => d.attempts === 2)).toBe(true);
    expect(rows.filter((d) => !inFlight.includes(d.public_id)).every((d) => d.attempts === 1)).toBe(true);
  });

  it('texts through the SMS gateway adapter when configured and enabled by the provider', async () => {
    const gateway = await new WebhookReceiver().start();
    try {
      const sms = await createTestContext(target, { mode: 'demo', smsGateway: { url: `${gateway.url}/sms`, token: 'gw-token' } });
      try {
        const w = await notifyWorld(sms, 'Text Leads');
        expect((await w.api('/notifications/recipients', { method: 'POST', body: { name: 'Phone', channel: 'sms', address: '+15125550199' } })).body.error.fields).toEqual({ channel: expect.any(String) });
        await setProviderSettings(sms.db, w.provider.id, { sms_enabled: true });
        expect((await w.api('/notifications/recipients', { method: 'POST', body: { name: 'Phone', channel: 'sms', address: '5125550199' } })).body.error.fields).toEqual({ address: expect.any(String) });
        expect((await w.api('/notifications/recipients', { method: 'POST', body: { name: 'Phone', channel: 'sms', address: '+15125550199' } })).status).toBe(201);
        await w.buyLead();
        await drain(newWorker(sms));
        expect(gateway.requests).toHaveLength(1);
        const [request] = gateway.requests;
        expect(request!.headers.authorization).toBe('Bearer gw-token');
        const body = JSON.parse(request!.body);
        expect(body).toMatchObject({ to: '+15125550199', body: expect.stringContaining('Text Leads') });
        expect(request!.body).not.toContain(SECRET_VALUE);
      } finally {
        await sms.close();
      }
    } finally {
      await gateway.stop();
    }
  });
});

/** Re-runs the receiver's check (the README snippet) on a recorded request with the receiver's current secrets, at its send time. */
function reverify(hook: WebhookReceiver, index: number): boolean {
  const r = hook.requests[index]!;
  const sentAt = Number(/t=(\d+)/.exec(String(r.headers['x-lp-signature']))![1]);
  return hook.secrets.some((secret) => verifyLeadPortalSignature({ secret, header: r.headers['x-lp-signature'] as string, method: r.method, pathAndQuery: r.pathAndQuery, body: r.body, nowSeconds: sentAt }));
}
