import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { define } from '../core/define.js';
import { renderAlert } from '../core/forms.js';
import { formatMoney } from '../core/format.js';
import { close, icon, plus } from '../core/icons.js';
import { checkDraft, draftFromBid, emptyDraft, WEEKDAYS, type BidDraft } from './bid-draft.js';
import type { Bid, LeadTypeOption, NewBid, ScopeKind } from './bid-types.js';
import { messages } from './bids-manager.messages.js';
import { FilterForm, idOf } from './filter-form.js';
import { usStates } from './us-states.js';

const text = messages.form;

/** What the form asks its manager to send; `bidId` for an edit, `idempotencyKey` for a create. */
export interface BidFormSubmit {
  body: NewBid;
  bidId?: string;
  idempotencyKey?: string;
}

/**
 * @summary The create/edit form of `<lp-bids-manager>`, in a modal dialog.
 *
 * Checks what the user typed as the server would (amount within the lead type's pricing, scope, ZIPs, field
 * rules, schedule) and fires `bid-form-submit` with the request body; the manager sends it and reports the
 * outcome with `saved()` or `failed(error)`, whose 400 `fields` land beside the inputs they name.
 *
 * @fires bid-form-submit - `{ body, bidId?, idempotencyKey? }`: a checked bid to create or change.
 */
export class LpBidForm extends FilterForm<BidDraft, NewBid> {
  static override properties: PropertyDeclarations = {
    ...FilterForm.properties,
    timezone: {},
    editing: { state: true },
  };

  /** The customer's IANA time zone: the default of a new schedule. */
  declare timezone: string;

  private declare editing?: Bid;

  /** One key per bid being created, reused when a failed submission is retried. */
  #idempotencyKey?: string;

  constructor() {
    super();
    this.timezone = 'UTC';
    this.draft = emptyDraft(undefined, this.timezone, this.format);
  }

  /** Opens the form for a new bid, or to edit `bid`. */
  async show(bid?: Bid): Promise<void> {
    this.editing = bid;
    this.#idempotencyKey = bid ? undefined : crypto.randomUUID();
    await this.showDraft(bid ? draftFromBid(bid, this.timezone, this.format) : emptyDraft(this.leadTypes[0], this.timezone, this.format), 'name');
  }

  protected override check() {
    return checkDraft(this.draft, this.leadTypes, this.format);
  }

