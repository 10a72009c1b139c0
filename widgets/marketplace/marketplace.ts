import { html, nothing, type PropertyDeclarations } from 'lit';
import { ApiError, type ApiClient } from '../core/api-client.js';
import type { Session } from '../core/api.js';
import { ApiResource, firstFailure } from '../core/api-resource.js';
import type { components } from '../core/api-types.js';
import { define } from '../core/define.js';
import { errorText, formStyles, renderAlert, renderConfirm } from '../core/forms.js';
import { formatDate, formatDateTime, formatRelativeTime } from '../core/format.js';
import { LiveEvents, type ServerEvent } from '../core/live-events.js';
import { renderLoadError, renderLoading } from '../core/load-states.js';
import { LpElement } from '../core/lp-element.js';
import { coreMessages } from '../core/messages.js';
import { sharedStyles, tableStyles } from '../core/shared-styles.js';
import { initialState, Task } from '../core/task.js';
import { themeStyles } from '../core/theme.js';
import type { LeadTypeList } from '../bids-manager/bid-types.js';
import { usStates } from '../bids-manager/us-states.js';
import { messages } from './marketplace.messages.js';
import { styles } from './marketplace.styles.js';
import type { LpOrderForm, OrderFormSubmit } from './order-form.js';

type Schemas = components['schemas'];
export type Listing = Schemas['MarketplaceListing'];
export type StandingOrder = Schemas['StandingOrder'];

declare global {
  interface GlobalEventHandlersEventMap {
    /** A lead was bought in the marketplace (DECISIONS D22). */
    'lp-purchase': CustomEvent<{ lead_id: string; listing_id: string; price_cents: number }>;
  }
}

/** What the confirmation dialog asks, and what confirming does. */
interface Confirm {
  title: string;
  text: string;
  action: string;
  busyText: string;
  run: (client: ApiClient) => Promise<void>;
}

/** Roles that may buy (server/auth/roles.ts `marketplace.write`). */
const BUYERS = new Set(['admin', 'buyer']);
/** New listings are announced at most this often, counted together (a polite region, not a ticker). */
const ANNOUNCE_MS = 5_000;

/** How many price steps a listing has taken at `t` ms: ⌊(t − listed_at) / interval⌋. */
const stepsAt = (l: Listing, t: number) => Math.floor(Math.max(0, t - Date.parse(l.listed_at)) / (l.interval_seconds * 1000));
/** price(t) = max(floor, first − step × steps) (SPEC "Marketplace"). */
const priceAt = (l: Listing, t: number) => Math.max(l.floor_cents, l.first_price_cents - l.step_cents * stepsAt(l, t));

/**
 * @summary The provider's marketplace: live listings with buy now, and standing buy orders.
 *
 * Listings arrive and leave without a reload: placed alone it follows the event stream itself
 * (`marketplace.listed`, `marketplace.sold`: D22); inside `<lp-portal>` it reloads with the portal's other
 * widgets. Prices fall as the server's terms say and are computed here from the server's clock. Buy now asks for
 * confirmation with the price and sends one idempotency key per purchase attempt, so a retry never buys twice.
 * The "Buy orders" tab creates, replaces and cancels standing orders (lead type, the bids' filters, max price,
 * quantity, optional end). Viewers and the billing role see everything without buy controls.
 *
 * @fires lp-purchase - `{ lead_id, listing_id, price_cents }` after a purchase.
 * @fires lp-navigate - `{ section: 'billing' }` from "Add funds", `{ section: 'leads', item }` from "View lead". Cancelable.
 * @fires lp-load-error - Something could not be loaded.
 * @fires lp-session-expired - Placed alone, when its session ended.
 *
 * @csspart tile - A listing.
 * @csspart price - A listing's current price.
 * @csspart buy - A listing's "Buy now" button.
 * @csspart row - A buy order's row.
 *
 * @cssprop --lp-marketplace-tile-background - Background of a listing (default: `--lp-sys-color-surface`).
 */
export class LpMarketplace extends LpElement {
  static override styles = [themeStyles, sharedStyles, tableStyles, formStyles, styles];

