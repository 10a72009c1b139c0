import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/database.js';
import type { Deps } from '../../deps.js';
import { toJsonCents } from '../../domain/money.js';
import { ApiError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { newRouter } from '../router.js';
import { auditProviderChange } from './audit.js';
import { apiKeySecurity, json, PositiveCents, providerErrors, uniqueList } from './schemas.js';

const LeadField = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'Use a snake_case key such as roof_age_years'),
    label: z.string().trim().min(1).max(100),
    type: z.enum(['string', 'number', 'boolean', 'date']),
    deliverable: z.boolean().openapi({ description: 'Buyers see the field once they own the lead (portal, exports, webhooks)' }),
    preview: z.boolean().default(false).openapi({ description: 'Shown on marketplace tiles before purchase; never names, email, phone or street (D20)' }),
  })
  .refine((field) => !field.preview || field.deliverable, { path: ['preview'], message: 'A preview field must also be deliverable' })
  .openapi('LeadField');

const LeadCategory = z.strictObject({
  name: z.string().trim().min(1).max(100),
  fields: uniqueList(LeadField, 100, (field) => field.key),
});

const Pricing = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('fixed'), price_cents: PositiveCents }),
    z
      .strictObject({ kind: z.literal('range'), min_cents: PositiveCents, max_cents: PositiveCents, step_cents: PositiveCents })
      .refine((p) => p.max_cents >= p.min_cents, { path: ['max_cents'], message: 'Must be at least min_cents' }),
  ])
  .openapi('LeadTypePricing', { description: 'fixed: one price; range: bids satisfy min <= amount <= max and (amount − min) % step == 0' });

const LeadTypeInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    category: z.string().min(1).max(100).openapi({ description: 'A category name: one in this request or one you created before' }),
    pricing: Pricing,
    biddable: z.boolean().default(true),
    exclusive: z.boolean().default(true),
    max_sales: z.number().int().min(1).max(100).default(1),
    active: z.boolean().default(true),
  })
  .refine((t) => !t.exclusive || t.max_sales === 1, { path: ['max_sales'], message: 'An exclusive lead type sells once' });

const LeadTypesUpdate = z
  .strictObject({
    categories: uniqueList(LeadCategory, 50, (category) => category.name).default([]),
    lead_types: uniqueList(LeadTypeInput, 500, (type) => type.name),
  })
  .openapi('LeadTypesUpdate', { description: 'Upserts by name; lead types you leave out are deactivated, never deleted (history keeps them)' });

const LeadTypesView = z
  .object({
    categories: z.array(z.object({ id: z.string(), name: z.string(), fields: z.array(LeadField) })),
    lead_types: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        category: z.string(),
        pricing: Pricing,
        biddable: z.boolean(),
        exclusive: z.boolean(),
        max_sales: z.number().int(),
        active: z.boolean(),
      }),
    ),
  })
  .openapi('LeadTypes');

const tags = ['Provider'];
const getLeadTypes = createRoute({
  method: 'get',
  path: '/lead-types',
  tags,
  summary: 'Your lead categories (field schemas) and lead types (pricing)',
  security: apiKeySecurity,
  responses: { 200: json(LeadTypesView, 'Categories and lead types'), 401: providerErrors[401] },
});
const putLeadTypes = createRoute({
  method: 'put',
  path: '/lead-types',
  tags,
  summary: 'Upsert categories and lead types by name; unlisted lead types are deactivated',
  security: apiKeySecurity,
  request: { body: { required: true, content: { 'application/json': { schema: LeadTypesUpdate } } } },
  responses: { 200: json(LeadTypesView, 'Categories and lead types after the change'), 400: providerErrors[400], 401: providerErrors[401] },
});

type PricingValue = z.infer<typeof Pricing>;
const pricingColumns = (p: PricingValue) =>
  p.kind === 'fixed'
    ? { pricing: p.kind, price_cents: p.price_cents, min_cents: null, max_cents: null, step_cents: null }
    : { pricing: p.kind, price_cents: null, min_cents: p.min_cents, max_cents: p.max_cents, step_cents: p.step_cents };

async function readLeadTypes(db: Db, providerId: string): Promise<z.infer<typeof LeadTypesView>> {
  const [categories, types] = await Promise.all([
    db.selectFrom('lead_categories').select(['id', 'name', 'fields']).where('provider_id', '=', providerId).orderBy('name').execute(),
    db
      .selectFrom('lead_types')
      .innerJoin('lead_categories', 'lead_categories.id', 'lead_types.category_id')
      .selectAll('lead_types')
      .select('lead_categories.name as category')
      .where('lead_types.provider_id', '=', providerId)
      .orderBy('lead_types.name')
      .execute(),
  ]);
  return {
    categories,
    lead_types: types.map((t) => ({
      id: t.id,
      name: t.name,
      category: t.category,
      pricing:
        t.pricing === 'fixed'
          ? { kind: 'fixed' as const, price_cents: toJsonCents(t.price_cents!) }
          : { kind: 'range' as const, min_cents: toJsonCents(t.min_cents!), max_cents: toJsonCents(t.max_cents!), step_cents: toJsonCents(t.step_cents!) },
      biddable: t.biddable,
      exclusive: t.exclusive,
      max_sales: t.max_sales,
      active: t.active,
    })),
  };
}

export const leadTypeRoutes = ({ db }: Deps) =>
  newRouter()
    .openapi(getLeadTypes, async (c) => c.json(await readLeadTypes(db, c.get('provider').providerId), 200))
    .openapi(putLeadTypes, async (c) => {
      const scope = c.get('provider');
      const { categories, lead_types: types } = c.req.valid('json');
      await db.transaction().execute(async (trx) => {
        for (const category of categories) {
          await trx
            .insertInto('lead_categories')
            .values({ id: newId('lcat'), provider_id: scope.providerId, name: category.name, fields: JSON.stringify(category.fields) })
            .onConflict((oc) => oc.columns(['provider_id', 'name']).doUpdateSet({ fields: JSON.stringify(category.fields) }))
            .execute();
        }
        const known = await trx.selectFrom('lead_categories').select(['id', 'name']).where('provider_id', '=', scope.providerId).execute();
        const categoryId = new Map(known.map((row) => [row.name, row.id]));
        const missing = types.flatMap((t, i) => (categoryId.has(t.category) ? [] : [[`lead_types.${i}.category`, `No category named "${t.category}"`]]));
        if (missing.length) throw new ApiError('invalid_request', 'Some fields are invalid', Object.fromEntries(missing));

        for (const t of types) {
          const values = { category_id: categoryId.get(t.category)!, ...pricingColumns(t.pricing), biddable: t.biddable, exclusive: t.exclusive, max_sales: t.max_sales, active: t.active };
          await trx
            .insertInto('lead_types')
            .values({ id: newId('lt'), provider_id: scope.providerId, name: t.name, ...values })
            .onConflict((oc) => oc.columns(['provider_id', 'name']).doUpdateSet(values))
            .execute();
        }
        let unlisted = trx.updateTable('lead_types').set({ active: false }).where('provider_id', '=', scope.providerId);
        if (types.length) unlisted = unlisted.where('name', 'not in', types.map((t) => t.name));
        await unlisted.execute();
        await auditProviderChange(trx, scope, {
          action: 'lead_types.replaced',
          subjectType: 'provider',
          subjectId: scope.providerId,
          details: { categories: categories.map((x) => x.name), lead_types: types.map((t) => t.name) },
        });
      });
      return c.json(await readLeadTypes(db, scope.providerId), 200);
    });
