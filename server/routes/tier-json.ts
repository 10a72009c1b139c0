import type { Selectable } from 'kysely';
import type { Database } from '../db/schema.js';

/** A return tier as both APIs show it (the `Tier` schema): the effect grouped, ids public. */
export const tierJson = (t: Selectable<Database['return_tiers']>) => ({
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