  static override properties: PropertyDeclarations = {
    tab: { state: true },
    leadTypeId: { state: true },
    state: { state: true },
    listings: { state: true },
    announcement: { state: true },
    notice: { state: true },
    failure: { state: true },
    confirming: { state: true },
    busy: { state: true },
  };

  private declare tab: 'listings' | 'orders';
  private declare leadTypeId: string;
  private declare state: string;
  private declare listings?: Listing[];
  private declare announcement?: string;
  private declare notice?: { text: string; lead?: string };
  private declare failure?: { text: string; funds?: boolean };
  private declare confirming?: Confirm;
  private declare busy: boolean;

  readonly #session = new ApiResource<Session>(this, '/session');
  readonly #leadTypes = new ApiResource<LeadTypeList>(this, '/lead-types');
  /** Server time minus this browser's, from the last reply. */
  #skew = 0;
  #enabled = true;
  /** What the shown list came from: a reload of the same list marks what is new. */
  #listedFor?: string;
  /** Ids to animate in after the next render. */
  #fresh = new Set<string>();
  #unannounced = 0;
  #announceTimer?: ReturnType<typeof setTimeout>;
  #tick?: ReturnType<typeof setInterval>;
  /** A purchase attempt's key, kept until it settles, so retrying after a lost reply cannot buy twice. */
  #keys = new Map<string, string>();
  #live?: LiveEvents;
  #liveClient?: ApiClient;

