import { createRoute, z } from '@hono/zod-openapi';
import type { OriginPolicy } from '../../auth/origins.js';
import type { Deps } from '../../deps.js';
import { hostnameProblem, originProblem, replaceHostnames, replaceOrigins } from '../../domain/web-access.js';
import { newRouter } from '../router.js';
import { auditProviderChange } from './audit.js';
import { apiKeySecurity, checked, json, providerErrors, uniqueList } from './schemas.js';

const tags = ['Provider'];

/** Allowed browser origins of your pages that embed the widgets (D9) and the hostnames `/app` answers on (D7). */
export const originRoutes = ({ db, config }: Deps, origins: OriginPolicy) => {
  const Origins = z
    .object({ origins: uniqueList(checked(z.string().max(300), (v) => originProblem(v, config.mode)), 50, (v) => v) })
    .openapi('AllowedOrigins', { example: { origins: ['https://shop.example'] } });
  const Hostnames = z
    .object({ hostnames: uniqueList(checked(z.string().max(253), hostnameProblem), 20, (v) => v) })
    .openapi('PortalHostnames', { example: { hostnames: ['portal.shop.example'] } });

  const getOrigins = createRoute({
    method: 'get',
    path: '/origins',
    tags,
    summary: 'Origins allowed to call the buyer API with your tokens',
    security: apiKeySecurity,
    responses: { 200: json(Origins, 'Your allowed origins'), 401: providerErrors[401] },
  });
  const putOrigins = createRoute({
    method: 'put',
    path: '/origins',
    tags,
    summary: 'Replace your allowed origins (https; http://localhost and http://127.0.0.1 in demo mode only)',
    security: apiKeySecurity,
    request: { body: { required: true, content: { 'application/json': { schema: Origins } } } },
    responses: { 200: json(Origins, 'Your allowed origins'), 400: providerErrors[400], 401: providerErrors[401] },
  });
  const getHostnames = createRoute({
    method: 'get',
    path: '/hostnames',
    tags,
    summary: 'Hostnames on which /app serves your portal',
    security: apiKeySecurity,
    responses: { 200: json(Hostnames, 'Your hostnames'), 401: providerErrors[401] },
  });
  const putHostnames = createRoute({
    method: 'put',
    path: '/hostnames',
    tags,
    summary: 'Replace your /app hostnames; a hostname another provider uses is a conflict',
    security: apiKeySecurity,
    request: { body: { required: true, content: { 'application/json': { schema: Hostnames } } } },
    responses: { 200: json(Hostnames, 'Your hostnames'), 400: providerErrors[400], 401: providerErrors[401], 409: providerErrors[409] },
  });

  const readOrigins = async (providerId: string) =>
    (await db.selectFrom('provider_origins').select('origin').where('provider_id', '=', providerId).orderBy('origin').execute()).map((r) => r.origin);
  const readHostnames = async (providerId: string) =>
    (await db.selectFrom('provider_hostnames').select('hostname').where('provider_id', '=', providerId).orderBy('hostname').execute()).map((r) => r.hostname);

  return newRouter()
    .openapi(getOrigins, async (c) => c.json({ origins: await readOrigins(c.get('provider').providerId) }, 200))
    .openapi(putOrigins, async (c) => {
      const scope = c.get('provider');
      const list = c.req.valid('json').origins;
      await db.transaction().execute(async (trx) => {
        await replaceOrigins(trx, scope.providerId, list);
        await auditProviderChange(trx, scope, { action: 'origins.replaced', subjectType: 'provider', subjectId: scope.providerId, details: { origins: list } });
      });
      origins.invalidate();
      return c.json({ origins: await readOrigins(scope.providerId) }, 200);
    })
    .openapi(getHostnames, async (c) => c.json({ hostnames: await readHostnames(c.get('provider').providerId) }, 200))
    .openapi(putHostnames, async (c) => {
      const scope = c.get('provider');
      const list = c.req.valid('json').hostnames;
      await db.transaction().execute(async (trx) => {
        await replaceHostnames(trx, scope.providerId, list);
        await auditProviderChange(trx, scope, { action: 'hostnames.replaced', subjectType: 'provider', subjectId: scope.providerId, details: { hostnames: list } });
      });
      origins.invalidate();
      return c.json({ hostnames: await readHostnames(scope.providerId) }, 200);
    });
};
