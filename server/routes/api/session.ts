import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { newRouter } from '../router.js';
import { customerSummary } from './present.js';
import { bearerSecurity, errorResponses, json, Session } from './schemas.js';

const getSession = createRoute({
  method: 'get',
  path: '/session',
  tags: ['Portal'],
  summary: 'Who is signed in, their customers, the active one and the provider branding',
  security: bearerSecurity,
  responses: { 200: json(Session, 'The session'), 401: errorResponses[401] },
});

export const sessionRoutes = ({ db, clock }: Deps) =>
  newRouter().openapi(getSession, async (c) => {
    const scope = c.get('scope');
    const [user, provider] = await Promise.all([
      db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', scope.userId).executeTakeFirstOrThrow(),
      db.selectFrom('providers').select(['id', 'name', 'currency', 'locale', 'support_email', 'branding', 'settings']).where('id', '=', scope.providerId).executeTakeFirstOrThrow(),
    ]);
    return c.json(
      {
        user,
        provider: {
          id: provider.id,
          name: provider.name,
          currency: provider.currency,
          locale: provider.locale,
          support_email: provider.support_email,
          self_service_customers: provider.settings.self_service_customers !== false,
          branding: { logo_url: provider.branding.logo_url ?? null, appearance: provider.branding.appearance ?? {} },
        },
        customers: scope.customers.map(customerSummary),
        active_customer: customerSummary(scope.customer),
        server_time: clock.now().toISOString(),
      },
      200,
    );
  });
