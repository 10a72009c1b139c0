import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { hashPassword, PASSWORD_MAX } from '../../auth/passwords.js';
import { endSession, sessionUser, startSession } from '../../auth/sessions.js';
import type { Deps } from '../../deps.js';
import { consumeMailToken, issueMailToken } from '../../domain/accounts/mail-tokens.js';
import { checkCurrentPassword, setPassword } from '../../domain/accounts/passwords.js';
import { Email, emailTaken, NewPassword, PersonName, register, Registration } from '../../domain/accounts/register.js';
import { acceptInvite, openInvite } from '../../domain/accounts/team.js';
import { findPortalAccount, signIn } from '../../domain/accounts/sign-in.js';
import { AccountMailer } from '../../notify/account-mail.js';
import { ApiError } from '../../errors.js';
import { sameOriginOnly } from '../../http/csrf.js';
import type { AppEnv } from '../../http/env.js';
import { validationHook } from '../../http/errors.js';
import { perMinuteLimit } from '../../http/rate-limit.js';
import { providerForHost } from './provider-for-host.js';

const SignIn = z.strictObject({ email: Email, password: z.string().min(1, 'Enter your password').max(PASSWORD_MAX) });

/** A JSON body checked by `schema`; a failure is the one 400 shape naming each field. */
export async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const result = schema.safeParse(await c.req.json().catch(() => undefined));
  validationHook(result);
  return result.data as z.infer<T>;
}

/** The provider `/app` serves on this request's host (D7); every account lookup is scoped by it. */
export async function hostProvider(deps: Deps, c: Context): Promise<string> {
  const providerId = await providerForHost(deps, c.req.header('Host'));
  if (!providerId) throw new ApiError('not_found', 'No provider is configured for this host');
  return providerId;
}

const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.header('Cache-Control', 'no-store');
  await next();
};
const guarded = [noStore, sameOriginOnly] as const;

const MailToken = z.strictObject({ token: z.string().min(1).max(100) });
const ResetRequest = z.strictObject({ email: Email });
const ResetConfirm = z.strictObject({ token: z.string().min(1).max(100), password: NewPassword });
const PasswordChange = z.strictObject({ current_password: z.string().min(1).max(PASSWORD_MAX), new_password: NewPassword });
const InviteAcceptance = z.strictObject({ token: z.string().min(1).max(100), name: PersonName.optional(), password: NewPassword.optional() });
const EmailChange = z.strictObject({ current_password: z.string().min(1).max(PASSWORD_MAX), new_email: Email });

/**
 * Where links in account mail point. Never the raw Host header (anyone can send one: reset-link poisoning): the
 * request's host only when it is one of this provider's registered hostnames, else PUBLIC_URL.
 */
async function portalBase({ db, config }: Deps, providerId: string, c: Context): Promise<string> {
  const hostname = (c.req.header('Host') ?? '').replace(/:\d+$/, '').toLowerCase();
  if (config.mode === 'demo' || hostname === new URL(config.publicUrl).hostname) return config.publicUrl;
  const registered = await db.selectFrom('provider_hostnames').select('hostname').where('hostname', '=', hostname).where('provider_id', '=', providerId).executeTakeFirst();
  return registered ? `https://${registered.hostname}` : config.publicUrl;
}

