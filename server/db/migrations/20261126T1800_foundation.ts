import { sql, type Kysely } from 'kysely';

/**
 * The whole SPEC's schema in one place so later features only add behaviour, not tables.
 * Money is bigint cents; enums are CHECK constraints; every tenant table carries provider_id.
 * Written for PostgreSQL 15 (the CI server) and 18 (PGlite). A landed migration is never edited (D27).
 */
const statements = `
CREATE TABLE providers (
  id text PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  currency char(3) NOT NULL DEFAULT 'USD',
  locale text NOT NULL DEFAULT 'en-US',
  support_email text,
  branding jsonb NOT NULL DEFAULT '{}',
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE provider_api_keys (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  prefix text NOT NULL UNIQUE,
  key_sha256 text NOT NULL,
  name text NOT NULL DEFAULT 'default',
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- An issuer belongs to exactly one provider, so a token's iss picks the provider before any key is tried.
CREATE TABLE provider_issuers (
  issuer text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  kind text NOT NULL CHECK (kind IN ('provider', 'portal')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX provider_issuers_provider ON provider_issuers (provider_id);

CREATE TABLE signing_keys (
  id text PRIMARY KEY,
  issuer text NOT NULL REFERENCES provider_issuers(issuer) ON DELETE CASCADE,
  alg text NOT NULL CHECK (alg IN ('HS256', 'RS256', 'ES256', 'EdDSA')),
  kid text,
  secret_enc text,
  public_jwk jsonb,
  jwks_url text,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  CHECK (num_nonnulls(secret_enc, public_jwk, jwks_url) >= 1)
);
CREATE INDEX signing_keys_issuer ON signing_keys (issuer) WHERE revoked_at IS NULL;

CREATE TABLE provider_origins (
  provider_id text NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  origin text NOT NULL CHECK (origin ~ '^https?://[^/]+$'),
  PRIMARY KEY (provider_id, origin)
);

CREATE TABLE provider_hostnames (
  hostname text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id) ON DELETE CASCADE
);

CREATE TABLE provider_secrets (
  provider_id text NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name IN ('stripe_secret_key', 'stripe_webhook_secret', 'smtp_url', 'sms_gateway_token')),
  value_enc text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider_id, name)
);

CREATE TABLE return_tiers (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  position int NOT NULL,
  name text NOT NULL,
  headline text NOT NULL DEFAULT '',
  brief text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  color text NOT NULL DEFAULT '#6b7280',
  icon text NOT NULL DEFAULT 'circle',
  lower_bps int NOT NULL CHECK (lower_bps >= 0),
  upper_bps int CHECK (upper_bps IS NULL OR upper_bps > lower_bps),
  effect_kind text NOT NULL DEFAULT 'none' CHECK (effect_kind IN ('none', 'penalty', 'discount', 'match_return_rate')),
  effect_bps int NOT NULL DEFAULT 0 CHECK (effect_bps BETWEEN 0 AND 10000),
  UNIQUE (provider_id, position)
);

CREATE TABLE users (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  issuer text NOT NULL,
  subject text NOT NULL,
  email text,
  name text,
  password_hash text,
  email_verified_at timestamptz,
  failed_logins int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider_id, issuer, subject)
);
-- /app accounts sign in by email: one account per email and provider.
CREATE UNIQUE INDEX users_portal_email ON users (provider_id, lower(email)) WHERE password_hash IS NOT NULL;

CREATE TABLE customers (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'archived')),
  timezone text NOT NULL,
  billing_email text,
  phone text,
  address jsonb,
  country char(2),
  region text,
  postal_code text,
  source text NOT NULL DEFAULT 'provider' CHECK (source IN ('provider', 'portal')),
  created_by text REFERENCES users(id),
  low_balance_threshold_cents bigint CHECK (low_balance_threshold_cents >= 0),
  lifetime_deposits_cents bigint NOT NULL DEFAULT 0 CHECK (lifetime_deposits_cents >= 0),
  stripe_customer_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider_id, external_id),
  UNIQUE (provider_id, id)
);

CREATE TABLE memberships (
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  customer_id text NOT NULL REFERENCES customers(id),
  role text NOT NULL CHECK (role IN ('admin', 'buyer', 'billing', 'viewer')),
  source text NOT NULL CHECK (source IN ('token', 'portal')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, customer_id)
);
CREATE INDEX memberships_customer ON memberships (customer_id);

-- One row per customer, locked FOR UPDATE by every money movement; the ledger is the history.
CREATE TABLE wallets (
  customer_id text PRIMARY KEY REFERENCES customers(id),
  provider_id text NOT NULL REFERENCES providers(id),
  currency char(3) NOT NULL,
  balance_cents bigint NOT NULL DEFAULT 0,
  held_cents bigint NOT NULL DEFAULT 0 CHECK (held_cents >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (balance_cents - held_cents >= 0)
);

CREATE TABLE lead_categories (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  name text NOT NULL,
  fields jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider_id, name)
);

CREATE TABLE lead_types (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  category_id text NOT NULL REFERENCES lead_categories(id),
  name text NOT NULL,
  pricing text NOT NULL CHECK (pricing IN ('fixed', 'range')),
  price_cents bigint CHECK (price_cents > 0),
  min_cents bigint CHECK (min_cents > 0),
  max_cents bigint,
  step_cents bigint CHECK (step_cents > 0),
  biddable boolean NOT NULL DEFAULT true,
  exclusive boolean NOT NULL DEFAULT true,
  max_sales int NOT NULL DEFAULT 1 CHECK (max_sales >= 1),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider_id, name),
  CHECK (pricing <> 'fixed' OR price_cents IS NOT NULL),
  CHECK (pricing <> 'range' OR (min_cents IS NOT NULL AND max_cents >= min_cents AND step_cents IS NOT NULL))
);

CREATE TABLE leads (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  lead_type_id text NOT NULL REFERENCES lead_types(id),
  external_id text NOT NULL,
  fields jsonb NOT NULL,
  state char(2),
  county_fips char(5),
  zip text,
  email_lower text,
  phone_e164 text,
  name_lower text,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'assigned', 'listed', 'unsold', 'expired')),
  max_sales int NOT NULL DEFAULT 1 CHECK (max_sales >= 1),
  sold_count int NOT NULL DEFAULT 0 CHECK (sold_count >= 0 AND sold_count <= max_sales),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider_id, external_id)
);
CREATE INDEX leads_type_geo ON leads (provider_id, lead_type_id, state, created_at DESC);

CREATE TABLE bids (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  customer_id text NOT NULL REFERENCES customers(id),
  lead_type_id text NOT NULL REFERENCES lead_types(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  scope_kind text NOT NULL CHECK (scope_kind IN ('county', 'state', 'nationwide')),
  scope_state char(2),
  scope_county_fips char(5),
  filters jsonb NOT NULL DEFAULT '{}',
  schedule jsonb,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CHECK ((scope_kind = 'nationwide' AND scope_state IS NULL AND scope_county_fips IS NULL)
      OR (scope_kind = 'state' AND scope_state IS NOT NULL AND scope_county_fips IS NULL)
      OR (scope_kind = 'county' AND scope_state IS NOT NULL AND scope_county_fips IS NOT NULL))
);
-- D15: candidates by provider + lead type + scope; nationwide bids are always candidates.
CREATE INDEX bids_auction ON bids (provider_id, lead_type_id, scope_kind, scope_state, scope_county_fips)
  WHERE status = 'active' AND deleted_at IS NULL;
CREATE INDEX bids_customer ON bids (customer_id, created_at, id) WHERE deleted_at IS NULL;

CREATE TABLE marketplace_listings (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  lead_id text NOT NULL REFERENCES leads(id),
  lead_type_id text NOT NULL REFERENCES lead_types(id),
  first_price_cents bigint NOT NULL CHECK (first_price_cents > 0),
  step_cents bigint NOT NULL CHECK (step_cents >= 0),
  interval_seconds int NOT NULL CHECK (interval_seconds > 0),
  floor_cents bigint NOT NULL CHECK (floor_cents > 0 AND floor_cents <= first_price_cents),
  listed_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  exclusive boolean NOT NULL DEFAULT true,
  max_sales int NOT NULL DEFAULT 1 CHECK (max_sales >= 1),
  sold_count int NOT NULL DEFAULT 0 CHECK (sold_count >= 0 AND sold_count <= max_sales),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'sold', 'expired', 'withdrawn')),
  CHECK (expires_at > listed_at)
);
CREATE INDEX listings_open ON marketplace_listings (provider_id, lead_type_id, listed_at DESC) WHERE status = 'open';

CREATE TABLE buy_orders (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  customer_id text NOT NULL REFERENCES customers(id),
  listing_id text NOT NULL REFERENCES marketplace_listings(id),
  max_price_cents bigint NOT NULL CHECK (max_price_cents > 0),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'filled', 'canceled', 'released', 'expired')),
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE INDEX buy_orders_listing ON buy_orders (listing_id, max_price_cents DESC, created_at) WHERE status = 'open';
CREATE INDEX buy_orders_customer ON buy_orders (customer_id, created_at DESC);

CREATE TABLE standing_orders (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  customer_id text NOT NULL REFERENCES customers(id),
  lead_type_id text NOT NULL REFERENCES lead_types(id),
  filters jsonb NOT NULL DEFAULT '{}',
  max_price_cents bigint NOT NULL CHECK (max_price_cents > 0),
  quantity int NOT NULL CHECK (quantity >= 1),
  filled int NOT NULL DEFAULT 0 CHECK (filled >= 0 AND filled <= quantity),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'filled', 'canceled', 'expired')),
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX standing_orders_match ON standing_orders (provider_id, lead_type_id, max_price_cents DESC, created_at) WHERE status = 'open';

CREATE TABLE purchases (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  customer_id text NOT NULL REFERENCES customers(id),
  lead_id text NOT NULL REFERENCES leads(id),
  lead_type_id text NOT NULL REFERENCES lead_types(id),
  source text NOT NULL CHECK (source IN ('bid', 'marketplace', 'buy_order', 'standing_order')),
  bid_id text REFERENCES bids(id),
  listing_id text REFERENCES marketplace_listings(id),
  buy_order_id text REFERENCES buy_orders(id),
  standing_order_id text REFERENCES standing_orders(id),
  price_cents bigint NOT NULL CHECK (price_cents >= 0),
  bid_amount_cents bigint,
  state char(2),
  county_fips char(5),
  status text NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'returned')),
  purchased_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (lead_id, customer_id)
);
CREATE INDEX purchases_customer_time ON purchases (customer_id, purchased_at DESC, id DESC);
CREATE INDEX purchases_customer_type_state ON purchases (customer_id, lead_type_id, state, purchased_at DESC);
CREATE INDEX purchases_bid ON purchases (bid_id, purchased_at DESC) WHERE bid_id IS NOT NULL;

-- D17: per lead, the winners and the top five effective amounts (no bidder ids).
CREATE TABLE auction_results (
  lead_id text PRIMARY KEY REFERENCES leads(id),
  winners jsonb NOT NULL DEFAULT '[]',
  top_amounts_cents bigint[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bid_outcome_counters (
  bid_id text NOT NULL REFERENCES bids(id),
  day date NOT NULL,
  reason text NOT NULL CHECK (reason IN ('won', 'outbid', 'capped', 'wallet', 'filters', 'schedule', 'paused')),
  count bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (bid_id, day, reason)
);

CREATE TABLE returns (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  customer_id text NOT NULL REFERENCES customers(id),
  purchase_id text NOT NULL UNIQUE REFERENCES purchases(id),
  reason_code text NOT NULL,
  note text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied')),
  decided_at timestamptz,
  decision_note text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX returns_provider_status ON returns (provider_id, status, created_at);

-- Return rate source (D17): purchased and approved-return value per customer-local day.
CREATE TABLE customer_daily_sums (
  customer_id text NOT NULL REFERENCES customers(id),
  day date NOT NULL,
  purchased_cents bigint NOT NULL DEFAULT 0,
  purchased_count int NOT NULL DEFAULT 0,
  returned_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (customer_id, day)
);

CREATE TABLE caps (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  customer_id text NOT NULL REFERENCES customers(id),
  bid_id text REFERENCES bids(id),
  period text NOT NULL CHECK (period IN ('day', 'week', 'month')),
  metric text NOT NULL CHECK (metric IN ('count', 'spend')),
  cap bigint NOT NULL CHECK (cap >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX caps_unique ON caps (customer_id, coalesce(bid_id, ''), period, metric);

-- Usage per period start; subject is 'customer' or a bid id. Incremented in the purchase transaction.
CREATE TABLE cap_usage (
  customer_id text NOT NULL REFERENCES customers(id),
  subject text NOT NULL,
  period text NOT NULL CHECK (period IN ('day', 'week', 'month')),
  period_start date NOT NULL,
  lead_count bigint NOT NULL DEFAULT 0,
  spend_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (customer_id, subject, period, period_start)
);

CREATE TABLE payment_methods (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  customer_id text NOT NULL REFERENCES customers(id),
  stripe_payment_method_id text NOT NULL UNIQUE,
  brand text NOT NULL,
  last4 char(4) NOT NULL,
  exp_month int NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
  exp_year int NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  detached_at timestamptz
);
CREATE UNIQUE INDEX payment_methods_one_default ON payment_methods (customer_id) WHERE is_default AND detached_at IS NULL;

CREATE TABLE payments (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  customer_id text NOT NULL REFERENCES customers(id),
  kind text NOT NULL CHECK (kind IN ('deposit', 'auto_recharge')),
  stripe_payment_intent_id text UNIQUE,
  payment_method_id text REFERENCES payment_methods(id),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  fee_cents bigint NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
  status text NOT NULL CHECK (status IN ('pending', 'requires_action', 'processing', 'succeeded', 'failed', 'canceled')),
  failure_message text,
  receipt_url text,
  idempotency_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (customer_id, idempotency_key)
);

CREATE TABLE auto_recharge (
  customer_id text PRIMARY KEY REFERENCES customers(id),
  provider_id text NOT NULL REFERENCES providers(id),
  enabled boolean NOT NULL DEFAULT false,
  threshold_cents bigint NOT NULL CHECK (threshold_cents >= 0),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  payment_method_id text REFERENCES payment_methods(id),
  armed boolean NOT NULL DEFAULT true,
  pending_payment_id text REFERENCES payments(id),
  consecutive_failures int NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stripe_events (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  type text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);

-- D11: amount_cents changes the balance, hold_delta_cents the held funds; the *_after columns make
-- balance == sum(amount) provable row by row.
CREATE TABLE ledger_entries (
  id bigserial PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  provider_id text NOT NULL REFERENCES providers(id),
  customer_id text NOT NULL REFERENCES customers(id),
  kind text NOT NULL CHECK (kind IN ('funds_added', 'funds_added_by_provider', 'funds_subtracted_by_provider',
    'auto_recharge', 'lead_assigned', 'lead_returned', 'buy_order_placed', 'buy_order_canceled',
    'buy_order_released', 'buy_order_filled')),
  amount_cents bigint NOT NULL,
  hold_delta_cents bigint NOT NULL DEFAULT 0,
  balance_after_cents bigint NOT NULL,
  held_after_cents bigint NOT NULL CHECK (held_after_cents >= 0),
  description text NOT NULL,
  purchase_id text REFERENCES purchases(id),
  buy_order_id text REFERENCES buy_orders(id),
  payment_id text REFERENCES payments(id),
  return_id text REFERENCES returns(id),
  idempotency_key text,
  actor text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (balance_after_cents - held_after_cents >= 0)
);
CREATE INDEX ledger_customer_time ON ledger_entries (customer_id, id DESC);
CREATE UNIQUE INDEX ledger_idempotency ON ledger_entries (customer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE notification_recipients (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  customer_id text NOT NULL REFERENCES customers(id),
  name text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'webhook')),
  address text NOT NULL,
  http_method text CHECK (http_method IN ('POST', 'PUT', 'PATCH', 'GET')),
  payload_template text,
  kinds text[] NOT NULL DEFAULT '{lead.purchased}',
  bid_ids text[],
  fields text[],
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_recipients_customer ON notification_recipients (customer_id);

CREATE TABLE webhook_secrets (
  id text PRIMARY KEY,
  customer_id text NOT NULL REFERENCES customers(id),
  secret_enc text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz
);

-- D21: each money transaction writes its notifications here; delivery expands rows per recipient.
CREATE TABLE notification_outbox (
  id bigserial PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  customer_id text NOT NULL REFERENCES customers(id),
  kind text NOT NULL CHECK (kind IN ('lead.purchased', 'buy_order.outbid', 'wallet.low_balance',
    'auto_recharge.succeeded', 'auto_recharge.failed', 'bid.capped', 'return.decided')),
  subject_ref text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  dedupe_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expanded_at timestamptz
);
CREATE INDEX notification_outbox_pending ON notification_outbox (id) WHERE expanded_at IS NULL;

CREATE TABLE notification_deliveries (
  id bigserial PRIMARY KEY,
  outbox_id bigint NOT NULL REFERENCES notification_outbox(id),
  recipient_id text NOT NULL REFERENCES notification_recipients(id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dead')),
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  response_code int,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (outbox_id, recipient_id)
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status IN ('pending', 'failed');

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  customer_id text REFERENCES customers(id),
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'provider_api', 'system')),
  actor_id text,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_customer ON audit_log (customer_id, id DESC);

CREATE TABLE idempotency_keys (
  provider_id text NOT NULL REFERENCES providers(id),
  scope text NOT NULL,
  key text NOT NULL,
  request_sha256 text NOT NULL,
  response_status int,
  response_body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider_id, scope, key)
);

CREATE TABLE sessions (
  id_sha256 text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  provider_id text NOT NULL REFERENCES providers(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE password_resets (
  token_sha256 text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('reset', 'verify_email')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE invites (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  customer_id text NOT NULL REFERENCES customers(id),
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'buyer', 'billing', 'viewer')),
  token_sha256 text NOT NULL UNIQUE,
  invited_by text NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE user_prefs (
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  customer_id text NOT NULL REFERENCES customers(id),
  key text NOT NULL,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, customer_id, key)
)
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per query: both drivers use the extended protocol, which takes a single statement.
  for (const statement of statements.split(/;\n(?=\s*(?:CREATE|--|$))/)) {
    const text = statement.replace(/^\s*--.*$/gm, '').trim();
    if (text) await sql.raw(text).execute(db);
  }
}
