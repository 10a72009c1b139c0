import type { Role } from '../db/schema.js';

/** What a role may do, by route group (D2). One table; the route test is generated from it (D24). */
export type Permission = 'read' | 'customers.create' | 'bids.write' | 'marketplace.write' | 'limits.write' | 'customer.settings' | 'billing.write' | 'returns.write' | 'prefs.write' | 'notifications.write' | 'team.manage';

const matrix: Record<Permission, readonly Role[]> = {
  read: ['admin', 'buyer', 'billing', 'viewer'],
  'customers.create': ['admin', 'buyer', 'billing'],
  'bids.write': ['admin', 'buyer'],
  // SPEC "Actors": buyers handle bids, marketplace, leads and returns.
  'marketplace.write': ['admin', 'buyer'],
  'limits.write': ['admin', 'buyer'],
  'customer.settings': ['admin'],
  'billing.write': ['admin', 'billing'],
  'returns.write': ['admin', 'buyer'],
  // The user's own display preferences (e.g. the dismissed checklist): anyone who can see the dashboard.
  'prefs.write': ['admin', 'buyer', 'billing', 'viewer'],
  'notifications.write': ['admin', 'buyer'],
  // Who may act for the customer: users, roles and invitations (SPEC: admin is "everything, incl. users").
  'team.manage': ['admin'],
};

export const can = (role: Role, permission: Permission): boolean => matrix[permission].includes(role);

/**
 * Every buyer API route and the permission it needs, keyed "METHOD /path" as Hono registers it.
 * A route missing here is refused at run time and fails the route-table test.
 */
export const routePermissions: Record<string, Permission> = {
  'GET /api/v1/session': 'read',
  'GET /api/v1/wallet': 'read',
  'GET /api/v1/badge': 'read',
  'GET /api/v1/account': 'read',
  'GET /api/v1/customers': 'read',
  'POST /api/v1/customers': 'customers.create',
  'GET /api/v1/bids': 'read',
  'POST /api/v1/bids': 'bids.write',
  'GET /api/v1/bids/:id': 'read',
  'GET /api/v1/bids/:id/activity': 'read',
  'PATCH /api/v1/bids/:id': 'bids.write',
  'POST /api/v1/bids/:id/pause': 'bids.write',
  'POST /api/v1/bids/:id/resume': 'bids.write',
  'POST /api/v1/bids/:id/archive': 'bids.write',
  'POST /api/v1/bids/:id/duplicate': 'bids.write',
  'DELETE /api/v1/bids/:id': 'bids.write',
  'GET /api/v1/lead-types': 'read',
  'GET /api/v1/limits': 'read',
  'PUT /api/v1/limits': 'limits.write',
  'PUT /api/v1/limits/bids/:bidId': 'limits.write',
  'PUT /api/v1/limits/timezone': 'customer.settings',
  'GET /api/v1/billing': 'read',
  'GET /api/v1/auto-recharge': 'read',
  'PUT /api/v1/auto-recharge': 'billing.write',
  'GET /api/v1/payment-methods': 'read',
  'POST /api/v1/payment-methods/setup-intent': 'billing.write',
  'POST /api/v1/payment-methods': 'billing.write',
  'POST /api/v1/payment-methods/:id/default': 'billing.write',
  'DELETE /api/v1/payment-methods/:id': 'billing.write',
  'POST /api/v1/deposits': 'billing.write',
  'GET /api/v1/deposits/:id': 'read',
  'GET /api/v1/transactions': 'read',
  'GET /api/v1/transactions/export': 'read',
  'GET /api/v1/leads': 'read',
  'GET /api/v1/leads/export.csv': 'read',
  'GET /api/v1/leads/:id': 'read',
  'POST /api/v1/leads/:id/return': 'returns.write',
  'GET /api/v1/dashboard': 'read',
  'PUT /api/v1/dashboard/getting-started': 'prefs.write',
  'GET /api/v1/notifications/settings': 'read',
  'GET /api/v1/notifications/recipients': 'read',
  'POST /api/v1/notifications/recipients': 'notifications.write',
  'GET /api/v1/notifications/recipients/:id': 'read',
  'PATCH /api/v1/notifications/recipients/:id': 'notifications.write',
  'DELETE /api/v1/notifications/recipients/:id': 'notifications.write',
  'POST /api/v1/notifications/recipients/:id/test': 'notifications.write',
  'GET /api/v1/notifications/deliveries': 'read',
  'POST /api/v1/notifications/signing-secret/rotate': 'notifications.write',
  'GET /api/v1/events': 'read',
  'GET /api/v1/marketplace/listings': 'read',
  'GET /api/v1/marketplace/listings/:id': 'read',
  'POST /api/v1/marketplace/listings/:id/buy': 'marketplace.write',
  'POST /api/v1/marketplace/listings/:id/buy-orders': 'marketplace.write',
  'GET /api/v1/marketplace/buy-orders': 'read',
  'POST /api/v1/marketplace/buy-orders/:id/cancel': 'marketplace.write',
  'GET /api/v1/marketplace/standing-orders': 'read',
  'POST /api/v1/marketplace/standing-orders': 'marketplace.write',
  'GET /api/v1/marketplace/standing-orders/:id': 'read',
  'POST /api/v1/marketplace/standing-orders/:id/cancel': 'marketplace.write',
  'GET /api/v1/team': 'team.manage',
  'POST /api/v1/team/invites': 'team.manage',
  'DELETE /api/v1/team/invites/:id': 'team.manage',
  'PATCH /api/v1/team/members/:userId': 'team.manage',
  'DELETE /api/v1/team/members/:userId': 'team.manage',
};

/** `portal:read` tokens cap every role at viewer (D2). */
export const effectiveRole = (role: Role, scope: 'portal' | 'portal:read'): Role => (scope === 'portal:read' ? 'viewer' : role);
