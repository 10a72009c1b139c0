import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { ApiClient, type FetchToken, type Transport } from './api-client.js';
import type { PortalContext } from './context.js';
import { emit, type LpEventDetail, type LpEventName } from './events.js';
import { DEFAULT_CURRENCY, defaultLocale } from './format.js';
import { VERSION } from './version.js';

/**
 * What `<lp-portal>` and every widget share: typed events, `locale`/`currency`, and the attributes an API
 * client is built from when the element is its own root (a portal, or a widget placed alone: DECISIONS D4).
 */
export class LpBaseElement extends LitElement {
  /** Compared by `define()` when another copy of the widgets is on the page. */
  static version = VERSION;

  static override properties: PropertyDeclarations = {
    token: {},
    apiBase: { attribute: 'api-base' },
    customerId: { attribute: 'customer-id' },
    locale: {},
    currency: {},
    fetchToken: { attribute: false },
    transport: { attribute: false },
  };

  /** Bearer token (a JWT minted by the provider's backend). Prefer `fetchToken`, which survives expiry. */
  declare token?: string;

  /** Origin of the Lead Portal API, e.g. `https://api.example.com`; defaults to this page's origin. */
  declare apiBase?: string;

  /** External id of the customer to act for; defaults to the first of the token's customers (D4). */
  declare customerId?: string;

  /** BCP 47 locale for numbers and dates; defaults to the portal's, then the page's language. */
  declare locale?: string;

  /** ISO 4217 currency for amounts whose reply names none; defaults to the portal's, then USD. */
  declare currency?: string;

  /** Returns a fresh token; called before the first request, before expiry, and once after a 401. */
  declare fetchToken?: FetchToken;

  /** Replaces `fetch` for API calls, e.g. with recorded fixtures in tests and stories (D28). */
  declare transport?: Transport;

  /** The context built from this element's own attributes; undefined without `token` or `fetchToken`. */
  protected ownContext?: PortalContext;
  #revision = 0;

  /** Dispatches a typed `lp-*` event (bubbles, composed). False when a listener cancelled it. */
  emit<K extends LpEventName>(name: K, detail: LpEventDetail<K>, options?: { cancelable?: boolean }): boolean {
    return emit(this, name, detail, options);
  }

  protected clientSettingsChanged(changed: PropertyValues<this>): boolean {
    return changed.has('token') || changed.has('apiBase') || changed.has('fetchToken') || changed.has('transport');
  }

  protected createClient(): ApiClient | undefined {
    if (!this.token && !this.fetchToken) return undefined;
    return new ApiClient({
      baseUrl: this.apiBase,
      token: this.token,
      fetchToken: this.fetchToken,
      customerId: this.customerId,
      transport: this.transport,
      onSessionEnded: (reason) => this.emit('lp-session-expired', { reason }),
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const previous = this.ownContext;
    let client = previous?.client;
    if (this.clientSettingsChanged(changed)) client = this.createClient();
    else if (changed.has('customerId')) client = client?.withCustomer(this.customerId);
    if (client === previous?.client && !changed.has('locale') && !changed.has('currency')) return;
    this.ownContext = client && {
      client,
      customerId: this.customerId,
      locale: this.locale || defaultLocale(),
      currency: this.currency || DEFAULT_CURRENCY,
      revision: client === previous?.client ? this.#revision : ++this.#revision,
    };
  }
}
