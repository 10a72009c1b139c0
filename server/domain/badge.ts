import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import type { Tenant } from './ledger.js';
import { localDate } from './local-time.js';
import { ratioBps } from './money.js';
import { tierFor } from './tiers.js';

export const DEFAULT_RETURN_RATE_WINDOW_DAYS = 90;

/** Return rate = approved-return value ÷ purchased value over the provider's window, from daily sums (D17). */
export async function readBadge(db: Db, tenant: Tenant & { timezone: string }, clock: Clock) {
  const provider = await db.selectFrom('providers').select('settings').where('id', '=', tenant.providerId).executeTakeFirstOrThrow();
  const windowDays = provider.settings.return_rate_window_days ?? DEFAULT_RETURN_RATE_WINDOW_DAYS;
  const since = localDate(clock.now(), tenant.timezone).subtract({ days: windowDays - 1 }).toString();

  const [sums, tiers] = await Promise.all([
    db
      .selectFrom('customer_daily_sums')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<string>('purchased_cents'), eb.lit(0)).as('purchased'),
        eb.fn.coalesce(eb.fn.sum<string>('returned_cents'), eb.lit(0)).as('returned'),
      ])
      .where('customer_id', '=', tenant.customerId)
      .where('day', '>=', since)
      .executeTakeFirstOrThrow(),
    provider.settings.return_tiers_enabled
      ? db.selectFrom('return_tiers').selectAll().where('provider_id', '=', tenant.providerId).orderBy('position').execute()
      : Promise.resolve([]),
  ]);
  const purchasedCents = BigInt(sums.purchased);
  const returnedCents = BigInt(sums.returned);
  const rateBps = ratioBps(returnedCents, purchasedCents);
  return {
    windowDays,
    purchasedCents,
    returnedCents,
    rateBps,
    hasPurchases: purchasedCents > 0n,
    tiersEnabled: Boolean(provider.settings.return_tiers_enabled),
    tiers,
    currentTier: tierFor(tiers, rateBps),
  };
}
