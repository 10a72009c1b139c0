import { html, nothing } from 'lit';
import { define } from '../core/define.js';
import { renderAlert } from '../core/forms.js';
import { coreMessages } from '../core/messages.js';
import { amountText, checkFilters, parseAmount, ruleDraft, type FieldErrors, type FilterDraft } from '../bids-manager/bid-draft.js';
import { FilterForm } from '../bids-manager/filter-form.js';
import type { StandingOrder } from './marketplace.js';
import { messages } from './marketplace.messages.js';
import type { components } from '../core/api-types.js';

type NewStandingOrder = components['schemas']['NewStandingOrder'];

const text = messages.form;

interface OrderDraft extends FilterDraft {
  leadTypeId: string;
  max: string;
  quantity: string;
  /** A `datetime-local` value, or empty. */
  expires: string;
}

/** What the form asks `<lp-marketplace>` to send; `replaces` when it edits an open order. */
export interface OrderFormSubmit {
  body: NewStandingOrder;
  replaces?: string;
}

/** `2026-11-27T15:30` in this browser's zone, as a `datetime-local` input holds it. */
const localInput = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/**
 * @summary The standing buy-order form of `<lp-marketplace>`, in a modal dialog: lead type, max price, how many
 * leads, an optional end, and the bids' filters (the same form pieces as `<lp-bid-form>`).
 *
 * @fires order-form-submit - `{ body, replaces? }`: a checked order to create (in place of `replaces`).
 */
export class LpOrderForm extends FilterForm<OrderDraft, NewStandingOrder> {
  #replaces?: string;

  protected override get failText(): string {
    return coreMessages.actionFailed;
  }

  constructor() {
    super();
    this.draft = { leadTypeId: '', max: '', quantity: '1', expires: '', zips: '', radiusZip: '', radiusMiles: '', rules: [] };
  }

  /** Opens the form for a new order, or to replace `order` (the leads it still has to buy). */
  async show(order?: StandingOrder): Promise<void> {
    this.#replaces = order?.id;
    const f = order?.filters;
    await this.showDraft(
      {
        leadTypeId: order?.lead_type_id ?? this.leadTypes[0]?.id ?? '',
        max: order ? amountText(order.max_price_cents, this.format) : '',
        quantity: String(order ? order.quantity - order.filled : 1),
        expires: order?.expires_at ? localInput(order.expires_at) : '',
        zips: f?.zips.join(', ') ?? '',
        radiusZip: f?.radius?.zip ?? '',
        radiusMiles: f?.radius ? String(f.radius.miles) : '',
        rules: f?.rules.map(ruleDraft) ?? [],
      },
      'lead_type_id',
    );
  }

  protected override check() {
    const d = this.draft;
    const errors: FieldErrors = {};
    const filters = checkFilters(d, this.leadType, errors);
    const max = parseAmount(d.max, this.format);
    if (!max) errors['max_price_cents'] = text.badMax;
    const quantity = Number(d.quantity);
    if (!/^\d+$/.test(d.quantity.trim()) || quantity < 1 || quantity > 10_000) errors['quantity'] = text.badQuantity;
    const expires = d.expires ? new Date(d.expires) : null;
    if (expires && !(expires.getTime() > Date.now())) errors['expires_at'] = text.badExpiry;
    return { errors, body: { lead_type_id: d.leadTypeId, filters, max_price_cents: max ?? 0, quantity, expires_at: expires?.toISOString() ?? null } };
  }

  protected override submit(body: NewStandingOrder): void {
    this.dispatchEvent(new CustomEvent('order-form-submit', { detail: { body, replaces: this.#replaces } }));
  }

  protected override render() {
    const d = this.draft;
    const field = (id: string, key: keyof OrderDraft, label: string, type = 'text') => html`<div class="field">
      <label for=${id}>${label}</label>
      <input id=${id} type=${type} inputmode=${type === 'text' ? 'decimal' : nothing} autocomplete="off" .value=${d[key] as string} @input=${this.text(key)} ${this.invalid(id)} />
      ${this.error(id)}
    </div>`;
    return html`<dialog aria-labelledby="title">
      <form novalidate @submit=${this.onSubmit}>
        <h2 id="title">${this.#replaces ? text.editTitle : text.createTitle}</h2>
        ${this.#replaces ? html`<p class="hint">${text.editHint}</p>` : nothing}
        ${renderAlert(this.formError)}
        <div class="row">
          <div class="field">
            <label for="lead_type_id">${messages.leadType}</label>
            <select id="lead_type_id" @change=${(e: Event) => this.set({ leadTypeId: (e.target as HTMLSelectElement).value, rules: [] })} ${this.invalid('lead_type_id')}>
              ${this.leadTypes.map((t) => html`<option value=${t.id} ?selected=${t.id === d.leadTypeId}>${t.name}</option>`)}
            </select>
            ${this.error('lead_type_id')}
          </div>
          ${field('max_price_cents', 'max', `${text.max} (${this.currency})`)}
        </div>
        <div class="row">${field('quantity', 'quantity', text.quantity, 'number')} ${field('expires_at', 'expires', text.expires, 'datetime-local')}</div>
        ${this.renderFilters()}
        ${this.renderActions(text.save)}
      </form>
    </dialog>`;
  }
}

define('lp-order-form', LpOrderForm);

declare global {
  interface HTMLElementTagNameMap {
    'lp-order-form': LpOrderForm;
  }
}
