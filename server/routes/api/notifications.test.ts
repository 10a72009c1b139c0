import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targets } from '../../test/databases.js';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { drain, newWorker, NOTIFY_LEAD, notifyWorld } from '../../test/notify-fixtures.js';
import { WebhookReceiver } from '../../test/notify-receivers.js';

describe.each(targets)('notifications API (%s)', (target) => {
  let t: TestContext;
  let hook: WebhookReceiver;
  let world: Awaited<ReturnType<typeof notifyWorld>>;
  let rival: Awaited<ReturnType<typeof notifyWorld>>;

  beforeAll(async () => {
    t = await createTestContext(target, { mode: 'demo' });
    hook = await new WebhookReceiver(() => Math.floor(t.clock.now().getTime() / 1000)).start();
    world = await notifyWorld(t);
    rival = await notifyWorld(t, 'Rival Leads');
  });
  afterAll(async () => {
    await hook.stop();
    await t.close();
  });

  it('creates, reads, lists, changes and removes recipients; the first webhook’s signing secret is shown once', async () => {
    const email = await world.api('/notifications/recipients', { method: 'POST', body: { name: 'Desk', channel: 'email', address: 'desk@buyer.example', kinds: ['lead.purchased', 'wallet.low_balance', 'lead.purchased'] } });
    expect(email.status).toBe(201);
    expect(email.body).toEqual({
      recipient: {
        id: expect.stringMatching(/^rcp_/), name: 'Desk', channel: 'email', address: 'desk@buyer.example', http_method: null, payload_template: null,
        kinds: ['lead.purchased', 'wallet.low_balance'], bid_ids: null, fields: null, enabled: true, created_at: expect.any(String), updated_at: expect.any(String),
      },
      signing_secret: null,
    });
    expect((await world.api('/notifications/settings')).body.signing_secret).toEqual({ created_at: null, previous_expires_at: null });

    const hookA = await world.api('/notifications/recipients', { method: 'POST', body: { name: 'CRM', channel: 'webhook', address: `${hook.url}/a`, bid_ids: [world.bidId], fields: ['email', 'phone'] } });
    expect(hookA.status).toBe(201);
    expect(hookA.body.recipient).toMatchObject({ http_method: 'POST', bid_ids: [world.bidId], fields: ['email', 'phone'] });
    expect(hookA.body.signing_secret).toMatch(/^whsec_[\w-]{43}$/);
    const hookB = await world.api('/notifications/recipients', { method: 'POST', body: { name: 'CRM 2', channel: 'webhook', address: `${hook.url}/b`, http_method: 'PUT' } });
    expect(hookB.body.signing_secret).toBeNull();
    const settings = (await world.api('/notifications/settings')).body;
    expect(settings).toMatchObject({ sms_available: false, kinds: expect.arrayContaining(['lead.purchased', 'return.decided']), template_variables: expect.arrayContaining(['charged_amount', 'lead.<field>']) });
    expect(settings.signing_secret.created_at).toBe(t.clock.now().toISOString());
    expect(JSON.stringify(settings)).not.toContain(hookA.body.signing_secret);

    const page1 = await world.api('/notifications/recipients?limit=2');
    expect(page1.body.items.map((r: { name: string }) => r.name)).toHaveLength(2);
    const page2 = await world.api(`/notifications/recipients?limit=2&cursor=${page1.body.next_cursor}`);
    expect([...page1.body.items, ...page2.body.items].map((r: { name: string }) => r.name).sort()).toEqual(['CRM', 'CRM 2', 'Desk']);
    expect(page2.body.next_cursor).toBeNull();

    const changed = await world.api(`/notifications/recipients/${hookB.body.recipient.id}`, { method: 'PATCH', body: { channel: 'email', address: 'ops@buyer.example', enabled: false } });
    expect(changed.status).toBe(200);
    expect(changed.body.recipient).toMatchObject({ channel: 'email', address: 'ops@buyer.example', http_method: null, enabled: false });
    expect((await world.api(`/notifications/recipients/${hookB.body.recipient.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await world.api(`/notifications/recipients/${hookB.body.recipient.id}`)).status).toBe(404);
    expect((await world.api('/notifications/recipients')).body.items).toHaveLength(2);
  });

  it.each([
    [{ channel: 'email', address: 'not-an-email' }, 'address'],
    [{ channel: 'webhook', address: 'http://hooks.example.com/x' }, 'address'],
    [{ channel: 'webhook', address: 'ftp://127.0.0.1/x' }, 'address'],
    [{ channel: 'webhook', address: 'https://hooks.example.com/x', payload_template: '{"a": {{ lead.email }}' }, 'payload_template'],
    [{ channel: 'webhook', address: 'https://hooks.example.com/x', payload_template: '[{{ charged_amount }}]' }, 'payload_template'],
    [{ channel: 'webhook', address: 'https://hooks.example.com/x', payload_template: '{"a": "{{ secret_sauce }}"}' }, 'payload_template'],
    [{ channel: 'email', address: 'a@b.example', payload_template: '{}' }, 'payload_template'],
    [{ channel: 'email', address: 'a@b.example', http_method: 'GET' }, 'http_method'],
    [{ channel: 'sms', address: '+15125550100' }, 'channel'],
    [{ channel: 'email', address: 'a@b.example', bid_ids: ['bid_of_nobody'] }, 'bid_ids'],
    [{ channel: 'email', address: 'a@b.example', kinds: [] }, 'kinds'],
    [{ channel: 'pigeon', address: 'a@b.example' }, 'channel'],
  ])('refuses %j naming the field %s', async (body, field) => {
    const res = await world.api('/notifications/recipients', { method: 'POST', body: { name: 'Bad', ...body } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(Object.keys(res.body.error.fields)).toContain(field);
  });

  it('refuses another customer’s bid in a scope and answers 404 for another customer’s recipient', async () => {
    const theirs = await rival.api('/notifications/recipients', { method: 'POST', body: { name: 'Theirs', channel: 'email', address: 'rival@example.com' } });
    const id = theirs.body.recipient.id;
    expect((await world.api('/notifications/recipients', { method: 'POST', body: { name: 'X', channel: 'email', address: 'a@b.example', bid_ids: [rival.bidId] } })).status).toBe(400);
    for (const [method, path, body] of [
      ['GET', `/notifications/recipients/${id}`],
      ['PATCH', `/notifications/recipients/${id}`, { name: 'Mine now' }],
      ['DELETE', `/notifications/recipients/${id}`],
      ['POST', `/notifications/recipients/${id}/test`],
      ['GET', `/notifications/deliveries?recipient_id=${id}`],
    ] as const) {
      const res = await world.api(path, { method, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await rival.api(`/notifications/recipients/${id}`)).body.name).toBe('Theirs');
  });

  it('test-sends to a recipient now and reports what the receiver answered', async () => {
    const created = await world.api('/notifications/recipients', { method: 'POST', body: { name: 'Tested', channel: 'webhook', address: `${hook.url}/test` } });
    const id = created.body.recipient.id;
    const before = hook.requests.length;
    const ok = await world.api(`/notifications/recipients/${id}/test`, { method: 'POST' });
    expect(ok).toEqual({ status: 200, body: { ok: true, response_code: 200, error: null } });
    const sent = hook.requests[before]!;
    expect(sent.headers['x-lp-test']).toBe('1');
    expect(JSON.parse(sent.body)).toMatchObject({ type: 'lead.purchased', data: { fields: { first_name: 'Test' } } });
    hook.status = 410;
    try {
      expect((await world.api(`/notifications/recipients/${id}/test`, { method: 'POST' })).body).toEqual({ ok: false, response_code: 410, error: 'The receiver answered 410' });
    } finally {
      hook.status = 200;
    }
    expect(await t.db.selectFrom('notification_deliveries').select('id').where('recipient_id', '=', id).execute()).toEqual([]);
  });

  it('logs deliveries per recipient and per lead with status, attempts, error and response code, in keyset pages', async () => {
    const { body } = await world.api('/notifications/recipients', { method: 'POST', body: { name: 'Logged', channel: 'webhook', address: `${hook.url}/log` } });
    const recipientId = body.recipient.id;
    const leads = [await world.buyLead({ ...NOTIFY_LEAD, email: 'l1@example.com' }), await world.buyLead({ ...NOTIFY_LEAD, email: 'l2@example.com' })];
    hook.status = 500;
    try {
      await drain(newWorker(t));
    } finally {
      hook.status = 200;
    }
    const mine = await world.api(`/notifications/deliveries?recipient_id=${recipientId}&limit=1`);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toEqual({
      id: expect.stringMatching(/^dlv_/), recipient_id: recipientId, recipient_name: 'Logged', channel: 'webhook', kind: 'lead.purchased', lead_id: leads[1],
      status: 'failed', attempts: 1, last_error: 'The receiver answered 500', response_code: 500,
      next_attempt_at: new Date(t.clock.now().getTime() + 60_000).toISOString(), sent_at: null, created_at: expect.any(String), updated_at: expect.any(String),
    });
    const next = await world.api(`/notifications/deliveries?recipient_id=${recipientId}&limit=1&cursor=${mine.body.next_cursor}`);
    expect(next.body.items.map((d: { lead_id: string }) => d.lead_id)).toEqual([leads[0]]);
    expect(next.body.next_cursor).toBeNull();

    const perLead = await world.api(`/notifications/deliveries?lead_id=${leads[0]}`);
    expect(perLead.body.items.length).toBeGreaterThan(1); // every recipient that matched this lead
    expect(perLead.body.items.every((d: { lead_id: string }) => d.lead_id === leads[0])).toBe(true);
    expect((await rival.api(`/notifications/deliveries?lead_id=${leads[0]}`)).body.items).toEqual([]);

    // A removed recipient keeps its log.
    expect((await world.api(`/notifications/recipients/${recipientId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await world.api(`/notifications/deliveries?recipient_id=${recipientId}`)).body.items).toHaveLength(2);
  });

  it('lets viewers read but not write, and rotates the secret for buyers', async () => {
    const viewer = await t.mintToken(world.provider, { sub: 'viewer', customerIds: [world.customer.externalId], roles: { [world.customer.externalId]: 'viewer' } });
    expect((await world.api('/notifications/recipients', { token: viewer })).status).toBe(200);
    expect((await world.api('/notifications/recipients', { method: 'POST', token: viewer, body: { name: 'V', channel: 'email', address: 'v@example.com' } })).status).toBe(403);
    expect((await world.api('/notifications/signing-secret/rotate', { method: 'POST', token: viewer })).status).toBe(403);
    const buyer = await t.mintToken(world.provider, { sub: 'buyer', customerIds: [world.customer.externalId], roles: { [world.customer.externalId]: 'buyer' } });
    const rotated = await world.api('/notifications/signing-secret/rotate', { method: 'POST', token: buyer });
    expect(rotated.status).toBe(201);
    expect(rotated.body.secret).toMatch(/^whsec_/);
  });
});
