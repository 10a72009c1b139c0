import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Every error code the API can return, and its status: one shape everywhere (DESIGN, openstatus' model). */
export const errorStatus = {
  invalid_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  token_expired: 401,
  forbidden: 403,
  registration_disabled: 403,
  origin_not_allowed: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  last_admin: 409,
  token_invalid: 410,
  self_service_disabled: 409,
  insufficient_funds: 409,
  bidding_disabled: 409,
  bidding_locked: 409,
  idempotency_conflict: 409,
  lead_in_progress: 409,
  payments_not_configured: 409,
  adding_cards_disabled: 409,
  returns_disabled: 409,
  return_window_closed: 409,
  return_rate_capped: 409,
  marketplace_disabled: 409,
  already_listed: 409,
  sold_out: 409,
  listing_expired: 409,
  already_purchased: 409,
  cap_reached: 409,
  account_paused: 409,
  account_archived: 409,
  rate_limited: 429,
  account_locked: 429,
  internal: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorStatus;

export class ApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  /** Headers the reply carries besides the error body (e.g. Retry-After). */
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, fields?: Record<string, string>, headers?: Record<string, string>) {
    super(errorStatus[code], { message });
    this.code = code;
    this.fields = fields;
    this.headers = headers;
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: Record<string, string>; request_id: string };
}

export const notFound = (what = 'Resource') => new ApiError('not_found', `${what} not found`);
