import type { Deps } from '../../deps.js';
import { newRouter } from '../router.js';
import { accountRoutes } from './account.js';
import { badgeRoutes } from './badge.js';
import { billingRoutes } from './billing.js';
import { bidRoutes } from './bids.js';
import { customerRoutes } from './customers.js';
import { depositRoutes } from './deposits.js';
import { dashboardRoutes } from './dashboard.js';
import { eventRoutes, type EventStreamOptions } from './events.js';
import { leadRoutes } from './leads.js';
import { leadTypeRoutes } from './lead-types.js';
import { limitsRoutes } from './limits.js';
import { marketplaceRoutes } from './marketplace.js';
import { notificationRoutes } from './notifications.js';
import { paymentMethodRoutes } from './payment-methods.js';
import { sessionRoutes } from './session.js';
import { teamRoutes } from './team.js';
import { transactionRoutes } from './transactions.js';
import { walletRoutes } from './wallet.js';

/** The buyer API, mounted at /api/v1 behind token auth. Chained so the typed `hc` client keeps its types. */
export const buyerApi = (deps: Deps, live: EventStreamOptions) =>
  newRouter()
    .route('/', sessionRoutes(deps))
    .route('/', walletRoutes(deps))
    .route('/', badgeRoutes(deps))
    .route('/', accountRoutes(deps))
    .route('/', customerRoutes(deps))
    .route('/', bidRoutes(deps))
    .route('/', leadTypeRoutes(deps))
    .route('/', limitsRoutes(deps))
    .route('/', billingRoutes(deps))
    .route('/', paymentMethodRoutes(deps))
    .route('/', depositRoutes(deps))
    .route('/', transactionRoutes(deps))
    .route('/', leadRoutes(deps))
    .route('/', dashboardRoutes(deps))
    .route('/', notificationRoutes(deps))
    .route('/', marketplaceRoutes(deps))
    .route('/', teamRoutes(deps))
    .route('/', eventRoutes(deps, live));
