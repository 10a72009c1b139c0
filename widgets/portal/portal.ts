import { ContextProvider } from '@lit/context';
import { css, html, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { ApiClient } from '../core/api-client.js';
import { portalContext } from '../core/context.js';
import { define } from '../core/define.js';
import { LpBaseElement } from '../core/lp-base-element.js';
import { applyAppearance, type Appearance } from '../core/appearance.js';

/** Events after which the data every widget shows may have changed (DECISIONS D22). */
const REFRESHING_EVENTS = ['lp-bid-changed', 'lp-limits-changed', 'lp-funds-added', 'lp-return-requested'] as const;

/**
 * @summary Shares one API client, the active customer and the theme with every Lead Portal widget inside it.
 *
 * Widgets inside a portal ignore their own `token`/`api-base`/`customer-id`. When a descendant fires
 * `lp-customer-switched`, the portal switches the active customer and every widget reloads. After
 * `lp-bid-changed`, `lp-limits-changed`, `lp-funds-added` or `lp-return-requested` every widget reloads too, so e.g. the funding
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
    super.willUpdate(changed);
    if (changed.has('appearance')) applyAppearance(this, this.appearance);
    this.#provider.setValue(this.ownContext);
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
