import { z } from '@hono/zod-openapi';

/** Reply shapes of the buyer API. Named with `.openapi()` so the widgets' generated types carry the same names (D28). */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
      request_id: z.string(),
    }),
  })
  .openapi('ApiErrorBody');

export const CustomerStatus = z.enum(['active', 'paused', 'archived']).openapi('CustomerStatus');
export const Role = z.enum(['admin', 'buyer', 'billing', 'viewer']).openapi('Role');
export const FundingStatus = z.enum(['available', 'limited', 'exhausted']).openapi('FundingStatus');

export const CustomerSummary = z
  .object({
    id: z.string().openapi({ example: 'cus_01jd3m8v2qf1z5x9k7w4n6p0rt' }),
    external_id: z.string().openapi({ example: 'acme-42' }),
    name: z.string(),
    status: CustomerStatus,
    role: Role,
    timezone: z.string().openapi({ example: 'America/Chicago' }),
  })
  .openapi('CustomerSummary');

export const Appearance = z
  .object({
    colorPrimary: z.string().optional(),
    colorDanger: z.string().optional(),
    colorWarning: z.string().optional(),
    colorSuccess: z.string().optional(),
    colorBackground: z.string().optional(),
    colorText: z.string().optional(),
    borderRadius: z.string().optional(),
    fontFamily: z.string().optional(),
  })
  .openapi('Appearance');

export const Session = z
  .object({
    user: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
    provider: z.object({
      id: z.string(),
      name: z.string(),
      currency: z.string(),
      locale: z.string(),
      support_email: z.string().nullable(),
      self_service_customers: z.boolean(),
      branding: z.object({ logo_url: z.string().nullable(), appearance: Appearance }),
    }),
    customers: z.array(CustomerSummary),
    active_customer: CustomerSummary,
    server_time: z.string(),
  })
  .openapi('Session');

export const BidCoverage = z
  .object({ bid_id: z.string(), name: z.string(), amount_cents: z.number().int(), covered: z.boolean() })
  .openapi('BidCoverage');

export const Wallet = z
  .object({
    balance_cents: z.number().int(),
    held_cents: z.number().int(),
    available_cents: z.number().int(),
    currency: z.string(),
    funding: z.object({
      status: FundingStatus,
      bids: z.array(BidCoverage),
      min_bid_cents: z.number().int().nullable(),
      caps: z
        .object({ customer_capped: z.boolean(), capped_bid_ids: z.array(z.string()) })
        .openapi({ description: 'Caps reached this period (D14): capped bids are left out of the funding status and `bids`.' }),
    }),
    server_time: z.string(),
  })
  .openapi('Wallet');

export const Tier = z
  .object({
    id: z.string(),
    name: z.string(),
    headline: z.string(),
    brief: z.string(),
    description: z.string(),
    color: z.string(),
    icon: z.string(),
    lower_bps: z.number().int(),
    upper_bps: z.number().int().nullable(),
    effect: z.object({ kind: z.enum(['none', 'penalty', 'discount', 'match_return_rate']), bps: z.number().int() }),
  })
  .openapi('Tier');

export const Badge = z
  .object({
    return_rate_bps: z.number().int(),
    has_purchases: z.boolean(),
    purchased_cents: z.number().int(),
    returned_cents: z.number().int(),
    window_days: z.number().int(),
    tiers_enabled: z.boolean(),
    current_tier: z.union([Tier, z.null()]),
    tiers: z.array(Tier),
  })
  .openapi('Badge');

export const AccountStatus = z
  .object({
    status: CustomerStatus,
    display_status: z.enum(['active', 'inactive', 'paused', 'archived']),
    funding_status: FundingStatus,
    support_email: z.string().nullable(),
  })
  .openapi('AccountStatus');

export const CustomerList = z.object({ items: z.array(CustomerSummary), next_cursor: z.string().nullable() }).openapi('CustomerList');

export const NewCustomer = z
  .object({ name: z.string().trim().min(1, 'Enter a name').max(200, 'Use at most 200 characters') })
  .openapi('NewCustomer');

/** Standard error replies every authenticated route can give. */
export const errorResponses = {
  400: { description: 'Invalid input', content: { 'application/json': { schema: ErrorBody } } },
  401: { description: 'Missing, invalid or expired token', content: { 'application/json': { schema: ErrorBody } } },
  403: { description: 'Role or origin not allowed', content: { 'application/json': { schema: ErrorBody } } },
  404: { description: 'Not found (or not yours)', content: { 'application/json': { schema: ErrorBody } } },
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

export const bearerSecurity = [{ portalToken: [] }];
