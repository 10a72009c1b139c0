import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { newRouter } from '../router.js';
import { LeadTypeList } from './bids.schemas.js';
import { bearerSecurity, errorResponses, json } from './schemas.js';

const listLeadTypes = createRoute({
  method: 'get',
  path: '/lead-types',
  tags: ['Bids'],
  summary: 'Lead types the customer can bid on, with pricing and the fields filter rules may use',
  security: bearerSecurity,
  responses: { 200: json(LeadTypeList, 'Active, biddable lead types'), 401: errorResponses[401] },
});

const centsOrNull = (v: string | null) => (v === null ? null : Number(v));

export const leadTypeRoutes = ({ db }: Deps) =>
  newRouter().openapi(listLeadTypes, async (c) => {
    const rows = await db
      .selectFrom('lead_types')
      .innerJoin('lead_categories', 'lead_categories.id', 'lead_types.category_id')
      .select(['lead_types.id', 'lead_types.name', 'pricing', 'price_cents', 'min_cents', 'max_cents', 'step_cents', 'lead_categories.fields'])
      .where('lead_types.provider_id', '=', c.get('scope').providerId)
      .where('lead_types.active', '=', true)
      .where('lead_types.biddable', '=', true)
      .orderBy('lead_types.name')
      .execute();
    const items = rows.map((r) => ({
      id: r.id,
      name: r.name,
      pricing: r.pricing,
      price_cents: centsOrNull(r.price_cents),
      min_cents: centsOrNull(r.min_cents),
      max_cents: centsOrNull(r.max_cents),
      step_cents: centsOrNull(r.step_cents),
      // Only deliverable fields: rules on fields the buyer never sees would leak them.
      fields: r.fields.filter((f) => f.deliverable).map(({ key, label, type }) => ({ key, label, type })),
    }));
    return c.json({ items }, 200);
  });
