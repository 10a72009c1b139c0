import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { ApiError, SessionEndedError } from '../core/api-client.js';
import type { Session } from '../core/api.js';
import { ApiResource, firstFailure } from '../core/api-resource.js';
import { define } from '../core/define.js';
import { formatSize } from '../core/download.js';
import { formatDateTime } from '../core/format.js';
import { errorText, formStyles, renderAlert, renderConfirm } from '../core/forms.js';
import { icon, info, plus } from '../core/icons.js';
import { renderLoading } from '../core/load-states.js';
import { LpElement } from '../core/lp-element.js';
import { coreMessages } from '../core/messages.js';
import { sharedStyles, tableStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import type { AddFundsView } from './add-funds.js';
import { moneyFormat, type MoneyFormat } from './amount.js';
import { AutoRechargeView } from './auto-recharge.js';
import { messages } from './billing-panel.messages.js';
import { styles } from './billing-panel.styles.js';
import type { AutoRecharge, BillingConfig, CardSetup, Payment, PaymentMethod, PaymentMethodList } from './billing-types.js';
import { loadStripe, type ElementsLike, type PaymentElementLike, type StripeLike, type StripeLoader } from './stripe-seam.js';
import { TransactionsView } from './transactions.js';

declare global {
  interface GlobalEventHandlersEventMap {
    /** A deposit was credited to the wallet (DECISIONS D22); e.g. the top bar's balance refetches. */
    'lp-funds-added': CustomEvent<{ payment_id: string; amount_cents: number }>;
  }
}

/** Roles that may change billing (server/auth/roles.ts `billing.write`). */
const WRITERS = new Set(['admin', 'billing']);

type CardPhase = 'loading' | 'ready' | 'saving';

/**
 * @summary The customer's billing: payment methods, add funds, auto-recharge and the transaction history.
 *
 * Cards are added through Stripe's Payment Element (card details go to Stripe, never to this portal), set as
 * default, or removed after a confirmation. Adding funds shows the provider's fee before confirming (the card
 * pays amount + fee; the wallet receives the amount: D13), handles 3-D Secure, and follows the payment until
 * Stripe's confirmation credits the wallet. Auto-recharge settings are checked as the server checks them. The
 * transactions table filters by type and dates, loads more on demand and exports CSV. Admins and billing users
 * change billing; other roles see it read-only. Without the provider's Stripe keys, the panel says card payments
 * are not set up and still shows the transactions.
 *
 * Stripe.js loads lazily, on the first card action, and its Payment Element is mounted into a light-DOM child
 * of this element (slot `card-element`), since Stripe Elements cannot live inside a shadow root.
 *
 * @attr token - Bearer token, when placed alone (see `<lp-portal>`).
 * @attr api-base - Origin of the Lead Portal API, when placed alone.
 * @attr customer-id - External id of the customer, when placed alone.
 * @attr locale - BCP 47 locale for numbers and dates.
 * @attr currency - ISO 4217 currency of amounts; defaults to the provider's.
 * @attr lead-href - Link of a lead's page, with `{id}` for the lead id (e.g. `/app/leads/{id}`); without it, leads show as text.
 *
 * @prop fetchToken - Returns a fresh token, when placed alone.
 * @prop transport - Replaces `fetch` for API calls (recorded fixtures in tests and stories).
 * @prop stripeLoader - Loads Stripe.js for a publishable key; tests and stories pass a local double.
 *
 * @fires lp-funds-added - `{ payment_id, amount_cents }`: a deposit was credited to the wallet.
 * @fires lp-load-error - Billing could not be loaded.
 * @fires lp-session-expired - Placed alone, when its session ended.
 *
 * @slot card-element - Created by the panel: where Stripe's Payment Element is mounted. Leave it alone.
 *
 * @csspart card - Each block: payment methods, add funds, auto-recharge, transactions.
 * @csspart action - The main buttons (add card, add funds, save, export).
 * @csspart table - The table of transactions.
 * @csspart row - A transaction's row.
 * @csspart amount - A transaction's amount.
 *
 * @cssprop --lp-billing-panel-card-border-color - The blocks' border (default: `--lp-sys-color-divider`).
 * @cssprop --lp-billing-panel-header-background - Background of the table header (default: `--lp-sys-color-surface-variant`).
 * @cssprop --lp-billing-panel-debit-color - Amounts taken from the wallet (default: `--lp-sys-color-text`).
 * @cssprop --lp-billing-panel-credit-color - Amounts added to the wallet (default: `--lp-sys-color-success`).
 */
export class LpBillingPanel extends LpElement {
  static override styles = [themeStyles, sharedStyles, tableStyles, formStyles, styles];

  static override properties: PropertyDeclarations = {
    leadHref: { attribute: 'lead-href' },
    stripeLoader: { attribute: false },
    saved: { state: true },
    cardPhase: { state: true },
    cardError: { state: true },
    busyCard: { state: true },
    actionError: { state: true },
    removing: { state: true },
    announcement: { state: true },
    notConfigured: { state: true },
  };

  /** Link of a lead's page, `{id}` standing for the lead id. */
  declare leadHref?: string;

  /** Loads Stripe.js; defaults to Stripe's own loader (the seam in `stripe-seam.ts`). */
  declare stripeLoader: StripeLoader;

  /** Replies of this panel's own writes, for the portal revision they were made in (a switch drops them). */
  private declare saved?: { revision: number | undefined; cards?: PaymentMethod[]; autoRecharge?: AutoRecharge };
  private declare cardPhase?: CardPhase;
  private declare cardError: string;
  /** A card with a request in flight. */
  private declare busyCard?: string;
  private declare actionError: string;
  /** The card the remove confirmation is about. */
  private declare removing?: PaymentMethod;
  private declare announcement: string;
  /** A card route answered payments_not_configured although /billing said otherwise (keys removed since). */
  private declare notConfigured: boolean;

  readonly #billing = new ApiResource<BillingConfig>(this, '/billing');
  readonly #session = new ApiResource<Session>(this, '/session');
  readonly #cards = new ApiResource<PaymentMethodList>(this, '/payment-methods');
  /** Loaded only for those who may add funds (D26: viewers never download it). */
  #funds?: AddFundsView;
  #fundsLoading?: Promise<void>;
  readonly #recharge = new AutoRechargeView(this);
  readonly #transactions = new TransactionsView(this, {
    money: (cents) => this.#money(cents),
    dateTime: (iso) => formatDateTime(iso, this.resolvedLocale),
    size: (bytes) => formatSize(bytes, this.resolvedLocale),
    leadHref: (id) => this.leadHref?.replace('{id}', encodeURIComponent(id)),
  });
  #mountNode?: HTMLElement;
  #element?: PaymentElementLike;
  #elements?: ElementsLike;
  #setup?: CardSetup;
  #stripe?: StripeLike;

  constructor() {
    super();
    this.stripeLoader = loadStripe;
    this.cardError = '';
    this.actionError = '';
    this.announcement = '';
    this.notConfigured = false;
  }

  get #mine() {
    return this.saved && this.saved.revision === this.portal?.revision ? this.saved : undefined;
  }

  get #cardList(): PaymentMethod[] {
    return this.#mine?.cards ?? this.#cards.value?.items ?? [];
  }

  get #canWrite(): boolean {
    return WRITERS.has(this.#session.value?.active_customer.role ?? '');
  }

  get #currency(): string {
    return this.currency || this.#billing.value?.currency || this.portal?.currency || 'USD';
  }

  get #moneyFormat(): MoneyFormat {
    return moneyFormat(this.resolvedLocale, this.#currency);
  }

  #money(cents: number): string {
    return this.formatMoney(cents, this.#currency);
  }

  /** `Visa ending in 4242` */
  #label = (card: PaymentMethod): string => messages.card(messages.brands[card.brand] ?? card.brand, card.last4);

  /** The label, and whether the card is the default (the card pickers' options). */
  #cardName = (card: PaymentMethod): string => (card.is_default ? `${this.#label(card)} (${messages.default.toLowerCase()})` : this.#label(card));

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unmountCard();
  }

  protected override render() {
    const [billing, session, cards] = [this.#billing.value, this.#session.value, this.#cards.value];
    // Cards and the role decide what can be changed: wait for all three (a failure shows with its retry). A reload
    // (e.g. after a deposit) keeps the panel as it is until the new replies arrive.
    const content =
      billing && session && cards
        ? this.#renderPanel(billing, session)
        : (firstFailure([this.#billing, this.#session, this.#cards]) ??
          renderLoading(messages.loading));
    return html`${content}<p class="visually-hidden" role="status">${this.announcement}</p>`;
  }

  #renderPanel(billing: BillingConfig, session: Session): TemplateResult {
    const configured = billing.payments_configured && !this.notConfigured;
    const canWrite = this.#canWrite;
    const provider = session.provider.name;
    const cards = this.#cardList;
    const context = { billing: { ...billing, payments_configured: configured }, cards, money: (c: number) => this.#money(c), moneyFormat: this.#moneyFormat, cardName: this.#cardName };
    return html`
      ${configured
        ? nothing
        : html`<div class="notice tone-warning not-configured" role="note">
            ${icon(info)}
            <span class="notice__text"><strong>${messages.notConfigured}</strong> ${messages.notConfiguredHint(provider)}</span>
          </div>`}
      ${canWrite ? nothing : html`<p class="notice tone-neutral">${icon(info)}<span class="notice__text">${messages.readOnly}</span></p>`}
      ${renderAlert(this.actionError)}
      <div class="grid">
        ${canWrite && configured && this.#loadFunds()
          ? this.#funds!.render({
              ...context,
              loadStripe: this.stripeLoader,
              notConfigured: () => (this.notConfigured = true),
              succeeded: (payment) => this.#fundsAdded(payment),
            })
          : nothing}
        ${this.#renderCards(billing, cards, canWrite && configured, provider)}
        ${this.#recharge.render({
          ...context,
          settings: this.#mine?.autoRecharge ?? billing.auto_recharge,
          canWrite,
          saved: (autoRecharge) => (this.saved = { ...this.#mine, revision: this.portal?.revision, autoRecharge }),
          announce: (text) => (this.announcement = text),
        })}
      </div>
      ${this.#transactions.render()}
      ${canWrite && configured ? this.#renderDialogs() : nothing}
    `;
  }

  /** True once the add-funds part is loaded; starts loading it otherwise. */
  #loadFunds(): boolean {
    this.#fundsLoading ??= import('./add-funds.js').then(({ AddFundsView }) => {
      this.#funds = new AddFundsView(this);
      this.requestUpdate();
    });
    return this.#funds !== undefined;
  }

  #renderCards(billing: BillingConfig, cards: PaymentMethod[], canChange: boolean, provider: string): TemplateResult {
    return html`<section class="card" part="card" aria-labelledby="cards-title">
      <h2 id="cards-title" tabindex="-1">${messages.cardsTitle}</h2>
      ${cards.length
        ? html`<ul class="cards" role="list">
            ${cards.map((card) => this.#renderCard(card, canChange))}
          </ul>`
        : html`<p>${messages.noCards}</p>`}
      ${canChange
        ? billing.can_add_cards
          ? html`<button type="button" class="button" part="action" data-add-card @click=${this.#openCardDialog}>${icon(plus)}${messages.addCard}</button>`
          : html`<p class="muted">${messages.addingDisabled(provider)}</p>`
        : nothing}
    </section>`;
  }

  #renderCard(card: PaymentMethod, canChange: boolean): TemplateResult {
    const name = this.#label(card);
    const expiry = new Intl.DateTimeFormat(this.resolvedLocale, { month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(card.exp_year, card.exp_month - 1, 1));
    const busy = this.busyCard === card.id ? 'true' : nothing;
    return html`<li class="payment-method" data-card=${card.id}>
      <span class="payment-method__name">${name}</span>
      <span class="muted">${messages.expires(expiry)}</span>
      ${card.is_default ? html`<span class="chip tone-success">${messages.default}</span>` : nothing}
      ${canChange
        ? html`<span class="payment-method__actions">
            ${card.is_default
              ? nothing
              : html`<button type="button" class="button small" data-default aria-label=${messages.makeDefaultFor(name)} aria-disabled=${busy} @click=${() => this.#makeDefault(card)}>${messages.makeDefault}</button>`}
            <button type="button" class="button small danger" data-remove aria-label=${messages.removeFor(name)} aria-disabled=${busy} @click=${() => this.#askRemove(card)}>${messages.remove}</button>
          </span>`
        : nothing}
    </li>`;
  }

  #renderDialogs(): TemplateResult {
    const removing = this.removing;
    const name = removing ? this.#label(removing) : '';
    const phase = this.cardPhase;
    return html`<dialog class="card-dialog" aria-labelledby="card-dialog-title" aria-describedby="card-dialog-text" @close=${this.#onCardDialogClose}>
        <h2 id="card-dialog-title">${messages.cardDialogTitle}</h2>
        <p id="card-dialog-text" class="muted">${messages.cardDialogText}</p>
        ${phase === 'loading' ? html`<p role="status">${messages.cardLoading}</p>` : nothing}
        <div class="card-element"><slot name="card-element"></slot></div>
        ${renderAlert(this.cardError)}
        <div class="dialog-actions">
          <button type="button" class="button" @click=${() => this.#cardDialog?.close()}>${coreMessages.cancel}</button>
          <button type="button" class="button primary" data-save-card aria-disabled=${phase === 'ready' ? nothing : 'true'} @click=${this.#saveCard}>
            ${phase === 'saving' ? coreMessages.saving : messages.saveCard}
          </button>
        </div>
      </dialog>
      ${renderConfirm({
        title: messages.removeTitle,
        text: removing ? messages.removeText(name) : nothing,
        action: messages.removeConfirm,
        busy: !!removing && this.busyCard === removing.id,
        busyText: messages.removing,
        onConfirm: this.#remove,
        onClose: () => (this.removing = undefined),
      })}`;
  }

  get #cardDialog() {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog.card-dialog');
  }

  get #confirm() {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog.confirm');
  }

  #focus(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  #setCards(cards: PaymentMethod[]): void {
    this.saved = { ...this.#mine, revision: this.portal?.revision, cards };
  }

  #errorText(error: unknown): string {
    if (!(error instanceof ApiError)) return errorText(error, coreMessages.actionFailed);
    if (error.code === 'payments_not_configured') this.notConfigured = true;
    if (error.code === 'network') return coreMessages.networkFailed;
    // 409 (not configured, adding disabled, archived) and 429 carry a message meant for the user.
    return error.status === 409 || error.status === 429 ? error.message : coreMessages.actionFailed;
  }

  /** Opens the dialog at once, then asks the server for a SetupIntent and mounts Stripe's Payment Element. */
  #openCardDialog = async (): Promise<void> => {
    const client = this.portal?.client;
    if (!client || this.cardPhase) return;
    this.actionError = '';
    this.cardError = '';
    this.cardPhase = 'loading';
    await this.updateComplete;
    this.#cardDialog?.showModal();
    try {
      const setup = await client.post<CardSetup>('/payment-methods/setup-intent');
      const stripe = await this.stripeLoader(setup.publishable_key).catch(() => {
        throw new Error(messages.stripeUnavailable);
      });
      if (!this.cardPhase) return; // closed meanwhile
      this.#setup = setup;
      this.#stripe = stripe;
      this.#mountNode = Object.assign(document.createElement('div'), { slot: 'card-element' });
      this.append(this.#mountNode);
      this.#elements = stripe.elements({ clientSecret: setup.client_secret });
      this.#element = this.#elements.create('payment', { layout: 'tabs' });
      this.#element.on('ready', () => {
        if (this.cardPhase === 'loading') this.cardPhase = 'ready';
      });
      this.#element.mount(this.#mountNode);
    } catch (error) {
      this.cardPhase = undefined;
      this.cardError = error instanceof ApiError || error instanceof SessionEndedError ? this.#errorText(error) : messages.stripeUnavailable;
    }
  };

  #saveCard = async (): Promise<void> => {
    const client = this.portal?.client;
    const [stripe, elements, setup] = [this.#stripe, this.#elements, this.#setup];
    if (!client || !stripe || !elements || !setup || this.cardPhase !== 'ready') return;
    this.cardPhase = 'saving';
    this.cardError = '';
    try {
      const { error } = await stripe.confirmSetup({ elements, redirect: 'if_required', confirmParams: { return_url: window.location.href } });
      if (error) {
        this.cardPhase = 'ready';
        this.cardError = error.message ?? coreMessages.actionFailed;
        return;
      }
      const card = await client.post<PaymentMethod>('/payment-methods', { setup_intent_id: setup.setup_intent_id });
      const others = this.#cardList.filter((c) => c.id !== card.id).map((c) => (card.is_default ? { ...c, is_default: false } : c));
      this.#setCards(card.is_default ? [card, ...others] : [...others, card]);
      this.announcement = messages.cardSaved(this.#label(card));
      this.#cardDialog?.close();
      this.#focus('[data-add-card]');
    } catch (error) {
      this.cardPhase = 'ready';
      this.cardError = this.#errorText(error);
    }
  };

  #onCardDialogClose = (): void => {
    this.cardPhase = undefined;
    this.#unmountCard();
  };

  #unmountCard(): void {
    this.#element?.destroy();
    this.#mountNode?.remove();
    this.#element = this.#elements = this.#mountNode = this.#setup = this.#stripe = undefined;
  }

  async #makeDefault(card: PaymentMethod): Promise<void> {
    const client = this.portal?.client;
    if (!client || this.busyCard) return;
    this.actionError = '';
    this.busyCard = card.id;
    try {
      const saved = await client.post<PaymentMethod>(`/payment-methods/${encodeURIComponent(card.id)}/default`);
      this.#setCards([saved, ...this.#cardList.filter((c) => c.id !== saved.id).map((c) => ({ ...c, is_default: false }))]);
      this.announcement = messages.defaultSaved(this.#label(saved));
      this.#focus(`[data-card="${saved.id}"] [data-remove]`);
    } catch (error) {
      this.actionError = this.#errorText(error);
    } finally {
      this.busyCard = undefined;
    }
  }

  #askRemove(card: PaymentMethod): void {
    this.actionError = '';
    this.removing = card;
    this.#confirm?.showModal();
  }

  #remove = async (): Promise<void> => {
    const client = this.portal?.client;
    const card = this.removing;
    if (!client || !card || this.busyCard) return;
    this.busyCard = card.id;
    try {
      await client.request<void>('DELETE', `/payment-methods/${encodeURIComponent(card.id)}`);
      // As the server does: the newest other card becomes the default when the default goes.
      let rest = this.#cardList.filter((c) => c.id !== card.id);
      const newest = [...rest].sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
      if (card.is_default && newest) rest = rest.map((c) => ({ ...c, is_default: c.id === newest.id }));
      this.#setCards(rest);
      this.announcement = messages.removed(this.#label(card));
    } catch (error) {
      this.actionError = this.#errorText(error);
    } finally {
      this.busyCard = undefined;
      this.#confirm?.close();
      this.#focus('[data-add-card], #cards-title');
    }
  };

  /** D22: tells the page, so e.g. the top bar's balance refetches (a portal reloads every widget, this one too). */
  #fundsAdded(payment: Payment): void {
    this.emit('lp-funds-added', { payment_id: payment.id, amount_cents: payment.amount_cents });
    if (this.standalone) {
      this.#billing.retry();
      this.#transactions.reload();
    }
  }
}

define('lp-billing-panel', LpBillingPanel);

declare global {
  interface HTMLElementTagNameMap {
    'lp-billing-panel': LpBillingPanel;
  }
}
