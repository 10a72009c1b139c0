import type { CustomerAccess } from '../../auth/access.js';

/** The CustomerSummary reply for a customer the caller may act for. */
export const customerSummary = (c: CustomerAccess) => ({
  id: c.id,
  external_id: c.externalId,
  name: c.name,
  status: c.status,
  role: c.role,
  timezone: c.timezone,
});
