import type { KeyRegistry } from '../../auth/keys.js';
import type { OriginPolicy } from '../../auth/origins.js';
import type { Deps } from '../../deps.js';
import { newRouter } from '../router.js';
import type { OutcomeRecorder } from '../../domain/auction/outcomes.js';
import { adjustmentRoutes } from './adjustments.js';
import { customerRoutes } from './customers.js';
import { leadTypeRoutes } from './lead-types.js';
import { leadRoutes } from './leads.js';
import { listingRoutes } from './listings.js';
import { originRoutes } from './origins.js';
import { returnRoutes } from './returns.js';
import { settingsRoutes } from './settings.js';
import { signingKeyRoutes } from './signing-keys.js';
import { stripeRoutes } from './stripe.js';

/**
 * The provider API (D10), mounted at /provider/v1 behind API-key auth. It changes the caches that verify buyer
 * requests, so it gets them to refresh at once. Chained so the typed `hc` client keeps its types.
 */
export const providerApi = (deps: Deps, auth: { keys: KeyRegistry; origins: OriginPolicy }, outcomes: OutcomeRecorder) => {
  const api = newRouter()
    .route('/', customerRoutes(deps))
    .route('/', settingsRoutes(deps))
    .route('/', leadTypeRoutes(deps))
    .route('/', signingKeyRoutes(deps, auth.keys))
    .route('/', originRoutes(deps, auth.origins))
    .route('/', leadRoutes(deps, outcomes))
    .route('/', listingRoutes(deps))
    .route('/', stripeRoutes(deps))
    .route('/', adjustmentRoutes(deps))
    .route('/', returnRoutes(deps));
  api.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'lpk_<prefix>_<secret>',
    description: 'A provider API key (`npm run provider:create` prints the first one, once).',
  });
  return api;
};
