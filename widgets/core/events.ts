import type { ApiError, SessionEndReason } from './api-client.js';
import type { CustomerSummary } from './api.js';

/** Events shared by several widgets (DECISIONS D22); a widget declares its own events beside its class. */
declare global {
  interface GlobalEventHandlersEventMap {
    /**
     * A widget asks to show a section of the portal, e.g. the wallet asks for `billing`; `item` names one thing in
     * it, e.g. a lead id for `leads` (/app/leads/<id>). Cancelable.
     */
    'lp-navigate': CustomEvent<{ section: string; item?: string }>;
    /** The user chose another customer; the `<lp-portal>` above switches every widget to it. */
    'lp-customer-switched': CustomEvent<{ customerId: string; customer: CustomerSummary }>;
    /** A widget's data failed to load (not fired when the session ended). */
    'lp-load-error': CustomEvent<{ error: ApiError; path: string }>;
    /** The session ended (DECISIONS D23); the page should sign the user in again. */
    'lp-session-expired': CustomEvent<{ reason: SessionEndReason }>;
  }
}

export type LpEventName = Extract<keyof GlobalEventHandlersEventMap, `lp-${string}`>;
export type LpEventDetail<K extends LpEventName> =
  GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * Dispatches a typed `lp-*` event that bubbles out of shadow roots. Returns false when a listener called
 * `preventDefault()` on a cancelable event.
 */
export function emit<K extends LpEventName>(
  target: EventTarget,
  name: K,
  detail: LpEventDetail<K>,
  { cancelable = false } = {},
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}
