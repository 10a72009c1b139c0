import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { fileURLToPath } from 'node:url';
import { AccessResolver } from './auth/access.js';
import { providerAuth } from './auth/api-key.js';
import { KeyRegistry } from './auth/keys.js';
import { apiCors, enforceRoles, portalAuth } from './auth/middleware.js';
import { OriginPolicy } from './auth/origins.js';
import type { Deps } from './deps.js';
import { OutcomeRecorder } from './domain/auction/outcomes.js';
import type { AppEnv } from './http/env.js';
import { onError, onNotFound, validationHook } from './http/errors.js';
import { RecentEvents } from './lib/recent-events.js';
import { requestLog } from './http/logging.js';
import { embedSnippetRoute, publicAssets, widgetAssets } from './http/static.js';
import { buyerApi } from './routes/api/index.js';
import { docs } from './routes/docs.js';
import { appShell } from './routes/pages/app-shell.js';
import { providerApi } from './routes/provider/index.js';
import { stripeWebhookRoutes } from './routes/webhooks/stripe.js';

const publicDir = fileURLToPath(new URL('../public', import.meta.url));

export interface App {
  app: ReturnType<typeof build>;
  keys: KeyRegistry;
  origins: OriginPolicy;
  /** Auction outcome counters (D17); flush() in tests, close() on shutdown. */
  outcomes: OutcomeRecorder;
  /** What a resumed event stream replays (D22). */
  recent: RecentEvents;
}

/** The whole HTTP surface, built from its dependencies with no globals, so each test builds its own (DESIGN). */
export function createApp(deps: Deps): App {
  const keys = new KeyRegistry(deps.db, deps.config.secretKey);
  const origins = new OriginPolicy(deps.db, deps.config);
  const access = new AccessResolver(deps.db);
  const outcomes = new OutcomeRecorder(deps.db, deps.logger);
  const recent = new RecentEvents(deps.events);
  return { app: build(deps, { keys, origins, access }, outcomes, recent), keys, origins, outcomes, recent };
}

function build(deps: Deps, auth: { keys: KeyRegistry; origins: OriginPolicy; access: AccessResolver }, outcomes: OutcomeRecorder, recent: RecentEvents) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(onError(deps.logger));
  app.notFound(onNotFound);
  app.use('*', requestId(), requestLog(deps.logger));

  app.use('/api/v1/*', apiCors(auth.origins), portalAuth({ ...auth, clock: deps.clock }), enforceRoles);
  app.use('/provider/v1/*', providerAuth(deps.db));
  const routes = app.route('/api/v1', buyerApi(deps, { recent })).route('/provider/v1', providerApi(deps, auth, outcomes));

  app.openAPIRegistry.registerComponent('securitySchemes', 'portalToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A provider-signed JWT with header typ "lp-portal+jwt" (README "Embedding").',
  });
  app.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'Lead Portal API', version: '1.0.0' } });
  app.route('/docs', docs());
  app.route('/webhooks', stripeWebhookRoutes(deps));

  app.get('/widgets/embed-snippet.html', embedSnippetRoute(deps.config.distDir, deps.config.publicUrl));
  app.use('/widgets/*', widgetAssets(deps.config.distDir));
  app.use('/assets/*', publicAssets(publicDir, '/assets'));
  // Browsers ask for it on every page they show directly (e.g. /docs); "no icon" is an answer, not a 404.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.route('/app', appShell(deps));
  return routes;
}