  readonly #list = new Task(this, {
    args: () => [this.portal?.client, this.portal?.revision, this.leadTypeId, this.state] as const,
    task: async ([client, , type, state], { signal }) => {
      if (!client) return initialState;
      const query = new URLSearchParams({ limit: '100', ...(type && { lead_type_id: type }), ...(state && { state }) });
      const reply = await client.get<Schemas['MarketplaceListingList']>(`/marketplace/listings?${query}`, { signal });
      const key = `${client.customerId}|${type}|${state}`;
      const known = this.#listedFor === key ? new Set(this.listings?.map((l) => l.id)) : undefined;
      this.#listedFor = key;
      this.#skew = Date.parse(reply.server_time) - Date.now();
      this.#enabled = reply.enabled;
      if (known) this.#arrived(reply.items.filter((l) => !known.has(l.id)));
      this.listings = reply.items;
      return reply;
    },
    onError: (error) => {
      if (error instanceof ApiError) this.emit('lp-load-error', { error, path: '/marketplace/listings' });
    },
  });

  readonly #orders = new Task(this, {
    args: () => [this.portal?.client, this.portal?.revision, this.tab] as const,
    task: ([client, , tab], { signal }) =>
      client && tab === 'orders' ? client.get<Schemas['StandingOrderList']>('/marketplace/standing-orders?limit=100', { signal }) : initialState,
  });

  constructor() {
    super();
    this.tab = 'listings';
    this.busy = false;
    this.leadTypeId = '';
    this.state = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Prices fall and listings end as time passes.
    this.#tick = setInterval(() => this.requestUpdate(), 15_000);
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#tick);
    clearTimeout(this.#announceTimer);
    this.#announceTimer = undefined;
    this.#live?.stop();
    this.#liveClient = undefined;
  }

  protected override updated(): void {
    // Alone, it follows the event stream itself; a portal's stream reloads it instead.
    const client = this.standalone ? this.portal?.client : undefined;
    if (client !== this.#liveClient) {
      this.#live?.stop();
      this.#liveClient = client;
      this.#live = client && new LiveEvents(client, this.#onEvent);
      this.#live?.start();
    }
    if (this.#fresh.size && !matchMedia('(prefers-reduced-motion: reduce)').matches) {
      for (const id of this.#fresh) this.renderRoot.querySelector(`[data-id="${id}"]`)?.animate({ opacity: [0, 1] }, 400);
    }
    this.#fresh.clear();
  }

  #onEvent = ({ type, data }: ServerEvent): void => {
    if (type === 'resync') void this.#list.run();
    if (!this.listings) return;
    if (type === 'marketplace.listed') {
      const listing = JSON.parse(data) as Listing;
      const wanted = (!this.leadTypeId || listing.lead_type.id === this.leadTypeId) && (!this.state || listing.state === this.state);
      if (!wanted || this.listings.some((l) => l.id === listing.id)) return;
      this.listings = [listing, ...this.listings];
      this.#arrived([listing]);
    }
    if (type === 'marketplace.sold') {
      const sold = JSON.parse(data) as { listing_id: string; sold_count: number; max_sales: number; status: string };
      this.listings = this.listings.flatMap((l) =>
        l.id !== sold.listing_id ? [l] : sold.status === 'open' && sold.sold_count < sold.max_sales ? [{ ...l, sold_count: sold.sold_count }] : [],
      );
    }
  };

  /** Marks listings to animate in, and says how many arrived, at most once per ANNOUNCE_MS. */
  #arrived(listings: Listing[]): void {
    for (const l of listings) this.#fresh.add(l.id);
    this.#unannounced += listings.length;
    if (!this.#unannounced || this.#announceTimer) return;
    this.#announceTimer = setTimeout(() => {
      this.announcement = messages.fresh(this.#unannounced);
      this.#unannounced = 0;
      this.#announceTimer = undefined;
    }, ANNOUNCE_MS);
  }

  get #canBuy(): boolean {
    return BUYERS.has(this.#session.value?.active_customer.role ?? '');
  }

  get #now(): number {
    return Date.now() + this.#skew;
  }

  protected override render() {
    const tabs = ['listings', 'orders'] as const;
    return html`<div role="tablist" @keydown=${this.#onTabKey}>
        ${tabs.map(
          (tab) => html`<button type="button" role="tab" id="tab-${tab}" class="button" aria-selected=${tab === this.tab} tabindex=${tab === this.tab ? 0 : -1} aria-controls="panel"
            @click=${() => this.#show(tab)}>${messages.tabs[tab]}</button>`,
        )}
      </div>
      <div id="panel" role="tabpanel" aria-labelledby="tab-${this.tab}">
        ${this.#session.value && !this.#canBuy ? html`<p class="muted">${messages.readOnly}</p>` : nothing}
        ${renderAlert(
          this.failure &&
            html`${this.failure.text}
            ${this.failure.funds ? html`<button type="button" class="button small" @click=${() => this.emit('lp-navigate', { section: 'billing' }, { cancelable: true })}>${messages.addFunds}</button>` : nothing}`,
        )}
        <p role="status">
          ${this.notice?.text}
          ${this.notice?.lead
            ? html`<button type="button" class="button small" @click=${() => this.emit('lp-navigate', { section: 'leads', item: this.notice!.lead! }, { cancelable: true })}>${messages.viewLead}</button>`
            : nothing}
        </p>
        ${this.tab === 'listings' ? this.#renderListings() : this.#renderOrders()}
      </div>
      <p role="status" class="visually-hidden">${this.announcement}</p>
      ${renderConfirm({ ...this.confirming!, busy: this.busy, onConfirm: this.#confirmed, onClose: () => (this.confirming = undefined) })}
      <lp-order-form .leadTypes=${this.#leadTypes.value?.items ?? []} locale=${this.resolvedLocale} currency=${this.currency || this.portal?.currency || 'USD'} @order-form-submit=${this.#onOrderSubmit}></lp-order-form>`;
  }

  #renderListings() {
    const listings = this.listings;
    if (!listings) {
      return this.#list.render({ initial: () => renderLoading(messages.loading), pending: () => renderLoading(messages.loading), error: (e) => renderLoadError(e, () => void this.#list.run()) });
    }
    const now = this.#now;
    const open = listings.filter((l) => Date.parse(l.expires_at) > now);
    const select = (id: 'leadTypeId' | 'state', label: string, options: string[][]) =>
      html`<label for=${id}>${label}</label>
        <select id=${id} @change=${(e: Event) => (this[id] = (e.target as HTMLSelectElement).value)}>
          <option value="">${messages.any}</option>
          ${options.map(([value, name]) => html`<option value=${value!} ?selected=${value === this[id]}>${name}</option>`)}
        </select>`;
    return html`${firstFailure([this.#session, this.#leadTypes])}
      <div class="filters">
        ${select('leadTypeId', messages.leadType, (this.#leadTypes.value?.items ?? []).map((t) => [t.id, t.name]))}
        ${select('state', messages.state, usStates.map((s) => [s.code, s.name]))}
      </div>
      ${!this.#enabled
        ? html`<p class="empty">${messages.off}</p>`
        : open.length === 0
          ? html`<p class="empty">${messages.empty}</p>`
          : html`<ul class="tiles">
              ${open.map((l) => this.#renderTile(l, now))}
            </ul>`}`;
  }

  #renderTile(l: Listing, now: number) {
    const locale = this.resolvedLocale;
    const price = priceAt(l, now);
    const money = this.formatMoney(price);
    const place = messages.place(l.county?.name, l.state);
    const nextAt = Date.parse(l.listed_at) + (stepsAt(l, now) + 1) * l.interval_seconds * 1000;
    const next = price > l.floor_cents && l.step_cents > 0 && nextAt < Date.parse(l.expires_at) ? nextAt : 0;
    const fields = this.#leadTypes.value?.items.find((t) => t.id === l.lead_type.id)?.fields;
    return html`<li class="tile" part="tile" data-id=${l.id}>
      <h3>${l.lead_type.name}</h3>
      <p>${place}</p>
      <p class="price" part="price">${money}</p>
      <p class="muted">
        ${next ? messages.next(this.formatMoney(priceAt(l, next)), formatDate(new Date(next).toISOString(), locale, { timeStyle: 'short' })) : nothing}
        ${messages.floor(this.formatMoney(l.floor_cents))}
      </p>
      <p class="muted">${messages.age(formatRelativeTime(l.lead_created_at, locale, new Date(now)))} · ${messages.ends(formatRelativeTime(l.expires_at, locale, new Date(now)))}</p>
      ${l.exclusive ? nothing : html`<p class="muted">${messages.shared(l.sold_count, l.max_sales)}</p>`}
      <dl>
        ${Object.entries(l.preview).map(([key, value]) => html`<dt>${fields?.find((f) => f.key === key)?.label ?? key}</dt><dd>${value ?? '—'}</dd>`)}
      </dl>
      ${this.#canBuy
        ? html`<button type="button" class="button primary" part="buy" @click=${() =>
            this.#ask({
              title: messages.confirmTitle,
              text: messages.confirmText(`${l.lead_type.name}, ${place}`, money),
              action: messages.buyFor(money),
              busyText: messages.buying,
              run: (client) => this.#buy(client, l),
            })}>${messages.buy}<span class="visually-hidden">: ${l.lead_type.name}, ${money}</span></button>`
        : nothing}
    </li>`;
  }

  #renderOrders() {
    const text = messages.orders;
    return this.#orders.render<unknown>({
      pending: () => renderLoading(coreMessages.loading),
      error: (e) => renderLoadError(e, () => void this.#orders.run()),
      complete: ({ items }) => html`${this.#canBuy ? html`<button type="button" class="button primary" @click=${() => void this.#openForm()}>${text.create}</button>` : nothing}
        ${items.length === 0
          ? html`<p class="empty">${text.empty}</p>`
          : html`<div class="scroll" tabindex="0" role="region" aria-labelledby="caption">
              <table>
                <caption id="caption">${text.caption}</caption>
                <thead>
                  <tr>
                    ${text.columns.map((c, i) => (i < 5 || this.#canBuy ? html`<th scope="col">${c}</th>` : nothing))}
                  </tr>
                </thead>
                <tbody>
                  ${items.map((o) => this.#renderOrder(o))}
                </tbody>
              </table>
            </div>`}`,
    });
  }

  #renderOrder(o: StandingOrder) {
    const text = messages.orders;
    const name = this.#leadTypes.value?.items.find((t) => t.id === o.lead_type_id)?.name ?? o.lead_type_id;
    const open = o.status === 'open';
    return html`<tr part="row">
      <th scope="row">${name}</th>
      <td>${this.formatMoney(o.max_price_cents)}</td>
      <td><progress max=${o.quantity} value=${o.filled} aria-label=${text.filled(o.filled, o.quantity)}></progress> ${text.filled(o.filled, o.quantity)}</td>
      <td><span class="chip ${open ? 'tone-success' : 'tone-neutral'}">${text.status[o.status]}</span></td>
      <td>${o.expires_at ? formatDateTime(o.expires_at, this.resolvedLocale) : text.never}</td>
      ${this.#canBuy
        ? html`<td>
            ${open
              ? html`<button type="button" class="button small" @click=${() => void this.#openForm(o)}>${text.edit}</button>
                  <button type="button" class="button small danger" @click=${() =>
                    this.#ask({
                      title: text.cancelTitle,
                      text: text.cancelText,
                      action: text.cancel,
                      busyText: text.canceling,
                      run: async (client) => {
                        await client.post(`/marketplace/standing-orders/${encodeURIComponent(o.id)}/cancel`);
                        this.notice = { text: text.canceled };
                        void this.#orders.run();
                      },
                    })}>${text.cancel}</button>`
              : nothing}
          </td>`
        : nothing}
    </tr>`;
  }

  #show(tab: 'listings' | 'orders'): void {
    this.tab = tab;
    this.notice = this.failure = undefined;
  }

  #onTabKey = async (e: KeyboardEvent): Promise<void> => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    this.#show(this.tab === 'listings' ? 'orders' : 'listings');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus();
  };

  #ask(what: Confirm): void {
    this.notice = this.failure = undefined;
    this.confirming = what;
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  #confirmed = async (): Promise<void> => {
    const c = this.confirming;
    const client = this.portal?.client;
    if (!c || !client || this.busy) return;
    this.busy = true;
    try {
      await c.run(client);
    } catch (error) {
      this.failure = { text: errorText(error, coreMessages.actionFailed, true), funds: error instanceof ApiError && error.code === 'insufficient_funds' };
    } finally {
      this.busy = false;
      this.renderRoot.querySelector('dialog')?.close();
    }
  };

  async #buy(client: ApiClient, listing: Listing): Promise<void> {
    const key = this.#keys.get(listing.id) ?? crypto.randomUUID();
    this.#keys.set(listing.id, key);
    const drop = () => (this.listings = this.listings?.filter((l) => l.id !== listing.id));
    try {
      const bought = await client.post<Schemas['MarketplacePurchase']>(`/marketplace/listings/${encodeURIComponent(listing.id)}/buy`, undefined, { headers: { 'Idempotency-Key': key } });
      this.#keys.delete(listing.id);
      drop();
      this.notice = { text: messages.bought(this.formatMoney(bought.price_cents)), lead: bought.lead_id };
      this.emit('lp-purchase', { lead_id: bought.lead_id, listing_id: listing.id, price_cents: bought.price_cents });
    } catch (error) {
      // A refusal is final: a new attempt gets a new key. A lost reply keeps it, so the retry answers the same.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        this.#keys.delete(listing.id);
        if (['sold_out', 'listing_expired', 'already_purchased'].includes(error.code)) drop();
      }
      throw error;
    }
  }

  /** The order form is its own chunk, loaded on first use. */
  async #openForm(order?: StandingOrder): Promise<void> {
    this.notice = this.failure = undefined;
    await import('./order-form.js');
    await this.renderRoot.querySelector<LpOrderForm>('lp-order-form')?.show(order);
  }

  /** A new order; an edit cancels the old one first, so both never buy at once. */
  #onOrderSubmit = async ({ detail, target }: CustomEvent<OrderFormSubmit>): Promise<void> => {
    const form = target as LpOrderForm;
    const client = this.portal?.client;
    if (!client) return;
    try {
      if (detail.replaces) await client.post(`/marketplace/standing-orders/${encodeURIComponent(detail.replaces)}/cancel`);
      await client.post('/marketplace/standing-orders', detail.body);
      form.saved();
      this.notice = { text: messages.orders.saved };
    } catch (error) {
      await form.failed(error);
    }
    void this.#orders.run();
  };
}

define('lp-marketplace', LpMarketplace);

declare global {
  interface HTMLElementTagNameMap {
    'lp-marketplace': LpMarketplace;
  }
}
