import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targets } from '../test/databases.js';
import { createTestContext, type TestContext } from '../test/harness.js';
import { drain, notifyWorld } from '../test/notify-fixtures.js';
import { WebhookReceiver } from '../test/notify-receivers.js';
import { checkWebhookUrl, isBlockedAddress } from './ssrf.js';
import { NotificationWorker } from './worker.js';

describe('webhook URL guard', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip'])('blocks %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });
  it.each([
    'http://hooks.example.com/x', 'https://127.0.0.1/x', 'https://[::1]/x', 'https://10.0.0.5/x', 'https://169.254.169.254/latest/meta-data',
    'https://localhost/x', 'https://app.localhost/x', 'https://user:pw@hooks.example.com/x', 'ftp://hooks.example.com/x', 'hooks.example.com', 'https://[::ffff:7f00:1]/x',
  ])('refuses %s in production', (url) => {
    expect(() => checkWebhookUrl(url, 'production')).toThrow();
  });
  it('accepts https to a public name in production, and http only to localhost in demo mode', () => {
    expect(checkWebhookUrl('https://hooks.example.com/leads?x=1', 'production').hostname).toBe('hooks.example.com');
    expect(checkWebhookUrl('http://127.0.0.1:9000/x', 'demo').port).toBe('9000');
    expect(checkWebhookUrl('http://localhost:9000/x', 'demo').hostname).toBe('localhost');
    expect(() => checkWebhookUrl('http://hooks.example.com/x', 'demo')).toThrow(/localhost/);
    expect(() => checkWebhookUrl('http://10.0.0.5/x', 'demo')).toThrow();
  });
});

describe.each(targets)('SSRF at send time (%s)', (target) => {
  let t: TestContext;
  let hook: WebhookReceiver;
  let world: Awaited<ReturnType<typeof notifyWorld>>;

  beforeAll(async () => {
    t = await createTestContext(target); // production mode
    hook = await new WebhookReceiver().start();
    world = await notifyWorld(t);
  });
  afterAll(async () => {
    await hook.stop();
    await t.close();
  });

  it('refuses private and loopback webhook URLs when saved, naming the address field', async () => {
    for (const address of ['https://127.0.0.1/x', 'https://[::1]/x', 'https://169.254.169.254/x', 'http://hooks.example.com/x', 'https://localhost/x']) {
      const res = await world.api('/notifications/recipients', { method: 'POST', body: { name: 'Bad', channel: 'webhook', address } });
      expect(res.status, address).toBe(400);
      expect(Object.keys(res.body.error.fields), address).toEqual(['address']);
    }
  });

  it('re-checks DNS when sending: a name that now resolves to loopback is refused and nothing reaches the receiver', async () => {
    // As if the URL had passed the save-time check and its DNS changed later: the machine's own name resolves to a
    // loopback or private address (here and in containers), yet passes the URL's shape check.
    const name = hostname();
    expect((await lookup(name, { all: true })).every((a) => isBlockedAddress(a.address)), `${name} resolves to a non-public address`).toBe(true);
    expect(checkWebhookUrl(`https://${name}/x`, 'production').hostname).toBe(name);
    const port = new URL(hook.url).port;
    await t.db.insertInto('notification_recipients').values({ id: 'rcp_rebound', provider_id: world.provider.id, customer_id: world.customer.id, name: 'Rebound', channel: 'webhook', address: `https://${name}:${port}/x`, http_method: 'POST' }).execute();
    await t.db.insertInto('notification_recipients').values({ id: 'rcp_mapped', provider_id: world.provider.id, customer_id: world.customer.id, name: 'Mapped', channel: 'webhook', address: `https://[::ffff:127.0.0.1]:${port}/x`, http_method: 'POST' }).execute();
    await world.api('/notifications/signing-secret/rotate', { method: 'POST' });
    await world.buyLead();
    await drain(new NotificationWorker({ db: t.db, config: t.config, clock: t.clock, logger: pino({ level: 'silent' }) }));
    const rows = await t.db.selectFrom('notification_deliveries').select(['recipient_id', 'status', 'last_error']).orderBy('recipient_id').execute();
    expect(rows).toEqual([
      { recipient_id: 'rcp_mapped', status: 'failed', last_error: expect.stringMatching(/private or local/) },
      { recipient_id: 'rcp_rebound', status: 'failed', last_error: expect.stringMatching(/resolves to a private or local address/) },
    ]);
    expect(hook.requests).toHaveLength(0);
  });
});
