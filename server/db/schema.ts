import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** bigint cents: read as a decimal string on both drivers (see database.ts), written from number/bigint/string. */
export type Cents = ColumnType<string, string | number | bigint, string | number | bigint>;
type CentsDefault = ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T extends object | null> = JSONColumnType<T, T | string, T | string>;
type Day = ColumnType<string, string, string>;

export type CustomerStatus = 'active' | 'paused' | 'archived';
export type Role = 'admin' | 'buyer' | 'billing' | 'viewer';
export type LedgerKind =
  | 'funds_added' | 'funds_added_by_provider' | 'funds_subtracted_by_provider' | 'auto_recharge' | 'lead_assigned'
  | 'lead_returned' | 'buy_order_placed' | 'buy_order_canceled' | 'buy_order_released' | 'buy_order_filled';
export type TierEffect = 'none' | 'penalty' | 'discount' | 'match_return_rate';
export type OutboxKind =
  | 'lead.purchased' | 'buy_order.outbid' | 'wallet.low_balance' | 'auto_recharge.succeeded'
  | 'auto_recharge.failed' | 'bid.capped' | 'return.decided';

export interface Appearance {
  colorPrimary?: string; colorDanger?: string; colorWarning?: string; colorSuccess?: string;
  colorBackground?: string; colorText?: string; borderRadius?: string; fontFamily?: string;
}
export interface Branding { logo_url?: string | null; appearance?: Appearance }

/** Provider-set rules (D10 `PUT /provider/v1/settings`); each feature reads its part. */
export interface ProviderSettings {
  self_service_customers?: boolean;
  /** Anyone may register an /app account with a new customer (default true). */
  self_registration?: boolean;
  /** Terms a registering buyer must accept (e.g. terms of service, privacy policy). */
  consent_links?: ConsentLink[];
  return_window_days?: number;
  return_rate_window_days?: number;
  return_reasons?: string[];
  returns_enabled?: boolean;
  /** Approve every return request as it arrives (refund at once). */
  returns_auto_approve?: boolean;
  return_tiers_enabled?: boolean;
  max_return_rate_bps?: number | null;
  return_policy_url?: string | null;
  marketplace_enabled?: boolean;
  /** Terms of the listings the auction creates for leads nobody won (D19); each missing key uses the product default. */
  marketplace_defaults?: MarketplaceDefaults;
  customer_bidding_enabled?: boolean;
  min_lifetime_deposit_cents?: number;
  deposit_fee_bps?: number;
  min_deposit_cents?: number;
  max_deposit_cents?: number;
  allow_adding_cards?: boolean;
  sms_enabled?: boolean;
}

export interface MarketplaceDefaults {
  first_price_cents?: number; step_cents?: number; interval_seconds?: number; floor_cents?: number; duration_seconds?: number;
}
export interface ConsentLink { label: string; url: string }

export interface LeadField { key: string; label: string; type: 'string' | 'number' | 'boolean' | 'date'; deliverable: boolean; preview: boolean }

