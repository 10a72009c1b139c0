import { randomBytes } from 'node:crypto';
import type { StripeKeys } from '../config.js';
import { saveStripeKeys } from '../payments/accounts.js';
import type { TestContext, TestProvider } from './harness.js';
import type { StripeStub, TestCard } from './stripe-stub.js';

/** Gives a test provider its own Stripe account on the stub (keys stored encrypted, as PUT /provider/v1/stripe does). */
export async function connectStripe(t: TestContext, provider: TestProvider): Promise<StripeKeys> {
  const suffix = randomBytes(12).toString('hex');
  const keys = { secretKey: `sk_test_${suffix}`, publishableKey: `pk_test_${suffix}`, webhookSecret: `whsec_${suffix}` };
  await saveStripeKeys(t.db, t.config.secretKey, provider.id, keys, t.clock.now());
  return keys;
}

/** Posts an event to the provider's webhook endpoint, signed as Stripe signs it (at the test clock's time). */
export async function deliverEvent(t: TestContext, providerId: string, event: { body: string; signature: string }): Promise<Response> {
  return t.app.request(`/webhooks/stripe/${providerId}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': event.signature }, body: event.body });
}

export function signedEvent(t: TestContext, stub: StripeStub, keys: StripeKeys, type: string, objectId: string, id?: string) {
  return stub.event(type, stub.get(objectId), { secret: keys.webhookSecret, timestamp: Math.floor(t.clock.now().getTime() / 1000), id });
}

/** The widget's add-card flow: SetupIntent from the API, Stripe.js confirms it (the stub), then the API saves the card. */
export async function addCard(t: TestContext, stub: StripeStub, token: string, card: TestCard = 'visa', customer?: string): Promise<{ id: string; brand: string; last4: string; is_default: boolean }> {
  const setup = await t.request('/api/v1/payment-methods/setup-intent', { method: 'POST', token, customer });
  if (setup.status !== 201) throw new Error(`setup-intent answered ${setup.status}: ${await setup.text()}`);
  const { setup_intent_id } = await setup.json();
  stub.confirmSetupIntent(setup_intent_id, card);
  const saved = await t.request('/api/v1/payment-methods', { method: 'POST', token, customer, body: JSON.stringify({ setup_intent_id }) });
  if (saved.status !== 200) throw new Error(`saving the card answered ${saved.status}: ${await saved.text()}`);
  return saved.json();
}
