import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Deps } from '../../deps.js';
import { toJsonCents } from '../../domain/money.js';
import { ApiError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { decodeCursor, page, pageQuery } from '../../lib/pagination.js';
import { CustomerStatus } from '../api/schemas.js';
import { newRouter } from '../router.js';
import { auditProviderChange } from './audit.js';
import { apiKeySecurity, Cents, json, providerErrors, Timezone } from './schemas.js';

const ExternalId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._~:@+-]{0,199}$/, 'Use 1-200 letters, digits or . _ ~ : @ + - (it travels in URLs and headers)')
  .openapi({ description: 'Your own id for the customer (D1); tokens name customers by it', example: 'acme-42' });

const editable = {
  name: z.string().trim().min(1).max(200),
  status: CustomerStatus,
  timezone: Timezone,
  billing_email: z.email().max(320).nullable(),
  phone: z.string().trim().regex(/^\+?[0-9 ().-]{5,30}$/, 'Use a phone number such as +1 512 555 0100').nullable(),
  country: z.string().regex(/^[A-Z]{2}$/, 'Use an ISO 3166-1 alpha-2 code such as US').nullable(),
  region: z.string().trim().max(100).nullable(),
  postal_code: z.string().trim().max(20).nullable(),
  low_balance_threshold_cents: Cents.nullable().openapi({ description: 'Low-balance alert threshold; null = twice the highest active bid (D21)' }),
};
type Editable = { [K in keyof typeof editable]?: z.infer<(typeof editable)[K]> };

const NewProviderCustomer = z
  .strictObject({
    external_id: ExternalId,
    name: editable.name,
    timezone: editable.timezone,
    status: editable.status.optional(),
    billing_email: editable.billing_email.optional(),
    phone: editable.phone.optional(),
    country: editable.country.optional(),
    region: editable.region.optional(),
    postal_code: editable.postal_code.optional(),
    low_balance_threshold_cents: editable.low_balance_threshold_cents.optional(),
  })
  .openapi('NewProviderCustomer');

const ProviderCustomerPatch = z
  .strictObject(editable)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'Send at least one field to change')
  .openapi('ProviderCustomerPatch');

