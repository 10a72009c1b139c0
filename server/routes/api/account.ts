import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { readWallet } from '../../domain/wallet.js';
import { newRouter } from '../router.js';
import { AccountStatus, bearerSecurity, errorResponses, json } from './schemas.js';

const getAccount = createRoute({
  method: 'get',
  path: '/account',
  tags: ['Portal'],
  summary: 'Account status: active, inactive (funding exhausted), paused or archived',
  security: bearerSecurity,
  responses: { 200: json(AccountStatus, 'The account status'), 401: errorResponses[401] },
});

export const accountRoutes = ({ db, clock }: Deps) =>
  newRouter().openapi(getAccount, async (c) => {
    const { providerId, customer } = c.get('scope');
    const [wallet, provider] = await Promise.all([
      readWallet(db, { providerId, customerId: customer.id }, clock),
      db.selectFrom('providers').select('support_email').where('id', '=', providerId).executeTakeFirstOrThrow(),
    ]);
    const funding = wallet.funding.status;
    // D16: an active customer whose funding is exhausted is displayed as inactive.
    const display: 'active' | 'inactive' | 'paused' | 'archived' = customer.status === 'active' && funding === 'exhausted' ? 'inactive' : customer.status;
    return c.json({ status: customer.status, display_status: display, funding_status: funding, support_email: provider.support_email }, 200);
  });
