/**
 * The one place Stripe.js enters the widgets. It loads lazily, on the first card action, from Stripe's own
 * servers, so it is in no widget's bundle (D26). The loader below does what `@stripe/stripe-js/pure` does for
 * this panel (inject the script once, then call `window.Stripe(key)`) in a fraction of its bytes; it loads the
 * release train that package version pins, so the two stay interchangeable.
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

/** The Stripe.js release train `@stripe/stripe-js` 10.2.1 loads (its `RELEASE_TRAIN`); a new train may change the API. */
const STRIPE_JS = 'https://js.stripe.com/endive/stripe.js';

type StripeFactory = (publishableKey: string) => StripeLike;
let loading: Promise<StripeFactory> | undefined;

export const loadStripe: StripeLoader = async (publishableKey) => {
  // One script for the page; a failed load (e.g. offline) is forgotten so the next card action tries again.
  loading ??= new Promise<StripeFactory>((resolve, reject) => {
    const page = window as { Stripe?: StripeFactory };
    if (page.Stripe) return resolve(page.Stripe);
    const script = document.createElement('script');
    script.src = STRIPE_JS;
    script.onload = () => (page.Stripe ? resolve(page.Stripe) : reject(new Error('Stripe.js is not available')));
    script.onerror = () => {
      script.remove();
      reject(new Error('Stripe.js could not be loaded'));
    };
    document.head.append(script);
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return (await loading)(publishableKey);
};