  protected override submit(body: NewBid): void {
    const detail: BidFormSubmit = this.editing ? { body, bidId: this.editing.id } : { body, idempotencyKey: this.#idempotencyKey };
    this.dispatchEvent(new CustomEvent('bid-form-submit', { detail }));
  }

  protected override render() {
    const { draft } = this;
    const leadType = this.leadType;
    return html`<dialog aria-labelledby="title" @close=${this.#onClose}>
      <form novalidate @submit=${this.onSubmit}>
        <h2 id="title">${this.editing ? text.editTitle : messages.create}</h2>
        ${renderAlert(this.formError)}
        <div class="field">
          <label for="name">${messages.columns.name}</label>
          <input id="name" maxlength="200" autocomplete="off" .value=${draft.name} @input=${this.text('name')} ${this.invalid('name')} />
          ${this.error('name')}
        </div>
        <div class="row">
          <div class="field">
            <label for="lead_type_id">${messages.columns.leadType}</label>
            <select id="lead_type_id" @change=${this.#onLeadType} ${this.invalid('lead_type_id')}>
              ${this.leadTypes.map((type) => html`<option value=${type.id} ?selected=${type.id === draft.leadTypeId}>${type.name}</option>`)}
            </select>
            ${this.error('lead_type_id')}
          </div>
          <div class="field">
            <label for="amount_cents">${messages.columns.amount} (${this.currency})</label>
            <input id="amount_cents" inputmode="decimal" autocomplete="off" .value=${draft.amount} @input=${this.text('amount')}
              ${this.invalid('amount_cents', leadType ? 'amount-hint' : '')} />
            ${leadType ? html`<p id="amount-hint" class="hint">${this.#pricing(leadType)}</p>` : nothing}
            ${this.error('amount_cents')}
          </div>
        </div>
        ${this.#renderScope()} ${this.renderFilters()} ${this.#renderSchedule()}
        <p class="hint">${text.capsHint}</p>
        ${this.renderActions(text.save)}
      </form>
    </dialog>`;
  }

  #pricing(type: LeadTypeOption): string {
    const money = (cents: number | null) => formatMoney(cents ?? 0, this.currency, this.locale);
    return type.pricing === 'fixed' ? text.fixedPrice(money(type.price_cents)) : text.range(money(type.min_cents), money(type.max_cents), money(type.step_cents));
  }

  #renderScope(): TemplateResult {
    const { scopeKind, state, county } = this.draft;
    return html`<fieldset>
      <legend>${text.scope}</legend>
      <div class="choices">
        ${(['nationwide', 'state', 'county'] as const).map(
          (kind) => html`<label class="choice">
            <input type="radio" name="scope" .checked=${scopeKind === kind} @change=${() => this.set({ scopeKind: kind as ScopeKind })} />
            ${text.scopeKinds[kind]}
          </label>`,
        )}
      </div>
      ${scopeKind === 'nationwide'
        ? nothing
        : html`<div class="row">
            <div class="field">
              <label for="scope-state">${text.state}</label>
              <select id="scope-state" @change=${(e: Event) => this.set({ state: (e.target as HTMLSelectElement).value })} ${this.invalid('scope.state')}>
                <option value="" ?selected=${!state}>${text.chooseState}</option>
                ${usStates.map((s) => html`<option value=${s.code} ?selected=${s.code === state}>${s.name}</option>`)}
              </select>
              ${this.error('scope.state')}
            </div>
            ${scopeKind === 'county'
              ? html`<div class="field">
                  <label for="scope-county_fips">${text.county}</label>
                  <input id="scope-county_fips" inputmode="numeric" maxlength="5" autocomplete="off" .value=${county} @input=${this.text('county')}
                    ${this.invalid('scope.county_fips', 'county-hint')} />
                  <p id="county-hint" class="hint">${text.countyHint}</p>
                  ${this.error('scope.county_fips')}
                </div>`
              : nothing}
          </div>`}
    </fieldset>`;
  }

  #renderSchedule(): TemplateResult {
    const { scheduled, timezone, weekdays, hours } = this.draft;
    const zones = Intl.supportedValuesOf('timeZone');
    if (!zones.includes(timezone)) zones.unshift(timezone);
    const dayName = new Intl.DateTimeFormat(this.locale, { weekday: 'long', timeZone: 'UTC' });
    return html`<fieldset>
      <legend>${text.schedule}</legend>
      <div class="choices">
        <label class="choice"><input type="radio" name="scheduled" .checked=${!scheduled} @change=${() => this.set({ scheduled: false })} />${text.always}</label>
        <label class="choice"><input type="radio" name="scheduled" .checked=${scheduled} @change=${() => this.set({ scheduled: true })} />${text.scheduled}</label>
      </div>
      ${scheduled
        ? html`<div class="field">
              <label for="schedule-timezone">${text.timezone}</label>
              <select id="schedule-timezone" @change=${(e: Event) => this.set({ timezone: (e.target as HTMLSelectElement).value })} ${this.invalid('schedule.timezone')}>
                ${zones.map((zone) => html`<option ?selected=${zone === timezone}>${zone}</option>`)}
              </select>
              ${this.error('schedule.timezone')}
            </div>
            <fieldset id="schedule-weekdays" tabindex="-1" ${this.invalid('schedule.weekdays')}>
              <legend>${text.weekdays}</legend>
              <div class="choices">
                ${WEEKDAYS.map(
                  (day, i) => html`<label class="choice">
                    <input type="checkbox" .checked=${weekdays.includes(day)}
                      @change=${(e: Event) => this.set({ weekdays: (e.target as HTMLInputElement).checked ? [...weekdays, day] : weekdays.filter((d) => d !== day) })} />
                    ${dayName.format(Date.UTC(2024, 0, 1 + i))}
                  </label>`,
                )}
              </div>
              ${this.error('schedule.weekdays')}
            </fieldset>
            <fieldset id="schedule-hours" tabindex="-1" ${this.invalid('schedule.hours', 'hours-hint')}>
              <legend>${text.hours}</legend>
              ${hours.map((range, i) => this.#renderHours(range, i))}
              <p id="hours-hint" class="hint">${text.hoursHint}</p>
              ${this.error('schedule.hours')}
              <button type="button" class="button" @click=${() => this.set({ hours: [...hours, { start: '08:00', end: '18:00' }] })}>${icon(plus)}${text.addHours}</button>
            </fieldset>`
        : nothing}
    </fieldset>`;
  }

  #renderHours(range: { start: string; end: string }, i: number): TemplateResult {
    const at = `schedule.hours.${i}`;
    const update = (key: 'start' | 'end') => (e: Event) =>
      this.set({ hours: this.draft.hours.map((r, j) => (j === i ? { ...r, [key]: (e.target as HTMLInputElement).value } : r)) });
    return html`<div class="hours" role="group" aria-label=${text.hoursRange(i + 1)}>
      <div class="field">
        <label for=${idOf(`${at}.start`)}>${text.from}</label>
        <input type="time" id=${idOf(`${at}.start`)} .value=${range.start} @input=${update('start')} ${this.invalid(`${at}.start`)} />
        ${this.error(`${at}.start`)}
      </div>
      <div class="field">
        <label for=${idOf(`${at}.end`)}>${text.to}</label>
        <input type="time" id=${idOf(`${at}.end`)} .value=${range.end} @input=${update('end')} ${this.invalid(`${at}.end`)} />
        ${this.error(`${at}.end`)}
      </div>
      ${this.draft.hours.length > 1
        ? html`<button type="button" class="button remove" @click=${() => this.set({ hours: this.draft.hours.filter((_, j) => j !== i) })}>
            ${icon(close)}<span class="visually-hidden">${text.removeHours(i + 1)}</span>
          </button>`
        : nothing}
    </div>`;
  }

  #onLeadType = (e: Event): void => {
    const leadType = this.leadTypes.find((type) => type.id === (e.target as HTMLSelectElement).value);
    const suggested = emptyDraft(leadType, this.timezone, this.format);
    this.set({ leadTypeId: leadType?.id ?? '', amount: this.draft.amount || suggested.amount });
  };

  #onClose = (): void => {
    this.submitting = false;
    this.editing = undefined;
    this.#idempotencyKey = undefined;
  };
}

define('lp-bid-form', LpBidForm);

declare global {
  interface HTMLElementTagNameMap {
    'lp-bid-form': LpBidForm;
  }
}
