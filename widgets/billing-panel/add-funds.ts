import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ApiError } from '../core/api-client.js';
import type { PortalContext } from '../core/context.js';
import { errorText, renderFieldError } from '../core/forms.js';
import { alertTriangle, checkCircle, icon, info } from '../core/icons.js';
import { coreMessages } from '../core/messages.js';
import { feeOf, readAmount, type MoneyFormat } from './amount.js';
import { messages } from './billing-panel.messages.js';
import type { BillingConfig, Payment, PaymentMethod } from './billing-types.js';
import type { StripeLoader } from './stripe-seam.js';

/**
 * How long the panel follows a charged payment until Stripe's webhook credits the wallet, before it says the
 * payment is still processing (the wallet is credited all the same). Tests shorten it.
 */
export const depositPolling = { tries: 10, intervalMs: 1500 };

const FINAL = new Set<Payment['status']>(['succeeded', 'failed', 'canceled']);

export interface FundsHost extends ReactiveControllerHost, HTMLElement {
  readonly portal: PortalContext | undefined;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export interface FundsContext {
  billing: BillingConfig;
  cards: PaymentMethod[];
  money(cents: number): string;
  moneyFormat: MoneyFormat;
  cardName(card: PaymentMethod): string;
  loadStripe: StripeLoader;
  /** Card payments turned out not to be configured (409 payments_not_configured). */
  notConfigured(): void;
  succeeded(payment: Payment): void;
}

type Phase = 'idle' | 'charging' | 'authenticating' | 'confirming' | 'succeeded' | 'processing' | 'failed';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Add funds: preset or typed amount, the card, the fee before confirming (D13), then the payment's progress. */
export class AddFundsView {
  #choice: number | 'other' | undefined;
  #other = '';
  #cardId?: string;
  #error = '';
  #phase: Phase = 'idle';
  #result = '';
  /** One Idempotency-Key per attempt: kept when the outcome is unknown (network), so a retry reaches the same payment. */
  #key?: string;

  readonly #host: FundsHost;

  constructor(host: FundsHost) {
    this.#host = host;
  }

  get busy(): boolean {
    return this.#phase === 'charging' || this.#phase === 'authenticating' || this.#phase === 'confirming';
  }