export interface Database {
  providers: {
    id: string; name: string; currency: Generated<string>; locale: Generated<string>; support_email: string | null;
    branding: Json<Branding>; settings: Json<ProviderSettings>; created_at: Timestamp; updated_at: Timestamp;
  };
  provider_api_keys: {
    id: string; provider_id: string; prefix: string; key_sha256: string; name: Generated<string>;
    created_at: Timestamp; revoked_at: NullableTimestamp;
  };
  provider_issuers: { issuer: string; provider_id: string; kind: 'provider' | 'portal'; created_at: Timestamp };
  signing_keys: {
    id: string; issuer: string; alg: 'HS256' | 'RS256' | 'ES256' | 'EdDSA'; kid: string | null; secret_enc: string | null;
    public_jwk: Json<Record<string, unknown>> | null; jwks_url: string | null; created_at: Timestamp; revoked_at: NullableTimestamp;
  };
  provider_origins: { provider_id: string; origin: string };
  provider_hostnames: { hostname: string; provider_id: string };
  provider_secrets: { provider_id: string; name: string; value_enc: string; updated_at: Timestamp };
  return_tiers: {
    id: string; provider_id: string; position: number; name: string; headline: Generated<string>; brief: Generated<string>;
    description: Generated<string>; color: Generated<string>; icon: Generated<string>; lower_bps: number;
    upper_bps: number | null; effect_kind: Generated<TierEffect>; effect_bps: Generated<number>;
  };
  users: {
    id: string; provider_id: string; issuer: string; subject: string; email: string | null; name: string | null;
    password_hash: string | null; email_verified_at: NullableTimestamp; failed_logins: Generated<number>;
    locked_until: NullableTimestamp; created_at: Timestamp; updated_at: Timestamp;
  };
  customers: {
    id: string; provider_id: string; external_id: string; name: string; status: Generated<CustomerStatus>; timezone: string;
    /** D30: the zone in effect until `timezone_changed_at` (a pending or recent change); null when none. */
    timezone_previous: string | null; timezone_changed_at: NullableTimestamp;
    billing_email: string | null; phone: string | null; address: Json<Record<string, string>> | null; country: string | null;
    region: string | null; postal_code: string | null; source: Generated<'provider' | 'portal'>; created_by: string | null;
    low_balance_threshold_cents: Cents | null; lifetime_deposits_cents: CentsDefault; stripe_customer_id: string | null;
    created_at: Timestamp; updated_at: Timestamp;
  };
  memberships: { user_id: string; customer_id: string; role: Role; source: 'token' | 'portal'; created_at: Timestamp; updated_at: Timestamp };
  wallets: {
    customer_id: string; provider_id: string; currency: string; balance_cents: CentsDefault; held_cents: CentsDefault; updated_at: Timestamp;
  };
  lead_categories: { id: string; provider_id: string; name: string; fields: Json<LeadField[]>; created_at: Timestamp };
  lead_types: {
    id: string; provider_id: string; category_id: string; name: string; pricing: 'fixed' | 'range'; price_cents: Cents | null;
    min_cents: Cents | null; max_cents: Cents | null; step_cents: Cents | null; biddable: Generated<boolean>;
    exclusive: Generated<boolean>; max_sales: Generated<number>; active: Generated<boolean>; created_at: Timestamp;
  };
  leads: {
    id: string; provider_id: string; lead_type_id: string; external_id: string; fields: Json<Record<string, unknown>>;
    state: string | null; county_fips: string | null; zip: string | null; email_lower: string | null; phone_e164: string | null;
    name_lower: string | null; status: Generated<'new' | 'assigned' | 'listed' | 'unsold' | 'expired'>;
    max_sales: Generated<number>; sold_count: Generated<number>; created_at: Timestamp;
  };
  bids: {
    id: string; provider_id: string; customer_id: string; lead_type_id: string; name: string; amount_cents: Cents;
    scope_kind: 'county' | 'state' | 'nationwide'; scope_state: string | null; scope_county_fips: string | null;
    filters: Json<Record<string, unknown>>; schedule: Json<Record<string, unknown>> | null;
    status: Generated<'active' | 'paused' | 'archived'>; created_at: Timestamp; updated_at: Timestamp; deleted_at: NullableTimestamp;
  };
  marketplace_listings: {
    id: string; provider_id: string; lead_id: string; lead_type_id: string; first_price_cents: Cents; step_cents: Cents;
    interval_seconds: number; floor_cents: Cents; listed_at: RequiredTimestamp; expires_at: RequiredTimestamp;
    exclusive: Generated<boolean>; max_sales: Generated<number>; sold_count: Generated<number>;
    status: Generated<'open' | 'sold' | 'expired' | 'withdrawn'>;
  };
  buy_orders: {
    id: string; provider_id: string; customer_id: string; listing_id: string; max_price_cents: Cents;
    status: Generated<'open' | 'filled' | 'canceled' | 'released' | 'expired'>; created_at: Timestamp; closed_at: NullableTimestamp;
  };
  standing_orders: {
    id: string; provider_id: string; customer_id: string; lead_type_id: string; filters: Json<Record<string, unknown>>;
    max_price_cents: Cents; quantity: number; filled: Generated<number>; status: Generated<'open' | 'filled' | 'canceled' | 'expired'>;
    expires_at: NullableTimestamp; created_at: Timestamp;
  };
  purchases: {
    id: string; provider_id: string; customer_id: string; lead_id: string; lead_type_id: string;
    source: 'bid' | 'marketplace' | 'buy_order' | 'standing_order'; bid_id: string | null; listing_id: string | null;
    buy_order_id: string | null; standing_order_id: string | null; price_cents: Cents; bid_amount_cents: Cents | null;
    state: string | null; county_fips: string | null; status: Generated<'assigned' | 'returned'>; purchased_at: Timestamp;
    /** Search keys copied from the lead by a trigger on insert (migration 20261126T2030, D29). */
    search_name: Generated<string | null>; search_last_name: Generated<string | null>; phone_e164: Generated<string | null>; email_lower: Generated<string | null>;
  };
  auction_results: { lead_id: string; winners: Json<unknown[]>; top_amounts_cents: ColumnType<string[], string[], string[]>; created_at: Timestamp };
  bid_outcome_counters: { bid_id: string; day: Day; reason: string; count: CentsDefault };
  returns: {
    id: string; provider_id: string; customer_id: string; purchase_id: string; reason_code: string; note: Generated<string>;
    status: Generated<'pending' | 'approved' | 'denied'>; decided_at: NullableTimestamp; decision_note: string | null; created_at: Timestamp;
  };
  customer_daily_sums: {
    customer_id: string; day: Day; purchased_cents: CentsDefault; purchased_count: Generated<number>; returned_cents: CentsDefault;
  };
  caps: {
    id: string; provider_id: string; customer_id: string; bid_id: string | null; period: 'day' | 'week' | 'month';
    metric: 'count' | 'spend'; cap: Cents; updated_at: Timestamp;
  };
  cap_usage: {
    customer_id: string; subject: string; period: 'day' | 'week' | 'month'; period_start: Day; lead_count: CentsDefault; spend_cents: CentsDefault;
  };
  payment_methods: {
    id: string; provider_id: string; customer_id: string; stripe_payment_method_id: string; brand: string; last4: string;
    exp_month: number; exp_year: number; is_default: Generated<boolean>; created_at: Timestamp; detached_at: NullableTimestamp;
  };
  payments: {
    id: string; provider_id: string; customer_id: string; kind: 'deposit' | 'auto_recharge'; stripe_payment_intent_id: string | null;
    payment_method_id: string | null; amount_cents: Cents; fee_cents: CentsDefault;
    status: 'pending' | 'requires_action' | 'processing' | 'succeeded' | 'failed' | 'canceled'; failure_message: string | null;
    receipt_url: string | null; idempotency_key: string; created_at: Timestamp; updated_at: Timestamp;
  };
  auto_recharge: {
    customer_id: string; provider_id: string; enabled: Generated<boolean>; threshold_cents: Cents; amount_cents: Cents;
    payment_method_id: string | null; armed: Generated<boolean>; pending_payment_id: string | null;
    consecutive_failures: Generated<number>; updated_at: Timestamp;
    /** The customer's newest ledger row id when it last fired: a later row at or above the threshold re-arms it. */
    fired_after_entry: string | null;
  };
  stripe_events: { id: string; provider_id: string; type: string; received_at: Timestamp; processed_at: NullableTimestamp };
  ledger_entries: {
    id: Generated<string>; public_id: string; provider_id: string; customer_id: string; kind: LedgerKind; amount_cents: Cents;
    hold_delta_cents: CentsDefault; balance_after_cents: Cents; held_after_cents: Cents; description: string;
    purchase_id: string | null; buy_order_id: string | null; payment_id: string | null; return_id: string | null;
    idempotency_key: string | null; actor: string | null; created_at: Timestamp;
  };
  notification_recipients: {
    id: string; provider_id: string; customer_id: string; name: string; channel: 'email' | 'sms' | 'webhook'; address: string;
    http_method: 'POST' | 'PUT' | 'PATCH' | 'GET' | null; payload_template: string | null; kinds: ColumnType<string[], string[] | undefined, string[]>;
    bid_ids: string[] | null; fields: string[] | null; enabled: Generated<boolean>; created_at: Timestamp; updated_at: Timestamp;
    deleted_at: NullableTimestamp;
  };
  webhook_secrets: { id: string; customer_id: string; secret_enc: string; created_at: Timestamp; expires_at: NullableTimestamp };
  notification_outbox: {
    id: Generated<string>; provider_id: string; customer_id: string; kind: OutboxKind; subject_ref: string;
    payload: Json<Record<string, unknown>>; dedupe_key: string; created_at: Timestamp; expanded_at: NullableTimestamp;
  };
  notification_deliveries: {
    id: Generated<string>; outbox_id: string; recipient_id: string; status: Generated<'pending' | 'sending' | 'sent' | 'failed' | 'dead'>;
    attempts: Generated<number>; next_attempt_at: Timestamp; last_error: string | null; response_code: number | null;
    created_at: Timestamp; updated_at: Timestamp;
    /** The idempotency id sent with every attempt (receivers dedupe by it). */
    public_id: string; customer_id: string; lead_id: string | null; sent_at: NullableTimestamp;
  };
  audit_log: {
    id: Generated<string>; provider_id: string; customer_id: string | null; actor_kind: 'user' | 'provider_api' | 'system';
    actor_id: string | null; action: string; subject_type: string; subject_id: string; details: Json<Record<string, unknown>>; created_at: Timestamp;
  };
  idempotency_keys: {
    provider_id: string; scope: string; key: string; request_sha256: string; response_status: number | null;
    response_body: Json<object> | null; created_at: Timestamp;
  };
  sessions: { id_sha256: string; user_id: string; provider_id: string; created_at: Timestamp; last_seen_at: Timestamp; expires_at: RequiredTimestamp };
  /** Single-use mailed tokens; `email` is the address a `verify_email` token confirms. */
  password_resets: {
    token_sha256: string; user_id: string; purpose: 'reset' | 'verify_email'; email: string | null; created_at: Timestamp;
    expires_at: RequiredTimestamp; used_at: NullableTimestamp;
  };
  /** Failed sign-ins per provider and lower-cased email, known or not (lockout). */
  sign_in_failures: { provider_id: string; email_lower: string; failures: number; last_failure_at: RequiredTimestamp; locked_until: NullableTimestamp };
  invites: {
    id: string; provider_id: string; customer_id: string; email: string; role: Role; token_sha256: string; invited_by: string;
    created_at: Timestamp; expires_at: RequiredTimestamp; accepted_at: NullableTimestamp; revoked_at: NullableTimestamp;
  };
  user_prefs: { user_id: string; customer_id: string; key: string; value: Json<object>; updated_at: Timestamp };
}
