import type { ReceivedMail, SmtpReceiver } from './notify-receivers.js';
import { hashPassword } from '../auth/passwords.js';
import type { Role } from '../db/schema.js';
import { portalIssuer } from '../domain/providers.js';
import { newId } from '../lib/ids.js';
import type { TestContext, TestProvider } from './harness.js';

/** An /app account with a password, and memberships (`source=portal`) on the named customers. */
export async function addPortalUser(t: TestContext, provider: TestProvider, options: { email: string; password: string; name?: string; memberships?: [string, Role][] }) {
  const id = newId('usr');
  await t.db
    .insertInto('users')
    .values({ id, provider_id: provider.id, issuer: portalIssuer(provider.id), subject: id, email: options.email, name: options.name ?? 'Portal User', password_hash: await hashPassword(options.password), email_verified_at: t.clock.now() })
    .execute();
  for (const [externalId, role] of options.memberships ?? []) {
    const customer = await t.db.selectFrom('customers').select('id').where('provider_id', '=', provider.id).where('external_id', '=', externalId).executeTakeFirstOrThrow();
    await t.db.insertInto('memberships').values({ user_id: id, customer_id: customer.id, role, source: 'portal' }).execute();
  }
  return id;
}

/** The browser's side of the session cookie: what the last Set-Cookie said, and the Cookie header to send back. */
export function sessionCookie(res: Response): { value: string; attributes: string } | null {
  const header = res.headers.getSetCookie().find((h) => h.startsWith('lp_session='));
  if (!header) return null;
  const [pair = '', ...attributes] = header.split(';');
  return { value: pair.slice('lp_session='.length), attributes: attributes.map((a) => a.trim()).join('; ') };
}

/** A request from the /app page itself: same-origin fetch metadata and the CSRF header, unless overridden. */
export function appRequest(t: TestContext, path: string, init: { method?: string; host: string; body?: unknown; cookie?: string; headers?: Record<string, string> }) {
  const headers: Record<string, string> = { Host: init.host, 'Sec-Fetch-Site': 'same-origin', 'X-LP-CSRF': '1', ...init.headers };
  if (init.cookie) headers.Cookie = `lp_session=${init.cookie}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  return t.app.request(path, { method: init.method ?? 'GET', headers, ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }) });
}

/** Signs in and returns the session cookie's value. */
export async function signInAs(t: TestContext, host: string, email: string, password: string): Promise<string> {
  const res = await appRequest(t, '/app/session', { method: 'POST', host, body: { email, password } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return sessionCookie(res)!.value;
}

/** The widget JWT `/app/token` mints for a session. */
export async function tokenFor(t: TestContext, host: string, cookie: string): Promise<string> {
  const res = await appRequest(t, '/app/token', { host, cookie });
  if (res.status !== 200) throw new Error(`token failed: ${res.status} ${await res.text()}`);
  return (await res.json()).token;
}

/** The newest mail to `to` once it has arrived, and the token in its link (`#token=…`). */
export async function mailTo(receiver: SmtpReceiver, to: string, after = 0): Promise<{ mail: ReceivedMail; token: string; link: string }> {
  for (let i = 0; i < 300; i++) {
    const mail = receiver.mails.slice(after).reverse().find((m) => m.to.includes(to));
    if (mail) {
      const link = /https?:\/\/\S+#token=[\w-]+/.exec(mail.text)![0];
      return { mail, link, token: link.split('#token=')[1]! };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no mail to ${to}`);
}
