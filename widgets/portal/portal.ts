import { css, html, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { ApiClient } from '../core/api-client.js';
import { contextEvent, portalContext, targetOf, type ContextCallback, type ContextEvent, type PortalContext } from '../core/context.js';
import { define } from '../core/define.js';
import { LpBaseElement } from '../core/lp-base-element.js';
import { applyAppearance, type Appearance } from '../core/appearance.js';
import { LiveEvents } from '../core/live-events.js';

/** Server events arrive in bursts (a purchase changes the wallet, the leads and the caps at once): one reload each. */
const LIVE_RELOAD_DELAY_MS = 300;

/** Events after which the data every widget shows may have changed (DECISIONS D22). */
const REFRESHING_EVENTS = ['lp-bid-changed', 'lp-limits-changed', 'lp-funds-added', 'lp-return-requested', 'lp-purchase'] as const;

/**
 * @summary Shares one API client, the active customer and the theme with every Lead Portal widget inside it.
 *
 * Widgets inside a portal ignore their own `token`/`api-base`/`customer-id`. When a descendant fires
 * `lp-customer-switched`, the portal switches the active customer and every widget reloads. It follows the
 * server's event stream for the active customer (D22), and every widget reloads when something changed there
 * (a lead bought, the wallet credited, a return decided, a new listing). After `lp-bid-changed`,
 * `lp-limits-changed`, `lp-funds-added`, `lp-return-requested` or `lp-purchase` every widget reloads too, so e.g. the funding
 * status and the return rate follow.
 *
 * @slot - The widgets, and any other content of the page.
 * @fires lp-session-expired - The token could not be renewed, or a renewed token was refused (D23).
 */
export class LpPortal extends LpBaseElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  static override properties: PropertyDeclarations = {
    appearance: { attribute: false },
    client: { attribute: false },
  };

  /** Theme settings (`colorPrimary`, `borderRadius`, …), set 1:1 as `--lp-sys-*` on this element. */
  declare appearance?: Appearance;

  /** A client to share instead of building one from the token attributes (the /app shell passes its own). */
  declare client?: ApiClient;

  /** The context the widgets inside were given, and those that follow it, each with its way to stop. */
  #provided?: PortalContext;
  readonly #subscribers = new Map<ContextCallback, { host: Element; unsubscribe: () => void }>();
  #live?: LiveEvents;
  #liveReload?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    this.addEventListener('lp-customer-switched', (event) => {
      this.customerId = event.detail.customerId;
    });
    // What a bid, a cap or a deposit changes shows in other widgets (balance, funding status, coverage): they all reload.
    for (const name of REFRESHING_EVENTS) this.addEventListener(name, this.#refresh);
    // The context protocol (see core/context.ts): answer the widgets inside, and keep those that subscribe.
    this.addEventListener('context-request', (event: Event) => {
      const request = event as ContextEvent;
      const host = targetOf(request);
      if (request.context !== portalContext || host === this) return;
      event.stopPropagation();
      const { callback } = request;
      let subscriber = this.#subscribers.get(callback);
      if (request.subscribe && !subscriber) this.#subscribers.set(callback, (subscriber = { host, unsubscribe: () => this.#subscribers.delete(callback) }));
      callback(this.#provided, subscriber?.unsubscribe);
    });
    // A portal connected inside this one: the widgets that asked here ask again, so the nearer portal answers.
    this.addEventListener('context-provider', (event: Event) => {
      if ((event as ContextEvent).context !== portalContext || targetOf(event as ContextEvent) === this) return;
      event.stopPropagation();
      for (const [callback, { host }] of this.#subscribers) host.dispatchEvent(contextEvent(host, callback));
    });
  }

  #provide(context: PortalContext | undefined): void {
    if (context === this.#provided) return;
    this.#provided = context;
    for (const [callback, { unsubscribe }] of this.#subscribers) callback(context, unsubscribe);
  }

  /** A new revision of the same context: data controllers see it change and reload (same client, same token). */
  #refresh = (): void => {
    if (!this.ownContext) return;
    this.ownContext = { ...this.ownContext, revision: this.ownContext.revision + 1 };
    this.#provide(this.ownContext);
  };

  protected override clientSettingsChanged(changed: PropertyValues<this>): boolean {
    return super.clientSettingsChanged(changed) || changed.has('client');
  }

  protected override createClient(): ApiClient | undefined {
    return this.client?.withCustomer(this.customerId) ?? super.createClient();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const client = this.ownContext?.client;
    super.willUpdate(changed);
    if (changed.has('appearance')) applyAppearance(this, this.appearance);
    this.#provide(this.ownContext);
    if (this.ownContext?.client !== client) this.#follow();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Widgets that asked before this portal was here (the context root keeps them) ask again.
    this.dispatchEvent(contextEvent(this));
    if (this.ownContext) this.#follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#live?.stop();
    clearTimeout(this.#liveReload);
  }

  /** One stream per portal, for the active customer: a new client (token source or customer) opens a new one. */
  #follow(): void {
    this.#live?.stop();
    const client = this.ownContext?.client;
    this.#live = client && new LiveEvents(client, () => {
      clearTimeout(this.#liveReload);
      this.#liveReload = setTimeout(this.#refresh, LIVE_RELOAD_DELAY_MS);
    });
    this.#live?.start();
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

define('lp-portal', LpPortal);

declare global {
  interface HTMLElementTagNameMap {
    'lp-portal': LpPortal;
  }
}
