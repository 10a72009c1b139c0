import type { ApiClient } from './api-client.js';

/** What `<lp-portal>` shares with every widget inside it (or a lone widget builds for itself). */
export interface PortalContext {
  /** Sends requests for `customerId`; replaced when the customer switches. */
  client: ApiClient;
  /** External id of the active customer; undefined means the token's first customer (D4). */
  customerId: string | undefined;
  locale: string;
  currency: string;
  /** Bumps whenever the client or customer changes, so data controllers refetch. */
  revision: number;
}

/**
 * The portal context travels by the community context protocol (`context-request` / `context-provider` events,
 * as `@lit/context` sends them), implemented here for the one context the widgets share (D26: a fraction of
 * that package's bytes). Its key is a string, not a Symbol, so two copies of the widgets on one page (this build,
 * an older one on `@lit/context`) still find each other's portal.
 */
export const portalContext = 'lp-portal/v1';

export type ContextCallback = (value: PortalContext | undefined, unsubscribe?: () => void) => void;

/** The fields of a `context-request` / `context-provider` event. */
export interface ContextEvent extends Event {
  context?: unknown;
  contextTarget?: Element;
  callback: ContextCallback;
  subscribe?: boolean;
}

/** A `context-request` (with `callback`) or `context-provider` event for the portal context, from `target`. */
export const contextEvent = (target: Element, callback?: ContextCallback): ContextEvent =>
  Object.assign(new Event(callback ? 'context-request' : 'context-provider', { bubbles: true, composed: true }), {
    context: portalContext,
    contextTarget: target,
    callback: callback!,
    subscribe: true,
  });

/** The element an event is about: its `contextTarget`, else where it started. */
export const targetOf = (event: ContextEvent) => event.contextTarget ?? (event.composedPath()[0] as Element);
