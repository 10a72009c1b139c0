import Stripe from 'stripe';

export { Stripe };

/**
 * The official SDK for one provider's secret key. `apiUrl` (config STRIPE_API_URL) sends its requests to another
 * host, port and protocol: tests point the real SDK at a local Stripe-compatible server (D24). Every POST we make
 * carries an idempotency key, so the SDK's own retries of network failures are safe.
 */
export function stripeClient(secretKey: string, apiUrl: string | undefined): Stripe {
  const endpoint = apiUrl ? new URL(apiUrl) : undefined;
  const protocol = endpoint?.protocol === 'http:' ? 'http' : 'https';
  return new Stripe(secretKey, {
    ...(endpoint && { host: endpoint.hostname, port: Number(endpoint.port) || (protocol === 'http' ? 80 : 443), protocol }),
    maxNetworkRetries: 2,
    telemetry: false,
    appInfo: { name: 'lead-portal' },
  });
}

/** Stripe's own words for a refused card or request (shown to the buyer and stored on the payment). */
export function stripeMessage(error: unknown): string {
  if (error instanceof Stripe.errors.StripeError) return error.message;
  return 'The payment service could not be reached';
}

export const stripeErrorCode = (error: unknown): string | undefined => (error instanceof Stripe.errors.StripeError ? error.code : undefined);
