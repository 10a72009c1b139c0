import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN, hashPassword } from '../../auth/passwords.js';
import type { Db } from '../../db/database.js';
import { ApiError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { addressProblems, REGIONS } from '../geo/regions.js';
import { portalIssuer } from '../providers.js';
import { findPortalAccount } from './sign-in.js';

export const Email = z.string().trim().toLowerCase().max(254).email('Enter an email address');
export const NewPassword = z.string().min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`);
export const PersonName = z.string().trim().min(1, 'Enter your name').max(200);

/**
 * One request validated in two parts (SPEC "Stand-alone /app": step 1 user, step 2 business): the page keeps step 1
 * in memory and sends both, and a 400 names fields as `user.*` or `business.*`, so the page reopens the right step.
 * No pending half-registration to store, expire or abuse.
 */
export const Registration = z.strictObject({
  user: z.strictObject({ name: PersonName, email: Email, password: NewPassword }),
  business: z
    .strictObject({
      name: z.string().trim().min(1, 'Enter the business name').max(200),
      billing_email: Email,
      phone: z.string().trim().regex(/^\+?[0-9][0-9 ().-]{5,22}[0-9]$/, 'Enter a phone number'),
      address: z.strictObject({ line1: z.string().trim().min(1, 'Enter the street address').max(200), line2: z.string().trim().max(200).optional(), city: z.string().trim().min(1, 'Enter the city').max(100) }),
      country: z.enum(['US', 'CA', 'AU']),
      region: z.string().trim().toUpperCase(),
      postal_code: z.string().trim().toUpperCase(),
    })
    .superRefine((b, ctx) => {
      for (const [field, message] of Object.entries(addressProblems(b.country, b.region, b.postal_code))) ctx.addIssue({ code: 'custom', path: [field], message });
    }),
  /** The URLs of the provider's consent links the user ticked: all of them are required. */
  accepted_consents: z.array(z.string().max(2000)).max(20).default([]),
});
export type Registration = z.infer<typeof Registration>;

export const emailTaken = (field = 'user.email') => new ApiError('email_taken', 'An account with this email already exists: sign in, or reset your password', { [field]: 'An account with this email already exists' });
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/**
 * Registration: the user, their business as a new customer (timezone from its state or province, D30) with a zero
 * wallet, and an `admin` membership (`source=portal`), in one transaction. Accepted consents go to the audit log.
 */
export async function register(db: Db, clock: Clock, providerId: string, input: Registration) {
  const provider = await db.selectFrom('providers').select(['settings', 'currency']).where('id', '=', providerId).executeTakeFirstOrThrow();
  if (provider.settings.self_registration === false) throw new ApiError('registration_disabled', 'This provider does not take new registrations here; ask your provider for an invitation');
  const missing = (provider.settings.consent_links ?? []).filter((link) => !input.accepted_consents.includes(link.url));
  if (missing.length) throw new ApiError('invalid_request', 'Some fields are invalid', { accepted_consents: `Accept ${missing.map((l) => l.label).join(' and ')} to continue` });
  if (await findPortalAccount(db, providerId, input.user.email)) throw emailTaken();

  const passwordHash = await hashPassword(input.user.password);
  const now = clock.now();
  const userId = newId('usr');
  const customerId = newId('cus');
  const { business } = input;
  const timezone = REGIONS[business.country][business.region]!;
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({ id: userId, provider_id: providerId, issuer: portalIssuer(providerId), subject: userId, email: input.user.email, name: input.user.name, password_hash: passwordHash, created_at: now, updated_at: now })
        .execute();
      await trx
        .insertInto('customers')
        .values({
          id: customerId, provider_id: providerId, external_id: customerId, name: business.name, timezone, billing_email: business.billing_email, phone: business.phone,
          address: JSON.stringify(business.address), country: business.country, region: business.region, postal_code: business.postal_code, source: 'portal', created_by: userId, created_at: now, updated_at: now,
        })
        .execute();
      await trx.insertInto('wallets').values({ customer_id: customerId, provider_id: providerId, currency: provider.currency }).execute();
      await trx.insertInto('memberships').values({ user_id: userId, customer_id: customerId, role: 'admin', source: 'portal' }).execute();
      await trx
        .insertInto('audit_log')
        .values({ provider_id: providerId, customer_id: customerId, actor_kind: 'user', actor_id: userId, action: 'user.registered', subject_type: 'user', subject_id: userId, details: JSON.stringify({ consents: input.accepted_consents, at: now.toISOString() }), created_at: now })
        .execute();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(); // the same email registering twice at once
    throw error;
  }
  return { userId, customer: { id: customerId, external_id: customerId, name: business.name, timezone } };
}
