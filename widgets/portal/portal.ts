import { ContextProvider } from '@lit/context';
import { css, html, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { ApiClient } from '../core/api-client.js';
import { portalContext } from '../core/context.js';
import { define } from '../core/define.js';
import { LpBaseElement } from '../core/lp-base-element.js';
import { applyAppearance, type Appearance } from '../core/appearance.js';
import { LiveEvents } from '../core/live-events.js';

/** Server events arrive in bursts (a purchase changes the wallet, the leads and the caps at once): one reload each. */
const LIVE_RELOAD_DELAY_MS = 300;

/** Events after which the data every widget shows may have changed (DECISIONS D22). */
const REFRESHING_EVENTS = ['lp-bid-changed', 'lp-limits-changed', 'lp-funds-added', 'lp-return-requested'] as const;

/**
 * @summary Shares one API client, the active customer and the theme with every Lead Portal widget inside it.
 *
 * Widgets inside a portal ignore their own `token`/`api-base`/`customer-id`. When a descendant fires
 * `lp-customer-switched`, the portal switches the active customer and every widget reloads. It follows the
 * server's event stream for the active customer (D22), and every widget reloads when something changed there
 * (a lead bought, the wallet credited, a return decided, a new listing). After `lp-bid-changed`,
 * `lp-limits-changed`, `lp-funds-added` or `lp-return-requested` every widget reloads too, so e.g. the funding
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

  readonly #provider = new ContextProvider(this, { context: portalContext });
  #live?: LiveEvents;
  #liveReload?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    this.addEventListener('lp-customer-switched', (event) => {
      this.customerId = event.detail.customerId;
    });
    // What a bid, a cap or a deposit changes shows in other widgets (balance, funding status, coverage): they all reload.
    for (const name of REFRESHING_EVENTS) this.addEventListener(name, this.#refresh);
  }

  /** A new revision of the same context: data controllers see it change and reload (same client, same token). */
  #refresh = (): void => {
    if (!this.ownContext) return;
    this.ownContext = { ...this.ownContext, revision: this.ownContext.revision + 1 };
    this.#provider.setValue(this.ownContext);
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
    this.#provider.setValue(this.ownContext);
    if (this.ownContext?.client !== client) this.#follow();
  }

  override connectedCallback(): void {
    super.connectedCallback();
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
