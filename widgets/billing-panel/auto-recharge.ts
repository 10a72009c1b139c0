import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ApiError } from '../core/api-client.js';
import type { PortalContext } from '../core/context.js';
import { errorText, renderAlert, renderFieldError } from '../core/forms.js';
import { alertTriangle, icon } from '../core/icons.js';
import { coreMessages } from '../core/messages.js';
import { feeOf, readAmount, spendText, type MoneyFormat } from './amount.js';
import { messages } from './billing-panel.messages.js';
import type { AutoRecharge, AutoRechargeUpdate, BillingConfig, PaymentMethod } from './billing-types.js';

export interface RechargeHost extends ReactiveControllerHost, HTMLElement {
  readonly portal: PortalContext | undefined;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export interface RechargeContext {
  billing: BillingConfig;
  settings: AutoRecharge;
  cards: PaymentMethod[];
  canWrite: boolean;
  money(cents: number): string;
  moneyFormat: MoneyFormat;
  cardName(card: PaymentMethod): string;
  saved(settings: AutoRecharge): void;
  announce(text: string): void;
}

const MAX_CENTS = Number.MAX_SAFE_INTEGER;

/** Auto-recharge (D11, fee: D13): enabled, threshold, amount, card; checked as the server checks it, then PUT. */
export class AutoRechargeView {
  #errors: Record<string, string> = {};
  #formError = '';
  #saving = false;
  /** The amount as typed, for the live fee note. */
  #amountText?: string;

  readonly #host: RechargeHost;

  constructor(host: RechargeHost) {
    this.#host = host;
  }

  render(ctx: RechargeContext): TemplateResult {
    const { settings } = ctx;
    return html`<section class="card" part="card" aria-labelledby="auto-title">
      <h2 id="auto-title">${messages.autoTitle}</h2>
      <p class="muted">${messages.autoIntro}</p>
      ${settings.consecutive_failures > 0
        ? html`<p class="notice tone-warning">${icon(alertTriangle)}<span class="notice__text">${messages.autoFailures(settings.consecutive_failures, settings.max_failures)}</span></p>`
        : nothing}
      ${ctx.canWrite && ctx.billing.payments_configured ? this.#renderForm(ctx) : this.#renderSummary(ctx)}
    </section>`;
  }

  #renderSummary({ settings, money }: RechargeContext): TemplateResult {
    return html`<p class="auto-summary">
      ${settings.enabled && settings.threshold_cents !== null && settings.amount_cents !== null
        ? messages.autoOn(money(settings.threshold_cents), money(settings.amount_cents))
        : messages.autoOff}
    </p>`;
  }

