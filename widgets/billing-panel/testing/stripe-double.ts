import type { StripeLike, StripeLoader } from '../stripe-seam.js';

/**
 * A local stand-in for the few Stripe.js calls the panel makes (D24: the Stripe.js seam). Stripe.js itself cannot
 * load offline. Its "Payment Element" is a labelled card-number input mounted where the panel asks, so tests see
 * that the mount node is in the document, not in a shadow root.
 */
export interface StripeDoubleOptions {
  /** The loader rejects, as `loadStripe` does when Stripe's script cannot be fetched. */
  unavailable?: boolean;
  /** confirmSetup answers with this error (as Stripe does for a declined or incomplete card). */
  setupError?: string;
  /** handleNextAction answers with this error (the buyer failed or cancelled 3-D Secure). */
  nextActionError?: string;
}

export interface StripeDouble {
  load: StripeLoader;
  /** Every call, in order: `loadStripe`, `elements`, `mount`, `confirmSetup`, `handleNextAction`, `destroy`. */
  calls: { method: string; args: unknown[] }[];
  /** Where the Payment Element was mounted last. */
  mountedInto?: HTMLElement;
}

export function stripeDouble(options: StripeDoubleOptions = {}): StripeDouble {
  const double: StripeDouble = { calls: [], load: async () => stripe };
  const record = (method: string, ...args: unknown[]) => double.calls.push({ method, args });
  const stripe: StripeLike = {
    elements: (elementsOptions) => {
      record('elements', elementsOptions);
      return {
        create: () => {
          const ready: (() => void)[] = [];
          return {
            on: (_event, handler) => ready.push(handler),
            mount: (node) => {
              record('mount', node);
              double.mountedInto = node;
              const label = Object.assign(document.createElement('label'), { textContent: 'Card number' });
              label.append(Object.assign(document.createElement('input'), { autocomplete: 'cc-number', inputMode: 'numeric', value: '4242 4242 4242 4242' }));
              node.append(label);
              setTimeout(() => ready.forEach((handler) => handler()));
            },
            destroy: () => {
              record('destroy');
              double.mountedInto?.replaceChildren();
            },
          };
        },
      };
    },
    confirmSetup: async (confirmOptions) => {
      record('confirmSetup', confirmOptions);
      return options.setupError ? { error: { message: options.setupError } } : { setupIntent: { id: 'seti_double', status: 'succeeded' } };
    },
    handleNextAction: async (actionOptions) => {
      record('handleNextAction', actionOptions);
      return options.nextActionError ? { error: { message: options.nextActionError } } : { paymentIntent: { id: 'pi_double', status: 'succeeded' } };
    },
  };
  double.load = async (key) => {
    record('loadStripe', key);
    if (options.unavailable) throw new Error('Failed to load Stripe.js');
    return stripe;
  };
  return double;
}