const ProviderCustomer = z
  .object({
    id: z.string().openapi({ example: 'cus_01jd3m8v2qf1z5x9k7w4n6p0rt' }),
    external_id: z.string(),
    name: z.string(),
    status: CustomerStatus,
    timezone: z.string(),
    billing_email: z.string().nullable(),
    phone: z.string().nullable(),
    country: z.string().nullable(),
    region: z.string().nullable(),
    postal_code: z.string().nullable(),
    low_balance_threshold_cents: z.number().int().nullable(),
    source: z.enum(['provider', 'portal']).openapi({ description: 'portal: set up by a buyer in the portal (D3)' }),
    created_by: z
      .object({ id: z.string(), issuer: z.string(), subject: z.string(), email: z.string().nullable(), name: z.string().nullable() })
      .nullable()
      .openapi({ description: 'The portal user who set the customer up; null when created through this API' }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('ProviderCustomer');

const ExternalIdParam = z.object({ external_id: z.string().min(1).max(200).openapi({ param: { name: 'external_id', in: 'path' } }) });
const tags = ['Provider'];

const createCustomer = createRoute({
  method: 'post',
  path: '/customers',
  tags,
  summary: 'Create a customer and its wallet (in your currency)',
  security: apiKeySecurity,
  request: { body: { required: true, content: { 'application/json': { schema: NewProviderCustomer } } } },
  responses: { 201: json(ProviderCustomer, 'The new customer'), 400: providerErrors[400], 401: providerErrors[401], 409: providerErrors[409] },
});

const getCustomer = createRoute({
  method: 'get',
  path: '/customers/{external_id}',
  tags,
  summary: 'A customer by your external id, with who created it and where (D3)',
  security: apiKeySecurity,
  request: { params: ExternalIdParam },
  responses: { 200: json(ProviderCustomer, 'The customer'), 401: providerErrors[401], 404: providerErrors[404] },
});

const updateCustomer = createRoute({
  method: 'patch',
  path: '/customers/{external_id}',
  tags,
  summary: 'Change a customer: name, status (active, paused, archived), timezone, contact details',
  security: apiKeySecurity,
  request: { params: ExternalIdParam, body: { required: true, content: { 'application/json': { schema: ProviderCustomerPatch } } } },
  responses: { 200: json(ProviderCustomer, 'The updated customer'), 400: providerErrors[400], 401: providerErrors[401], 404: providerErrors[404] },
});

const listCustomers = createRoute({
  method: 'get',
  path: '/customers',
  tags,
  summary: 'Your customers, oldest first, in keyset pages',
  security: apiKeySecurity,
  request: { query: pageQuery.extend({ status: CustomerStatus.optional() }) },
  responses: {
    200: json(z.object({ items: z.array(ProviderCustomer), next_cursor: z.string().nullable() }).openapi('ProviderCustomerList'), 'A page of customers'),
    400: providerErrors[400],
    401: providerErrors[401],
  },
});

/** Customers joined with the portal user who created them, if any; always scoped by provider. */
const selectCustomers = (db: Db, providerId: string) =>
  db
    .selectFrom('customers')
    .leftJoin('users', 'users.id', 'customers.created_by')
    .selectAll('customers')
    .select(['users.issuer as creator_issuer', 'users.subject as creator_subject', 'users.email as creator_email', 'users.name as creator_name'])
    .where('customers.provider_id', '=', providerId);

type CustomerRow = Awaited<ReturnType<ReturnType<typeof selectCustomers>['executeTakeFirstOrThrow']>>;

const customerJson = (row: CustomerRow) => ({
  id: row.id,
  external_id: row.external_id,
  name: row.name,
  status: row.status,
  timezone: row.timezone,
  billing_email: row.billing_email,
  phone: row.phone,
  country: row.country,
  region: row.region,
  postal_code: row.postal_code,
  low_balance_threshold_cents: row.low_balance_threshold_cents === null ? null : toJsonCents(row.low_balance_threshold_cents),
  source: row.source,
  created_by: row.created_by
    ? { id: row.created_by, issuer: row.creator_issuer!, subject: row.creator_subject!, email: row.creator_email, name: row.creator_name }
    : null,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});

/** The fields whose value actually changes, as { field: { from, to } } for the audit log. */
function changes(current: CustomerRow, patch: Editable): Record<string, { from: unknown; to: unknown }> {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(patch)) {
    const from = current[field as keyof Editable];
    const same = from === null || to === null ? from === to : String(from) === String(to); // cents come back as strings
    if (!same) diff[field] = { from, to };
  }
  return diff;
}

export const customerRoutes = ({ db, events }: Deps) =>
  newRouter()
    .openapi(createCustomer, async (c) => {
      const scope = c.get('provider');
      const input = c.req.valid('json');
      const id = newId('cus');
      await db.transaction().execute(async (trx) => {
        // FOR SHARE: the currency cannot change (PUT /settings) between reading it and creating the wallet.
        const provider = await trx.selectFrom('providers').select('currency').where('id', '=', scope.providerId).forShare().executeTakeFirstOrThrow();
        const inserted = await trx
          .insertInto('customers')
          .values({ ...input, id, provider_id: scope.providerId, source: 'provider' })
          .onConflict((oc) => oc.columns(['provider_id', 'external_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) throw new ApiError('conflict', 'A customer with this external_id already exists', { external_id: 'Already used' });
        await trx.insertInto('wallets').values({ customer_id: id, provider_id: scope.providerId, currency: provider.currency }).execute();
        await auditProviderChange(trx, scope, { action: 'customer.created', subjectType: 'customer', subjectId: id, customerId: id, details: { external_id: input.external_id } });
      });
      const customer = await selectCustomers(db, scope.providerId).where('customers.id', '=', id).executeTakeFirstOrThrow();
      events.publish({ type: 'customer.updated', providerId: scope.providerId, customerId: id, data: { external_id: customer.external_id, status: customer.status } });
      return c.json(customerJson(customer), 201);
    })
    .openapi(getCustomer, async (c) => {
      const { providerId } = c.get('provider');
      const customer = await selectCustomers(db, providerId).where('customers.external_id', '=', c.req.valid('param').external_id).executeTakeFirst();
      if (!customer) throw notFound('Customer');
      return c.json(customerJson(customer), 200);
    })
    .openapi(updateCustomer, async (c) => {
      const scope = c.get('provider');
      const patch: Editable = c.req.valid('json');
      const { customer, changed } = await db.transaction().execute(async (trx) => {
        const current = await selectCustomers(trx, scope.providerId).where('customers.external_id', '=', c.req.valid('param').external_id).forUpdate('customers').executeTakeFirst();
        if (!current) throw notFound('Customer');
        const diff = changes(current, patch);
        if (Object.keys(diff).length === 0) return { customer: current, changed: false };
        await trx.updateTable('customers').set({ ...patch, updated_at: sql`now()` }).where('id', '=', current.id).where('provider_id', '=', scope.providerId).execute();
        await auditProviderChange(trx, scope, { action: 'customer.updated', subjectType: 'customer', subjectId: current.id, customerId: current.id, details: { changes: diff } });
        return { customer: await selectCustomers(trx, scope.providerId).where('customers.id', '=', current.id).executeTakeFirstOrThrow(), changed: true };
      });
      if (changed) events.publish({ type: 'customer.updated', providerId: scope.providerId, customerId: customer.id, data: { external_id: customer.external_id, status: customer.status } });
      return c.json(customerJson(customer), 200);
    })
    .openapi(listCustomers, async (c) => {
      const { providerId } = c.get('provider');
      const { cursor, limit, status } = c.req.valid('query');
      const after = decodeCursor(cursor, 1);
      let query = selectCustomers(db, providerId).orderBy('customers.id').limit(limit + 1);
      if (after) query = query.where('customers.id', '>', String(after[0]));
      if (status) query = query.where('customers.status', '=', status);
      const rows = await query.execute();
      const { items, next_cursor } = page(rows, limit, (row) => [row.id]);
      return c.json({ items: items.map(customerJson), next_cursor }, 200);
    });
