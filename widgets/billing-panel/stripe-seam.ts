/**
 * The one place Stripe.js enters the widgets. It loads lazily, on the first card action, from Stripe's own
 * servers (`@stripe/stripe-js/pure` injects the script only when called), so it is in no widget's bundle (D26).
 * The panel uses only the tiny surface typed here; tests and stories pass a local double of it instead.
 */
export interface StripeErrorLike {
  message?: string;
}

export interface PaymentElementLike {
  mount(node: HTMLElement): void;
  on(event: 'ready', handler: () => void): unknown;
  destroy(): void;
}

export interface ElementsLike {
  create(type: 'payment', options?: { layout?: 'tabs' | 'accordion' }): PaymentElementLike;
}

export interface StripeLike {
  elements(options: { clientSecret: string; appearance?: { variables?: Record<string, string> } }): ElementsLike;
  confirmSetup(options: { elements: ElementsLike; redirect: 'if_required'; confirmParams?: { return_url?: string } }): Promise<{
    setupIntent?: { id: string; status: string };
    error?: StripeErrorLike;
  }>;
  handleNextAction(options: { clientSecret: string }): Promise<{ paymentIntent?: { id: string; status: string }; error?: StripeErrorLike }>;
}

/** Loads Stripe.js for a provider's publishable key; rejects when it cannot be loaded (e.g. offline). */
export type StripeLoader = (publishableKey: string) => Promise<StripeLike>;

export const loadStripe: StripeLoader = async (publishableKey) => {
  const { loadStripe: load } = await import('@stripe/stripe-js/pure');
  const stripe = await load(publishableKey);
  if (!stripe) throw new Error('Stripe.js is not available');
  // The real object has many overloads; the panel calls only the members StripeLike names.
  return stripe as unknown as StripeLike;
};