  render(ctx: FundsContext): TemplateResult {
    const { billing, cards } = ctx;
    const choice = this.#choice ?? billing.presets_cents[1] ?? billing.presets_cents[0];
    const cardId = cards.some((c) => c.id === this.#cardId) ? this.#cardId : (cards.find((c) => c.is_default) ?? cards[0])?.id;
    const amount = this.#amount(ctx, choice);
    const hint = messages.amountHint(ctx.money(billing.min_deposit_cents), ctx.money(billing.max_deposit_cents));
    return html`<section class="card" part="card" aria-labelledby="funds-title">
      <h2 id="funds-title">${messages.fundsTitle}</h2>
      ${cards.length === 0
        ? html`<p class="muted">${messages.needCard}</p>`
        : html`<form class="funds" novalidate @submit=${(e: SubmitEvent) => this.#submit(e, ctx)}>
            <fieldset ?disabled=${this.busy}>
              <legend>${messages.amount}</legend>
              <div class="presets">
                ${billing.presets_cents.map(
                  (cents) => html`<label class="button preset">
                    <input type="radio" name="preset" .value=${String(cents)} .checked=${choice === cents} @change=${() => this.#choose(cents)} />
                    ${ctx.money(cents)}
                  </label>`,
                )}
                <label class="button preset">
                  <input type="radio" name="preset" value="other" .checked=${choice === 'other'} @change=${() => this.#choose('other')} />
                  ${messages.otherAmount}
                </label>
              </div>
              ${choice === 'other'
                ? html`<div class="field">
                    <label for="funds-other">${messages.otherAmountLabel(ctx.moneyFormat.symbol || ctx.moneyFormat.currency)}</label>
                    <input id="funds-other" name="other" inputmode="decimal" autocomplete="off" .value=${this.#other}
                      aria-invalid=${this.#error ? 'true' : 'false'} aria-describedby=${this.#error ? 'funds-other-error funds-hint' : 'funds-hint'}
                      @input=${(e: InputEvent) => this.#typed((e.target as HTMLInputElement).value)} />
                    <p id="funds-hint" class="muted">${hint}</p>
                    ${renderFieldError('funds-other', this.#error)}
                  </div>`
                : nothing}
            </fieldset>
            <div class="field">
              <label for="funds-card">${messages.method}</label>
              <select id="funds-card" name="card" ?disabled=${this.busy} @change=${(e: Event) => (this.#cardId = (e.target as HTMLSelectElement).value)}>
                ${cards.map((card) => html`<option value=${card.id} ?selected=${card.id === cardId}>${ctx.cardName(card)}</option>`)}
              </select>
            </div>
            ${amount === null ? nothing : this.#renderSummary(ctx, amount)}
            <button type="submit" class="button primary" part="action" aria-disabled=${this.busy ? 'true' : nothing}>
              ${this.busy ? messages.adding : amount === null ? messages.addFundsPlain : messages.addFunds(ctx.money(amount))}
            </button>
          </form>`}
      ${this.#renderOutcome()}
    </section>`;
  }

  #renderSummary(ctx: FundsContext, amount: number): TemplateResult {
    const fee = feeOf(amount, ctx.billing.deposit_fee_bps);
    const total = ctx.money(amount + fee);
    return html`<p class="summary" id="funds-summary">
      ${messages.summary(total, ctx.money(amount), fee ? ctx.money(fee) : '')}
      <strong>${messages.summaryWallet(ctx.money(amount))}</strong>
    </p>`;
  }

  #renderOutcome(): TemplateResult {
    const tone = this.#phase === 'succeeded' ? 'tone-success' : this.#phase === 'failed' ? 'tone-danger' : 'tone-neutral';
    const shape = this.#phase === 'succeeded' ? checkCircle : this.#phase === 'failed' ? alertTriangle : info;
    // The region exists before it speaks, so screen readers announce each step.
    return html`<div class="outcome" role=${this.#phase === 'failed' ? 'alert' : 'status'} data-phase=${this.#phase}>
      ${this.#result ? html`<p class="notice ${tone}">${icon(shape)}<span class="notice__text">${this.#result}</span></p>` : nothing}
    </div>`;
  }

  /** The amount chosen, or null when the typed one is not (yet) an amount in range. */
  #amount(ctx: FundsContext, choice: number | 'other' | undefined): number | null {
    if (choice === undefined) return null;
    if (choice !== 'other') return choice;
    const read = readAmount(this.#other, ctx.moneyFormat, { min: ctx.billing.min_deposit_cents, max: ctx.billing.max_deposit_cents });
    return read.ok ? read.cents : null;
  }

  #choose(choice: number | 'other'): void {
    this.#choice = choice;
    this.#error = '';
    this.#key = undefined;
    this.#host.requestUpdate();
    if (choice === 'other') void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLInputElement>('#funds-other')?.focus());
  }

  #typed(text: string): void {
    this.#other = text;
    this.#error = '';
    this.#key = undefined;
    this.#host.requestUpdate();
  }

  #set(phase: Phase, result = ''): void {
    this.#phase = phase;
    this.#result = result;
    this.#host.requestUpdate();
  }

  async #submit(event: SubmitEvent, ctx: FundsContext): Promise<void> {
    event.preventDefault();
    const client = this.#host.portal?.client;
    if (!client || this.busy) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const { billing, money } = ctx;
    const choice = this.#choice ?? billing.presets_cents[1] ?? billing.presets_cents[0];
    const read = choice === 'other' ? readAmount(this.#other, ctx.moneyFormat, { min: billing.min_deposit_cents, max: billing.max_deposit_cents }) : undefined;
    if (read && !read.ok) {
      const e = messages.errors;
      this.#error = read.problem === 'range' ? e.range(money(billing.min_deposit_cents), money(billing.max_deposit_cents)) : read.problem === 'tooLarge' ? e.tooLarge : e.amount;
      this.#host.requestUpdate();
      await this.#host.updateComplete;
      this.#host.renderRoot.querySelector<HTMLInputElement>('#funds-other')?.focus();
      return;
    }
    const amount = read ? read.cents : choice;
    if (amount === undefined) return;
    const cardId = String(form.get('card') ?? '');
    this.#key ??= crypto.randomUUID();
    this.#set('charging', messages.adding);
    try {
      let payment = await client.post<Payment>('/deposits', { amount_cents: amount, payment_method_id: cardId }, { headers: { 'Idempotency-Key': this.#key } });
      this.#key = undefined; // the server answered: a new attempt is a new payment
      if (payment.status === 'requires_action' && payment.client_secret) {
        this.#set('authenticating', messages.authenticating);
        const stripe = await ctx.loadStripe(ctx.billing.publishable_key ?? '').catch(() => null);
        if (!stripe) return this.#set('failed', messages.stripeUnavailable);
        const { error } = await stripe.handleNextAction({ clientSecret: payment.client_secret });
        if (error) return this.#declined(error.message);
      }
      if (payment.status === 'failed' || payment.status === 'canceled') return this.#declined(payment.failure_message);
      this.#set('confirming', messages.confirming);
      payment = await this.#follow(payment);
      if (payment.status === 'succeeded') {
        this.#set('succeeded', messages.fundsAdded(ctx.money(payment.amount_cents)));
        ctx.succeeded(payment);
      } else if (payment.status === 'failed' || payment.status === 'canceled') {
        this.#declined(payment.failure_message);
      } else {
        this.#set('processing', messages.processing(ctx.money(payment.amount_cents)));
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === 'payments_not_configured') ctx.notConfigured();
      if (error instanceof ApiError && error.status !== 0) this.#key = undefined;
      this.#set('failed', this.#failure(error));
    }
  }

  /** Polls the payment until the webhook has credited it (or it failed), a bounded number of times. */
  /** The card was declined (or authentication failed): Stripe's reason when it gives one. */
  #declined(reason?: string | null): void {
    this.#set('failed', reason ? messages.paymentFailed(reason) : messages.paymentFailedPlain);
  }

  async #follow(payment: Payment): Promise<Payment> {
    const client = this.#host.portal?.client;
    for (let i = 0; client && !FINAL.has(payment.status) && i < depositPolling.tries; i++) {
      await wait(depositPolling.intervalMs);
      payment = await client.get<Payment>(`/deposits/${encodeURIComponent(payment.id)}`);
    }
    return payment;
  }

  #failure(error: unknown): string {
    if (!(error instanceof ApiError)) return errorText(error, coreMessages.actionFailed);
    if (error.code === 'network') return coreMessages.networkFailed;
    // 400 (amount out of range), 409 (archived, not configured) and 429 carry a message meant for the user.
    return [400, 409, 429].includes(error.status) ? (error.fields['amount_cents'] ?? error.message) : coreMessages.actionFailed;
  }
}
