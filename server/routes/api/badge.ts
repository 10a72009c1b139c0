import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { readBadge } from '../../domain/badge.js';
import { toJsonCents } from '../../domain/money.js';
import { newRouter } from '../router.js';
import { tierJson } from '../tier-json.js';
import { Badge, bearerSecurity, errorResponses, json } from './schemas.js';

const getBadge = createRoute({
  method: 'get',
  path: '/badge',
  tags: ['Portal'],
  summary: 'Return rate over the provider’s window, the current return tier and all tiers',
  security: bearerSecurity,
  responses: { 200: json(Badge, 'The customer badge'), 401: errorResponses[401] },
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