  #renderForm(ctx: RechargeContext): TemplateResult {
    const { settings, cards, billing, moneyFormat } = ctx;
    const symbol = moneyFormat.symbol || moneyFormat.currency;
    const amountText = this.#amountText ?? (settings.amount_cents === null ? '' : spendText(settings.amount_cents, moneyFormat));
    const amount = readAmount(amountText, moneyFormat, { min: billing.min_deposit_cents, max: billing.max_deposit_cents });
    const field = (name: 'threshold_cents' | 'amount_cents', label: string, value: string, hint?: TemplateResult) => {
      const error = this.#errors[name];
      const describedBy = [error ? `auto-${name}-error` : '', hint ? `auto-${name}-hint` : ''].filter(Boolean).join(' ');
      return html`<div class="field">
        <label for="auto-${name}">${label}</label>
        <input id="auto-${name}" name=${name} inputmode="decimal" autocomplete="off" .value=${value}
          aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy || nothing}
          @input=${(e: InputEvent) => this.#edited(name, (e.target as HTMLInputElement).value)} />
        ${hint ?? nothing}
        ${renderFieldError(`auto-${name}`, error)}
      </div>`;
    };
    const fee = amount.ok ? feeOf(amount.cents, billing.deposit_fee_bps) : null;
    return html`<form class="auto" novalidate aria-labelledby="auto-title" @submit=${(e: SubmitEvent) => this.#save(e, ctx)}>
      <label class="check">
        <input type="checkbox" name="enabled" .checked=${settings.enabled} ?disabled=${!cards.length && !settings.enabled} />
        ${messages.autoEnabled}
      </label>
      ${cards.length ? nothing : html`<p class="muted">${messages.autoNeedsCard}</p>`}
      ${renderFieldError('auto-enabled', this.#errors['enabled'])}
      <div class="auto__fields">
        ${field('threshold_cents', messages.autoThreshold(symbol), settings.threshold_cents === null ? '' : spendText(settings.threshold_cents, moneyFormat))}
        ${field('amount_cents', messages.autoAmount(symbol), amountText,
          html`<p id="auto-amount_cents-hint" class="muted">${messages.amountHint(ctx.money(billing.min_deposit_cents), ctx.money(billing.max_deposit_cents))}</p>`)}
        <div class="field">
          <label for="auto-card">${messages.autoMethod}</label>
          <select id="auto-card" name="payment_method_id" aria-invalid=${this.#errors['payment_method_id'] ? 'true' : 'false'} aria-describedby=${this.#errors['payment_method_id'] ? 'auto-card-error' : nothing}>
            <option value="" ?selected=${settings.payment_method_id === null}>${messages.autoDefaultCard}</option>
            ${cards.map((card) => html`<option value=${card.id} ?selected=${settings.payment_method_id === card.id}>${ctx.cardName(card)}</option>`)}
          </select>
          ${renderFieldError('auto-card', this.#errors['payment_method_id'])}
        </div>
      </div>
      ${amount.ok && fee !== null ? html`<p class="muted" id="auto-fee">${messages.autoFee(ctx.money(amount.cents), ctx.money(fee), ctx.money(amount.cents + fee))}</p>` : nothing}
      ${renderAlert(this.#formError)}
      <button type="submit" class="button primary" part="action" aria-disabled=${this.#saving ? 'true' : nothing}>${this.#saving ? coreMessages.saving : messages.autoSave}</button>
    </form>`;
  }

  #edited(name: string, value: string): void {
    if (name === 'amount_cents') this.#amountText = value;
    if (this.#errors[name]) {
      const { [name]: _, ...rest } = this.#errors;
      this.#errors = rest;
    }
    this.#host.requestUpdate();
  }

  /** The form as the server takes it, or each field's problem (the server's own rules: D11, deposit bounds). */
  #read(form: HTMLFormElement, ctx: RechargeContext): { body: AutoRechargeUpdate } | { errors: Record<string, string> } {
    const data = new FormData(form);
    const errors: Record<string, string> = {};
    const enabled = data.get('enabled') === 'on';
    const { min_deposit_cents: min, max_deposit_cents: max } = ctx.billing;
    const threshold = readAmount(String(data.get('threshold_cents') ?? ''), ctx.moneyFormat, { min: 0, max: MAX_CENTS });
    const amount = readAmount(String(data.get('amount_cents') ?? ''), ctx.moneyFormat, { min, max });
    if (!threshold.ok) errors['threshold_cents'] = threshold.problem === 'tooLarge' ? messages.errors.tooLarge : messages.errors.threshold;
    if (!amount.ok) errors['amount_cents'] = amount.problem === 'tooLarge' ? messages.errors.tooLarge : messages.errors.range(ctx.money(min), ctx.money(max));
    if (enabled && !ctx.cards.length) errors['enabled'] = messages.autoNeedsCard;
    if (!threshold.ok || !amount.ok || Object.keys(errors).length) return { errors };
    const card = String(data.get('payment_method_id') ?? '');
    return { body: { enabled, threshold_cents: threshold.cents, amount_cents: amount.cents, payment_method_id: card || null } };
  }

  async #save(event: SubmitEvent, ctx: RechargeContext): Promise<void> {
    event.preventDefault();
    const client = this.#host.portal?.client;
    const read = this.#read(event.currentTarget as HTMLFormElement, ctx);
    if ('errors' in read) return this.#showErrors(read.errors, messages.errors.fix);
    if (!client || this.#saving) return;
    this.#saving = true;
    this.#errors = {};
    this.#formError = '';
    this.#host.requestUpdate();
    try {
      const saved = await client.request<AutoRecharge>('PUT', '/auto-recharge', read.body);
      this.#amountText = undefined;
      ctx.saved(saved);
      ctx.announce(messages.autoSaved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length) this.#showErrors(error.fields, error.message);
      else this.#formError = errorText(error, messages.autoSaveFailed, true);
    } finally {
      this.#saving = false;
      this.#host.requestUpdate();
    }
  }

  #showErrors(errors: Record<string, string>, summary: string): void {
    this.#errors = errors;
    this.#formError = summary;
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLInputElement>('form.auto [aria-invalid="true"]')?.focus());
  }
}
