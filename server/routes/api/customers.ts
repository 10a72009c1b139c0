import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { createPortalCustomer } from '../../domain/customers.js';
import { ApiError } from '../../errors.js';
import { decodeCursor, page, pageQuery } from '../../lib/pagination.js';
import { newRouter } from '../router.js';
import { customerSummary } from './present.js';
import { bearerSecurity, CustomerList, CustomerSummary, ErrorBody, errorResponses, json, NewCustomer } from './schemas.js';

const listCustomers = createRoute({
  method: 'get',
  path: '/customers',
  tags: ['Portal'],
  summary: 'Customers the signed-in user may act for',
  security: bearerSecurity,
  request: { query: pageQuery },
  responses: { 200: json(CustomerList, 'A page of customers'), 400: errorResponses[400], 401: errorResponses[401] },
});

const createCustomer = createRoute({
  method: 'post',
  path: '/customers',
  tags: ['Portal'],
  summary: 'Set up a new customer account (unless the provider turned self-service off)',
  security: bearerSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: NewCustomer } } } },
  responses: {
    201: json(CustomerSummary, 'The new customer; the caller is its admin'),
    ...errorResponses,
    409: json(ErrorBody, 'Self-service is off for this provider, or the user already has a customer with this name'),
  },
});

export const customerRoutes = ({ db }: Deps) =>
  newRouter()
    .openapi(listCustomers, (c) => {
      const { cursor, limit } = c.req.valid('query');
      const all = c.get('scope').customers.map(customerSummary);
      // The list is already bounded by the user's memberships; the cursor is the last id in membership order.
      const after = decodeCursor(cursor, 1);
      const index = after ? all.findIndex((x) => x.id === after[0]) : -1;
      // A cursor naming a customer no longer in the list must not silently restart at the first page (duplicates).
      if (after && index < 0) throw new ApiError('invalid_request', 'Invalid cursor', { cursor: 'This cursor is no longer valid; start again without it' });
      const start = index + 1;
      return c.json(page(all.slice(start, start + limit + 1), limit, (x) => [x.id]), 200);
    })
    .openapi(createCustomer, async (c) => {
      const scope = c.get('scope');
      const customer = await createPortalCustomer(db, { providerId: scope.providerId, userId: scope.userId, timezone: scope.customer.timezone }, c.req.valid('json'));
      return c.json(customer, 201);
    });
