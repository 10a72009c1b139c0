import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { readBadge } from '../../domain/badge.js';
import { toJsonCents } from '../../domain/money.js';
import { newRouter } from '../router.js';
import { Badge, bearerSecurity, errorResponses, json } from './schemas.js';

const getBadge = createRoute({
  method: 'get',
  path: '/badge',
  tags: ['Portal'],
  summary: 'Return rate over the provider’s window, the current return tier and all tiers',
  security: bearerSecurity,
  responses: { 200: json(Badge, 'The customer badge'), 401: errorResponses[401] },
});

type TierRow = Awaited<ReturnType<typeof readBadge>>['tiers'][number];
const tierJson = (t: TierRow) => ({
  id: t.id,
  name: t.name,
  headline: t.headline,
  brief: t.brief,
  description: t.description,
  color: t.color,
  icon: t.icon,
  lower_bps: t.lower_bps,
  upper_bps: t.upper_bps,
  effect: { kind: t.effect_kind, bps: t.effect_bps },
});

export const badgeRoutes = ({ db, clock }: Deps) =>
  newRouter().openapi(getBadge, async (c) => {
    const { providerId, customer } = c.get('scope');
    const badge = await readBadge(db, { providerId, customerId: customer.id, timezone: customer.timezone }, clock);
    return c.json(
      {
        return_rate_bps: badge.rateBps,
        has_purchases: badge.hasPurchases,
        purchased_cents: toJsonCents(badge.purchasedCents),
        returned_cents: toJsonCents(badge.returnedCents),
        window_days: badge.windowDays,
        tiers_enabled: badge.tiersEnabled,
        current_tier: badge.currentTier ? tierJson(badge.currentTier) : null,
        tiers: badge.tiers.map(tierJson),
      },
      200,
    );
  });
