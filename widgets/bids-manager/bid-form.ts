import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { ApiError } from '../core/api-client.js';
import { define } from '../core/define.js';
import { errorText, renderAlert, renderFieldError } from '../core/feedback.js';
import { formatMoney } from '../core/format.js';
import { close, icon, plus } from '../core/icons.js';
import { formStyles } from '../core/form-styles.js';
import { sharedStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import { coreMessages } from '../core/messages.js';
import {
  checkDraft,
  draftFromBid,
  emptyDraft,
  emptyRule,
  WEEKDAYS,
  type BidDraft,
  type FieldErrors,
  type MoneyFormat,
  type RuleDraft,
} from './bid-draft.js';
import { styles } from './bid-form.styles.js';
import { fieldState } from './field-state.js';
import type { Bid, LeadField, LeadTypeOption, NewBid, RuleOp, ScopeKind } from './bid-types.js';
import { messages } from './bids-manager.messages.js';
import { usStates } from './us-states.js';

const text = messages.form;

/** What the form asks its manager to send; `bidId` for an edit, `idempotencyKey` for a create. */
export interface BidFormSubmit {
  body: NewBid;
  bidId?: string;
  idempotencyKey?: string;
}

const opsFor = (field: LeadField | undefined): RuleOp[] =>
  field?.type === 'number' ? ['eq', 'in', 'range', 'exists'] : field?.type === 'boolean' ? ['eq', 'exists'] : ['eq', 'in', 'exists'];

/** `filters.rules.0.value` -> `filters-rules-0-value`: an id for the input a server field path names. */
const idOf = (path: string) => path.replace(/\./g, '-');

/**
 * @summary The create/edit form of `<lp-bids-manager>`, in a modal dialog.
 *
 * Checks what the user typed as the server would (amount within the lead type's pricing, scope, ZIPs, field
 * rules, schedule) and fires `bid-form-submit` with the request body; the manager sends it and reports the
 * outcome with `saved()` or `failed(error)`, whose 400 `fields` land beside the inputs they name.
 *
 * @fires bid-form-submit - `{ body, bidId?, idempotencyKey? }`: a checked bid to create or change.
 */
export class LpBidForm extends LitElement {
  static override styles = [themeStyles, sharedStyles, formStyles, styles];

  static override properties: PropertyDeclarations = {
    leadTypes: { attribute: false },
    timezone: {},
    locale: {},
    currency: {},
    draft: { state: true },
    errors: { state: true },
    formError: { state: true },
    submitting: { state: true },
    editing: { state: true },
  };

  declare leadTypes: readonly LeadTypeOption[];
  /** The customer's IANA time zone: the default of a new schedule. */
  declare timezone: string;
  declare locale: string;
  declare currency: string;

  private declare draft: BidDraft;
  private declare errors: FieldErrors;
  private declare formError: string;
  private declare submitting: boolean;
  private declare editing?: Bid;

  /** Set once the user tried to save: from then on, each change is checked at once. */
  #checked = false;
  /** One key per bid being created, reused when a failed submission is retried. */
  #idempotencyKey?: string;

  constructor() {
    super();
    this.leadTypes = [];
    this.timezone = 'UTC';
    this.locale = 'en-US';
    this.currency = 'USD';
    this.errors = {};
    this.formError = '';
    this.submitting = false;
    this.draft = emptyDraft(undefined, this.timezone, this.#format);
  }

  get #format(): MoneyFormat {
    return { locale: this.locale, currency: this.currency };
  }

  get #dialog() {
    return this.renderRoot.querySelector('dialog');
  }

  get open(): boolean {
    return this.#dialog?.open ?? false;
  }

  /** Opens the form for a new bid, or to edit `bid`. */
  async show(bid?: Bid): Promise<void> {
    this.editing = bid;
    this.draft = bid ? draftFromBid(bid, this.timezone, this.#format) : emptyDraft(this.leadTypes[0], this.timezone, this.#format);
    this.errors = {};
    this.formError = '';
    this.#checked = false;
    this.#idempotencyKey = bid ? undefined : crypto.randomUUID();
    await this.updateComplete;
    this.#dialog?.showModal();
    this.renderRoot.querySelector<HTMLInputElement>('#name')?.focus();
  }

  /** The manager saved the bid: close. */
  saved(): void {
    this.submitting = false;
    this.#dialog?.close();
  }

  /** The manager could not save: show the server's field errors beside their inputs, or why. */
  async failed(error: unknown): Promise<void> {
    this.submitting = false;
    if (error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length > 0) {
      await this.#showErrors(error.fields, true);
    } else if (error instanceof ApiError && error.status === 409) {
      this.formError = error.message; // bidding_disabled / bidding_locked say what to do
    } else {
      this.formError = errorText(error, error instanceof ApiError && error.status === 400 ? error.message : text.failed);
    }
  }

  protected override render() {
    const { draft } = this;
    const leadType = this.leadTypes.find((type) => type.id === draft.leadTypeId);
    return html`<dialog aria-labelledby="title" @close=${this.#onClose}>
      <form novalidate @submit=${this.#onSubmit}>
        <h2 id="title">${this.editing ? text.editTitle : text.createTitle}</h2>
        ${renderAlert(this.formError)}
        <div class="field">
          <label for="name">${text.name}</label>
          <input id="name" maxlength="200" autocomplete="off" .value=${draft.name} @input=${this.#text('name')} ${this.#invalid('name')} />
          ${this.#error('name')}
        </div>
        <div class="row">
          <div class="field">
            <label for="lead_type_id">${text.leadType}</label>
            <select id="lead_type_id" @change=${this.#onLeadType} ${this.#invalid('lead_type_id')}>
              ${this.leadTypes.map((type) => html`<option value=${type.id} ?selected=${type.id === draft.leadTypeId}>${type.name}</option>`)}
            </select>
            ${this.#error('lead_type_id')}
          </div>
          <div class="field">
            <label for="amount_cents">${text.amount} (${this.currency})</label>
            <input id="amount_cents" inputmode="decimal" autocomplete="off" .value=${draft.amount} @input=${this.#text('amount')}
              ${this.#invalid('amount_cents', leadType ? 'amount-hint' : '')} />
            ${leadType ? html`<p id="amount-hint" class="hint">${this.#pricing(leadType)}</p>` : nothing}
            ${this.#error('amount_cents')}
          </div>
        </div>
        ${this.#renderScope()} ${this.#renderFilters(leadType)} ${this.#renderSchedule()}
        <p class="hint">${text.capsHint}</p>
        <div class="actions">
          <button type="button" class="button" @click=${() => this.#dialog?.close()}>${coreMessages.cancel}</button>
          <button type="submit" class="button primary" ?disabled=${this.submitting}>${this.submitting ? coreMessages.saving : text.save}</button>
        </div>
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
            <input type="radio" name="scope" .checked=${scopeKind === kind} @change=${() => this.#set({ scopeKind: kind as ScopeKind })} />
            ${text.scopeKinds[kind]}
          </label>`,
        )}
      </div>
      ${scopeKind === 'nationwide'
        ? nothing
        : html`<div class="row">
            <div class="field">
              <label for="scope-state">${text.state}</label>
              <select id="scope-state" @change=${(e: Event) => this.#set({ state: (e.target as HTMLSelectElement).value })} ${this.#invalid('scope.state')}>
                <option value="" ?selected=${!state}>${text.chooseState}</option>
                ${usStates.map((s) => html`<option value=${s.code} ?selected=${s.code === state}>${s.name}</option>`)}
              </select>
              ${this.#error('scope.state')}
            </div>
            ${scopeKind === 'county'
              ? html`<div class="field">
                  <label for="scope-county_fips">${text.county}</label>
                  <input id="scope-county_fips" inputmode="numeric" maxlength="5" autocomplete="off" .value=${county} @input=${this.#text('county')}
                    ${this.#invalid('scope.county_fips', 'county-hint')} />
                  <p id="county-hint" class="hint">${text.countyHint}</p>
                  ${this.#error('scope.county_fips')}
                </div>`
              : nothing}
          </div>`}
    </fieldset>`;
  }

  #renderFilters(leadType: LeadTypeOption | undefined): TemplateResult {
    const { draft } = this;
    return html`<fieldset>
      <legend>${text.filters}</legend>
      <div class="field">
        <label for="filters-zips">${text.zips}</label>
        <textarea id="filters-zips" rows="2" .value=${draft.zips} @input=${this.#text('zips')} ${this.#invalid('filters.zips', 'zips-hint')}></textarea>
        <p id="zips-hint" class="hint">${text.zipsHint}</p>
        ${this.#error('filters.zips')}
      </div>
      <div class="row">
        <div class="field">
          <label for="filters-radius-zip">${text.radiusZip}</label>
          <input id="filters-radius-zip" inputmode="numeric" maxlength="5" autocomplete="off" .value=${draft.radiusZip} @input=${this.#text('radiusZip')} ${this.#invalid('filters.radius.zip')} />
          ${this.#error('filters.radius.zip')}
        </div>
        <div class="field">
          <label for="filters-radius-miles">${text.radiusMiles}</label>
          <input id="filters-radius-miles" inputmode="numeric" autocomplete="off" .value=${draft.radiusMiles} @input=${this.#text('radiusMiles')} ${this.#invalid('filters.radius.miles')} />
          ${this.#error('filters.radius.miles')}
        </div>
      </div>
      <fieldset class="rules">
        <legend>${text.rules}</legend>
        ${draft.rules.length === 0 ? html`<p class="hint">${text.noRules}</p>` : nothing}
        ${draft.rules.map((rule, i) => this.#renderRule(rule, i, leadType))}
        <button type="button" class="button" ?disabled=${!leadType?.fields.length} @click=${this.#addRule}>${icon(plus)}${text.addRule}</button>
      </fieldset>
    </fieldset>`;
  }

  #renderRule(rule: RuleDraft, i: number, leadType: LeadTypeOption | undefined): TemplateResult {
    const at = `filters.rules.${i}`;
    const fields = leadType?.fields ?? [];
    const field = fields.find((candidate) => candidate.key === rule.field);
    const update = (patch: Partial<RuleDraft>) => this.#set({ rules: this.draft.rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
    const input = (key: 'value' | 'values' | 'min' | 'max', label: string) => html`<div class="field">
      <label for=${idOf(`${at}.${key}`)}>${label}</label>
      <input id=${idOf(`${at}.${key}`)} autocomplete="off" inputmode=${field?.type === 'number' && key !== 'values' ? 'decimal' : nothing}
        .value=${rule[key]} @input=${(e: Event) => update({ [key]: (e.target as HTMLInputElement).value })} ${this.#invalid(`${at}.${key}`)} />
      ${this.#error(`${at}.${key}`)}
    </div>`;
    return html`<fieldset class="rule">
      <legend>${text.rule(i + 1)}</legend>
      <div class="field">
        <label for=${idOf(`${at}.field`)}>${text.field}</label>
        <select id=${idOf(`${at}.field`)} ${this.#invalid(`${at}.field`)}
          @change=${(e: Event) => {
            const key = (e.target as HTMLSelectElement).value;
            const next = fields.find((candidate) => candidate.key === key);
            update({ field: key, op: opsFor(next).includes(rule.op) ? rule.op : 'eq', value: next?.type === 'boolean' ? 'true' : '' });
          }}>
          ${field ? nothing : html`<option value="" selected>${text.field}</option>`}
          ${fields.map((f) => html`<option value=${f.key} ?selected=${f.key === rule.field}>${f.label}</option>`)}
        </select>
        ${this.#error(`${at}.field`)}
      </div>
      <div class="field">
        <label for=${idOf(`${at}.op`)}>${text.operator}</label>
        <select id=${idOf(`${at}.op`)} @change=${(e: Event) => update({ op: (e.target as HTMLSelectElement).value as RuleOp })} ${this.#invalid(`${at}.op`)}>
          ${opsFor(field).map((op) => html`<option value=${op} ?selected=${op === rule.op}>${text.ops[op]}</option>`)}
        </select>
        ${this.#error(`${at}.op`)}
      </div>
      ${rule.op === 'eq' && field?.type === 'boolean'
        ? html`<div class="field">
            <label for=${idOf(`${at}.value`)}>${text.value}</label>
            <select id=${idOf(`${at}.value`)} @change=${(e: Event) => update({ value: (e.target as HTMLSelectElement).value })}>
              <option value="true" ?selected=${rule.value !== 'false'}>${text.yes}</option>
              <option value="false" ?selected=${rule.value === 'false'}>${text.no}</option>
            </select>
          </div>`
        : rule.op === 'eq'
          ? input('value', text.value)
          : rule.op === 'in'
            ? input('values', text.values)
            : rule.op === 'range'
              ? html`${input('min', text.min)}${input('max', text.max)}`
              : nothing}
      <button type="button" class="button remove" @click=${() => this.#set({ rules: this.draft.rules.filter((_, j) => j !== i) })}>
        ${icon(close)}<span class="visually-hidden">${text.removeRule(i + 1)}</span>
      </button>
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
        <label class="choice"><input type="radio" name="scheduled" .checked=${!scheduled} @change=${() => this.#set({ scheduled: false })} />${text.always}</label>
        <label class="choice"><input type="radio" name="scheduled" .checked=${scheduled} @change=${() => this.#set({ scheduled: true })} />${text.scheduled}</label>
      </div>
      ${scheduled
        ? html`<div class="field">
              <label for="schedule-timezone">${text.timezone}</label>
              <select id="schedule-timezone" @change=${(e: Event) => this.#set({ timezone: (e.target as HTMLSelectElement).value })} ${this.#invalid('schedule.timezone')}>
                ${zones.map((zone) => html`<option ?selected=${zone === timezone}>${zone}</option>`)}
              </select>
              ${this.#error('schedule.timezone')}
            </div>
            <fieldset id="schedule-weekdays" tabindex="-1" ${this.#invalid('schedule.weekdays')}>
              <legend>${text.weekdays}</legend>
              <div class="choices">
                ${WEEKDAYS.map(
                  (day, i) => html`<label class="choice">
                    <input type="checkbox" .checked=${weekdays.includes(day)}
                      @change=${(e: Event) => this.#set({ weekdays: (e.target as HTMLInputElement).checked ? [...weekdays, day] : weekdays.filter((d) => d !== day) })} />
                    ${dayName.format(Date.UTC(2024, 0, 1 + i))}
                  </label>`,
                )}
              </div>
              ${this.#error('schedule.weekdays')}
            </fieldset>
            <fieldset id="schedule-hours" tabindex="-1" ${this.#invalid('schedule.hours', 'hours-hint')}>
              <legend>${text.hours}</legend>
              ${hours.map((range, i) => this.#renderHours(range, i))}
              <p id="hours-hint" class="hint">${text.hoursHint}</p>
              ${this.#error('schedule.hours')}
              <button type="button" class="button" @click=${() => this.#set({ hours: [...hours, { start: '08:00', end: '18:00' }] })}>${icon(plus)}${text.addHours}</button>
            </fieldset>`
        : nothing}
    </fieldset>`;
  }

  #renderHours(range: { start: string; end: string }, i: number): TemplateResult {
    const at = `schedule.hours.${i}`;
    const update = (key: 'start' | 'end') => (e: Event) =>
      this.#set({ hours: this.draft.hours.map((r, j) => (j === i ? { ...r, [key]: (e.target as HTMLInputElement).value } : r)) });
    return html`<div class="hours" role="group" aria-label=${text.hoursRange(i + 1)}>
      <div class="field">
        <label for=${idOf(`${at}.start`)}>${text.from}</label>
        <input type="time" id=${idOf(`${at}.start`)} .value=${range.start} @input=${update('start')} ${this.#invalid(`${at}.start`)} />
        ${this.#error(`${at}.start`)}
      </div>
      <div class="field">
        <label for=${idOf(`${at}.end`)}>${text.to}</label>
        <input type="time" id=${idOf(`${at}.end`)} .value=${range.end} @input=${update('end')} ${this.#invalid(`${at}.end`)} />
        ${this.#error(`${at}.end`)}
      </div>
      ${this.draft.hours.length > 1
        ? html`<button type="button" class="button remove" @click=${() => this.#set({ hours: this.draft.hours.filter((_, j) => j !== i) })}>
            ${icon(close)}<span class="visually-hidden">${text.removeHours(i + 1)}</span>
          </button>`
        : nothing}
    </div>`;
  }

  /** `aria-invalid` and `aria-describedby` (its hint, and its error when it has one) for the input at `path`. */
  #invalid(path: string, hint = '') {
    const error = this.errors[path] !== undefined;
    return fieldState(error, [hint, error ? `${idOf(path)}-error` : ''].filter(Boolean).join(' '));
  }

  #error(path: string) {
    return renderFieldError(idOf(path), this.errors[path]);
  }

  #text(key: 'name' | 'amount' | 'county' | 'zips' | 'radiusZip' | 'radiusMiles') {
    return (e: Event) => this.#set({ [key]: (e.target as HTMLInputElement).value });
  }

  #set(patch: Partial<BidDraft>): void {
    this.draft = { ...this.draft, ...patch };
    if (this.#checked) this.errors = checkDraft(this.draft, this.leadTypes, this.#format).errors;
  }

  #onLeadType = (e: Event): void => {
    const leadType = this.leadTypes.find((type) => type.id === (e.target as HTMLSelectElement).value);
    const suggested = emptyDraft(leadType, this.timezone, this.#format);
    this.#set({ leadTypeId: leadType?.id ?? '', amount: this.draft.amount || suggested.amount });
  };

  #addRule = async (): Promise<void> => {
    const leadType = this.leadTypes.find((type) => type.id === this.draft.leadTypeId);
    const first = leadType?.fields[0];
    this.#set({ rules: [...this.draft.rules, { ...emptyRule(first?.key), value: first?.type === 'boolean' ? 'true' : '' }] });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLSelectElement>(`#${idOf(`filters.rules.${this.draft.rules.length - 1}.field`)}`)?.focus();
  };

  /** Puts each message beside the input its path names (or its closest parent's); the rest above the form. */
  async #showErrors(fields: FieldErrors, fromServer: boolean): Promise<void> {
    const placed: FieldErrors = {};
    const unplaced: string[] = [];
    for (const [path, message] of Object.entries(fields)) {
      let target = path;
      while (target && !this.renderRoot.querySelector(`#${CSS.escape(idOf(target))}`)) target = target.replace(/\.?[^.]*$/, '');
      if (target) placed[target] ??= message;
      else unplaced.push(message);
    }
    this.errors = placed;
    this.formError = [fromServer || unplaced.length === 0 ? text.fixErrors : '', ...unplaced].filter(Boolean).join(' ');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-invalid]')?.focus();
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this.submitting) return;
    this.#checked = true;
    const { body, errors } = checkDraft(this.draft, this.leadTypes, this.#format);
    if (Object.keys(errors).length > 0) return this.#showErrors(errors, false);
    this.errors = {};
    this.formError = '';
    this.submitting = true;
    const detail: BidFormSubmit = this.editing ? { body, bidId: this.editing.id } : { body, idempotencyKey: this.#idempotencyKey };
    this.dispatchEvent(new CustomEvent('bid-form-submit', { detail }));
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
