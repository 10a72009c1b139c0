import { createRoute, z } from '@hono/zod-openapi';
import { sql, type Transaction } from 'kysely';
import type { Mode } from '../../config.js';
import type { Database, ProviderSettings } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { listingDefaults } from '../../domain/marketplace/listings.js';
import { webUrlProblem } from '../../domain/web-access.js';
import { ApiError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { Tier } from '../api/schemas.js';
import { newRouter } from '../router.js';
import { tierJson } from '../tier-json.js';
import { auditProviderChange } from './audit.js';
import { apiKeySecurity, Bps, Cents, checked, HexColor, json, PositiveCents, providerErrors, uniqueList, WebUrl } from './schemas.js';

const CssLength = z.string().regex(/^(0|\d{1,4}(\.\d{1,3})?(px|rem|em|%))$/, 'Use a CSS length such as 8px, 0.5rem or 0');

const Appearance = z
  .strictObject({
    colorPrimary: HexColor,
    colorDanger: HexColor,
    colorWarning: HexColor,
    colorSuccess: HexColor,
    colorBackground: HexColor,
    colorText: HexColor,
    borderRadius: CssLength,
    // Becomes a CSS value in every widget: names, spaces, commas and quotes only.
    fontFamily: z.string().max(200).regex(/^[A-Za-z0-9 ,'"_-]+$/, 'Use font names separated by commas'),
  })
  .partial()
  .openapi('ProviderAppearance', { description: 'Theme values; each maps to a --lp-sys-* custom property' });

/** A logo is an absolute URL or a path on this server (the demo provider's logo is one). */
const LogoUrl = (mode: Mode) =>
  checked(z.string().max(2000), (v) => (/^\/(?!\/)[\w.~!$&'()*+,;=:@/%-]*$/.test(v) ? null : webUrlProblem(v, mode)));

const Locale = z
  .string()
  .max(35)
  .refine((v) => {
    try {
      return Intl.getCanonicalLocales(v)[0] === v;
    } catch {
      return false;
    }
  }, 'Use a BCP 47 locale such as en-US');

const Currency = z
  .string()
  .refine((v) => /^[A-Z]{3}$/.test(v) && Intl.supportedValuesOf('currency').includes(v), 'Use an ISO 4217 currency code such as USD');

/** Every ProviderSettings field with its bounds; `satisfies` fails the build when the interface gains a field. */
const settingsShape = (mode: Mode) =>
  ({
    self_service_customers: z.boolean().openapi({ description: 'Buyers may set up new customer accounts in the portal (D3)' }),
    self_registration: z.boolean().openapi({ description: 'Anyone may register a /app account with a new customer (default true); false: only invited users' }),
    consent_links: uniqueList(z.strictObject({ label: z.string().trim().min(1).max(100), url: WebUrl(mode) }), 10, (link) => link.url).openapi({
      description: 'Terms a registering buyer must accept in /app (each URL is sent back in `accepted_consents`)',
    }),
    returns_enabled: z.boolean(),
    returns_auto_approve: z.boolean().openapi({ description: 'Approve and refund every return request at once (default false: you decide each)' }),
    return_window_days: z.number().int().min(1).max(365),
    return_rate_window_days: z.number().int().min(1).max(730),
    return_reasons: uniqueList(z.string().trim().min(1).max(100), 50, (reason) => reason.toLowerCase()),
    return_tiers_enabled: z.boolean(),
    max_return_rate_bps: Bps.nullable(),
    return_policy_url: WebUrl(mode).nullable(),
    marketplace_enabled: z.boolean().openapi({ description: 'Leads nobody wins are listed in the marketplace; buyers may buy listed leads' }),
    marketplace_defaults: MarketplaceDefaults,
    customer_bidding_enabled: z.boolean(),
    min_lifetime_deposit_cents: Cents,
    deposit_fee_bps: Bps,
    min_deposit_cents: Cents,
    max_deposit_cents: PositiveCents,
    allow_adding_cards: z.boolean(),
    sms_enabled: z.boolean(),
  }) satisfies Record<keyof ProviderSettings, z.ZodType>;

const MarketplaceDefaults = z
  .strictObject({
    first_price_cents: PositiveCents,
    step_cents: Cents,
    interval_seconds: z.number().int().min(1).max(86_400 * 30),
    floor_cents: PositiveCents,
    duration_seconds: z.number().int().min(60).max(86_400 * 90),
  })
  .partial()
  .openapi('MarketplaceDefaults', { description: 'Terms of the listings the auction creates for unsold leads; keys you leave out use the defaults ($25 falling $2.50 every 15 min to $5, for 24 h)' });

const TierEffectKind = z.enum(['none', 'penalty', 'discount', 'match_return_rate']);

const TierInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  headline: z.string().max(200).default(''),
  brief: z.string().max(500).default(''),
  description: z.string().max(4000).default(''),
  color: HexColor.default('#6b7280'),
  icon: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Use an icon name such as star').default('circle'),
  lower_bps: Bps,
  upper_bps: Bps.nullable(),
  effect: z.strictObject({ kind: TierEffectKind, bps: Bps.default(0) }).default({ kind: 'none', bps: 0 }),
});

/** SPEC: tiers cover every rate from 0 with no gap or overlap (`lower <= rate < upper`); only the last is open. */
const ReturnTiers = z
  .array(TierInput)
  .max(20)
  .superRefine((tiers, ctx) => {
    tiers.forEach((tier, i) => {
      const expectedLower = i === 0 ? 0 : tiers[i - 1]!.upper_bps;
      if (tier.lower_bps !== expectedLower) {
        ctx.addIssue({ code: 'custom', path: [i, 'lower_bps'], message: i === 0 ? 'The first tier starts at 0' : `Must equal the previous tier's upper_bps (${expectedLower})` });
      }
      const last = i === tiers.length - 1;
      if (last && tier.upper_bps !== null) ctx.addIssue({ code: 'custom', path: [i, 'upper_bps'], message: 'The last tier is open: use null' });
      if (!last && tier.upper_bps === null) ctx.addIssue({ code: 'custom', path: [i, 'upper_bps'], message: 'Only the last tier may be open (null)' });
      if (tier.upper_bps !== null && tier.upper_bps <= tier.lower_bps) ctx.addIssue({ code: 'custom', path: [i, 'upper_bps'], message: 'Must be above lower_bps' });
    });
  })
  .openapi({ description: 'Replaces all tiers, in order: contiguous from 0, each lower_bps equal to the previous upper_bps, the last open' });

function schemas(mode: Mode) {
  const Branding = z.strictObject({ logo_url: LogoUrl(mode).nullable(), appearance: Appearance }).partial();
  const Settings = z.strictObject(settingsShape(mode)).partial();
  const SettingsUpdate = z
    .strictObject({
      name: z.string().trim().min(1).max(200),
      support_email: z.email().max(320).nullable(),
      locale: Locale,
      currency: Currency.openapi({ description: 'Only while no customer has ledger entries' }),
      branding: Branding.openapi({ description: 'Replaces the branding' }),
      settings: Settings.openapi({ description: 'The keys you send replace those keys; others keep their value' }),
      return_tiers: ReturnTiers,
    })
    .partial()
    .refine((update) => Object.keys(update).length > 0, 'Send at least one field to change')
    .openapi('ProviderSettingsUpdate', { description: 'Each top-level field you send replaces that part; fields you leave out keep their value' });
  const SettingsView = z
    .object({
      name: z.string(),
      support_email: z.string().nullable(),
      locale: z.string(),
      currency: z.string(),
      branding: z.object({ logo_url: z.string().nullable(), appearance: Appearance }),
      settings: Settings.openapi({ description: 'The keys you have set; the others use the product defaults' }),
      return_tiers: z.array(Tier),
    })
    .openapi('ProviderSettings');
  return { SettingsUpdate, SettingsView };
}

type TierValues = z.infer<typeof TierInput>;

/** Tiers keep their id per position, so a buyer's badge keeps pointing at "the second tier" across edits. */
async function replaceTiers(trx: Transaction<Database>, providerId: string, tiers: TierValues[]): Promise<void> {
  await trx.deleteFrom('return_tiers').where('provider_id', '=', providerId).where('position', '>', tiers.length).execute();
  for (const [index, tier] of tiers.entries()) {
    const values = {
      name: tier.name,
      headline: tier.headline,
      brief: tier.brief,
      description: tier.description,
      color: tier.color,
      icon: tier.icon,
      lower_bps: tier.lower_bps,
      upper_bps: tier.upper_bps,
      effect_kind: tier.effect.kind,
      effect_bps: tier.effect.bps,
    };
    await trx
      .insertInto('return_tiers')
      .values({ id: newId('tier'), provider_id: providerId, position: index + 1, ...values })
      .onConflict((oc) => oc.columns(['provider_id', 'position']).doUpdateSet(values))
      .execute();
  }
}

async function readSettings(db: Deps['db'], providerId: string) {
  const [provider, tiers] = await Promise.all([
    db.selectFrom('providers').select(['name', 'support_email', 'locale', 'currency', 'branding', 'settings']).where('id', '=', providerId).executeTakeFirstOrThrow(),
    db.selectFrom('return_tiers').selectAll().where('provider_id', '=', providerId).orderBy('position').execute(),
  ]);
  return {
    name: provider.name,
    support_email: provider.support_email,
    locale: provider.locale,
    currency: provider.currency,
    branding: { logo_url: provider.branding.logo_url ?? null, appearance: provider.branding.appearance ?? {} },
    settings: provider.settings,
    return_tiers: tiers.map(tierJson),
  };
}

export const settingsRoutes = ({ db, config, events }: Deps) => {
  const { SettingsUpdate, SettingsView } = schemas(config.mode);
  const tags = ['Provider'];
  const getSettings = createRoute({
    method: 'get',
    path: '/settings',
    tags,
    summary: 'Your name, support email, locale, currency, branding, rules and return tiers',
    security: apiKeySecurity,
    responses: { 200: json(SettingsView, 'The settings'), 401: providerErrors[401] },
  });
  const putSettings = createRoute({
    method: 'put',
    path: '/settings',
    tags,
    summary: 'Change settings: branding, return window, reasons, tiers and cap, marketplace, bidding rules, fees, deposits',
    security: apiKeySecurity,
    request: { body: { required: true, content: { 'application/json': { schema: SettingsUpdate } } } },
    responses: { 200: json(SettingsView, 'The settings after the change'), 400: providerErrors[400], 401: providerErrors[401], 409: providerErrors[409] },
  });

  return newRouter()
    .openapi(getSettings, async (c) => c.json(await readSettings(db, c.get('provider').providerId), 200))
    .openapi(putSettings, async (c) => {
      const scope = c.get('provider');
      const update = c.req.valid('json');
      await db.transaction().execute(async (trx) => {
        // FOR UPDATE: serialises with customer creation, which reads the currency for the new wallet.
        const current = await trx.selectFrom('providers').select(['currency', 'branding', 'settings']).where('id', '=', scope.providerId).forUpdate().executeTakeFirstOrThrow();
        const settings: ProviderSettings = { ...current.settings, ...update.settings };
        if (settings.min_deposit_cents !== undefined && settings.max_deposit_cents !== undefined && settings.min_deposit_cents > settings.max_deposit_cents) {
          throw new ApiError('invalid_request', 'Some fields are invalid', { 'settings.max_deposit_cents': 'Must be at least min_deposit_cents' });
        }
        const listing = listingDefaults(settings, 1, new Date(0));
        if (listing.floorCents > listing.firstPriceCents) {
          throw new ApiError('invalid_request', 'Some fields are invalid', { 'settings.marketplace_defaults.floor_cents': 'Must be at most first_price_cents' });
        }
        if (update.currency && update.currency !== current.currency) {
          const moved = await trx.selectFrom('ledger_entries').select('id').where('provider_id', '=', scope.providerId).limit(1).executeTakeFirst();
          if (moved) throw new ApiError('conflict', 'The currency cannot change once a customer has ledger entries', { currency: 'Money has already moved in ' + current.currency });
          await trx.updateTable('wallets').set({ currency: update.currency }).where('provider_id', '=', scope.providerId).execute();
        }
        await trx
          .updateTable('providers')
          .set({
            name: update.name,
            support_email: update.support_email,
            locale: update.locale,
            currency: update.currency,
            branding: update.branding ? JSON.stringify(update.branding) : undefined,
            settings: JSON.stringify(settings),
            updated_at: sql`now()`,
          })
          .where('id', '=', scope.providerId)
          .execute();
        if (update.return_tiers) await replaceTiers(trx, scope.providerId, update.return_tiers);
        await auditProviderChange(trx, scope, { action: 'provider.settings_updated', subjectType: 'provider', subjectId: scope.providerId, details: { update } });
      });
      // Tiers and return settings change what every buyer's badge shows (D17).
      if (update.return_tiers || update.settings) events.publish({ type: 'badge.updated', providerId: scope.providerId, data: {} });
      return c.json(await readSettings(db, scope.providerId), 200);
    });
};
