import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, serverAvailable, type TestDatabase } from '../server/test/databases.js';
import { eventReader } from '../server/test/sse.js';
import { DEMO_ADMIN } from './browser.js';
import { startServer, type RunningServer } from './server.js';

/**
 * Two real API processes (`server/main.ts`) on one PostgreSQL database (issue 5, D22): an event caused by a request
 * to one reaches a live stream opened on the other, through LISTEN/NOTIFY.
 */
describe.runIf(serverAvailable())('live events across two server processes', () => {
  let database: TestDatabase;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    const env = { DATABASE_URL: database.url!, LP_SECRET_KEY: randomBytes(32).toString('hex') };
    servers.push(await startServer(env)); // the first seeds the demo data; the second finds it
    servers.push(await startServer(env));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await database?.close();
  });

  it('a provider credit through process A reaches an event stream on process B', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const sameOrigin = { 'Sec-Fetch-Site': 'same-origin', 'X-LP-CSRF': '1', 'Content-Type': 'application/json' };
    const signedIn = await fetch(`${b.url}/app/session`, { method: 'POST', headers: sameOrigin, body: JSON.stringify(DEMO_ADMIN) });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const minted = await fetch(`${b.url}/app/token`, { headers: { 'Sec-Fetch-Site': 'same-origin', Cookie: cookie } });
    expect(minted.status).toBe(200);
    const { token } = (await minted.json()) as { token: string };
    const session = (await (await fetch(`${b.url}/api/v1/session`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { active_customer: { external_id: string } };

    const stream = eventReader(await fetch(`${b.url}/api/v1/events`, { headers: { Authorization: `Bearer ${token}` } }));
    expect((await stream.next(10_000)).event).toBe('ready');
    const credit = await fetch(`${a.url}/provider/v1/customers/${session.active_customer.external_id}/adjustments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${a.apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomBytes(8).toString('hex') },
      body: JSON.stringify({ amount_cents: 1_234, reason: 'Two-process check' }),
    });
    expect(credit.status).toBe(201);
    const event = await stream.next(10_000);
    expect(event.event).toBe('wallet.updated');
    expect(JSON.parse(event.data)).toHaveProperty('balance_cents');
    await stream.close();
  });
});