/** `/app` account endpoints (issue 8): JSON over the session cookie, each behind the CSRF check. */
export const accountRoutes = (deps: Deps) => {
  const { db, clock } = deps;
  const mailer = new AccountMailer(deps);
  // Links carry tokens in the fragment: it never reaches server logs or a Referer header.
  const sendVerification = async (c: Context, providerId: string, userId: string, email: string) => {
    const token = await issueMailToken(db, clock, userId, 'verify_email', email);
    await mailer.send(providerId, email, { kind: 'verify_email', link: `${await portalBase(deps, providerId, c)}/app/verify-email#token=${token}` });
  };
  // Per route, not `use('*')`: this app is mounted at /app's root, where a wildcard would also guard the pages.
  const app = new Hono<AppEnv>();

  app.post('/session', ...guarded, perMinuteLimit(20), async (c) => {
    const input = await body(c, SignIn);
    const providerId = await hostProvider(deps, c);
    const userId = await signIn(db, deps.clock, providerId, input.email, input.password);
    await startSession(c, deps, providerId, userId);
    const user = await db.selectFrom('users').select(['id', 'name', 'email', 'email_verified_at']).where('id', '=', userId).executeTakeFirstOrThrow();
    return c.json({ user: { id: user.id, name: user.name, email: user.email, email_verified: user.email_verified_at !== null } }, 200);
  });

  app.delete('/session', ...guarded, async (c) => {
    await endSession(c, db);
    return c.body(null, 204);
  });

  app.post('/register', ...guarded, perMinuteLimit(20), async (c) => {
    const input = await body(c, Registration);
    const providerId = await hostProvider(deps, c);
    const { userId, customer } = await register(db, clock, providerId, input);
    await startSession(c, deps, providerId, userId);
    await sendVerification(c, providerId, userId, input.user.email);
    return c.json({ user: { id: userId, name: input.user.name, email: input.user.email, email_verified: false }, customer: { ...customer, status: 'active', role: 'admin' } }, 201);
  });

  /** Confirms the address the token was sent to: after registration, or the new one of an email change. */
  app.post('/verify-email', ...guarded, perMinuteLimit(20), async (c) => {
    const { token } = await body(c, MailToken);
    const providerId = await hostProvider(deps, c);
    const { userId, email } = await consumeMailToken(db, clock, providerId, token, 'verify_email');
    const now = clock.now();
    try {
      await db.updateTable('users').set({ email: email!, email_verified_at: now, updated_at: now }).where('id', '=', userId).execute();
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new ApiError('email_taken', 'Another account took this email in the meantime');
      throw error;
    }
    return c.json({ email, email_verified: true }, 200);
  });

  /** Always the same 202, whether or not the email has an account here (no enumeration); the mail is not awaited. */
  app.post('/password-reset', ...guarded, perMinuteLimit(10), async (c) => {
    const { email } = await body(c, ResetRequest);
    const providerId = await hostProvider(deps, c);
    const account = await findPortalAccount(db, providerId, email);
    if (account) {
      const token = await issueMailToken(db, clock, account.id, 'reset');
      void mailer.send(providerId, account.email!, { kind: 'reset', link: `${await portalBase(deps, providerId, c)}/app/reset-password#token=${token}` });
    }
    return c.json({ message: 'If an account has this email, a link to reset its password is on its way' }, 202);
  });

  app.post('/password-reset/confirm', ...guarded, perMinuteLimit(20), async (c) => {
    const input = await body(c, ResetConfirm);
    const providerId = await hostProvider(deps, c);
    const { userId } = await consumeMailToken(db, clock, providerId, input.token, 'reset');
    await setPassword(db, clock, providerId, userId, input.password);
    return c.json({ message: 'Your password is changed; sign in with it' }, 200);
  });

  /** The signed-in user changes their password: every other session ends; this browser gets a fresh one. */
  app.put('/password', ...guarded, perMinuteLimit(10), async (c) => {
    const input = await body(c, PasswordChange);
    const { providerId, userId } = await signedIn(c);
    await checkCurrentPassword(db, userId, input.current_password);
    await setPassword(db, clock, providerId, userId, input.new_password);
    await startSession(c, deps, providerId, userId);
    return c.body(null, 204);
  });

  /** The new address takes effect once its owner follows the link mailed to it (POST /app/verify-email). */
  app.put('/email', ...guarded, perMinuteLimit(10), async (c) => {
    const input = await body(c, EmailChange);
    const { providerId, userId } = await signedIn(c);
    await checkCurrentPassword(db, userId, input.current_password);
    if (await findPortalAccount(db, providerId, input.new_email)) throw emailTaken('new_email');
    await sendVerification(c, providerId, userId, input.new_email);
    return c.json({ pending_email: input.new_email }, 202);
  });

  /**
   * Accepts an invitation: the account with the invited email must be the one signed in; without an account, the
   * person sets a name and password here and is signed in.
   */
  app.post('/invites/accept', ...guarded, perMinuteLimit(20), async (c) => {
    const input = await body(c, InviteAcceptance);
    const providerId = await hostProvider(deps, c);
    const invite = await openInvite(db, clock, providerId, input.token);
    const account = await findPortalAccount(db, providerId, invite.email);
    if (account) {
      if ((await sessionUser(c, deps, providerId)) !== account.id) throw new ApiError('unauthorized', `Sign in as ${invite.email} to accept this invitation`);
      await acceptInvite(db, clock, providerId, invite.id, { id: account.id });
    } else {
      if (!input.name || !input.password) {
        throw new ApiError('invalid_request', 'Some fields are invalid', { ...(input.name ? {} : { name: 'Enter your name' }), ...(input.password ? {} : { password: 'Choose a password' }) });
      }
      const userId = await acceptInvite(db, clock, providerId, invite.id, { name: input.name, email: invite.email, passwordHash: await hashPassword(input.password) });
      await startSession(c, deps, providerId, userId);
    }
    return c.json({ customer: { id: invite.customer_id, name: invite.customer_name }, role: invite.role }, 200);
  });

  async function signedIn(c: Context): Promise<{ providerId: string; userId: string }> {
    const providerId = await hostProvider(deps, c);
    const userId = await sessionUser(c, deps, providerId);
    if (!userId) throw new ApiError('unauthorized', 'Sign in to continue');
    return { providerId, userId };
  }
  return app;
};
