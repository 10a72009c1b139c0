import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { ApiError } from '../core/api-client.js';
import { errorText, formStyles, renderFieldError } from '../core/forms.js';
import { close, icon, plus } from '../core/icons.js';
import { coreMessages } from '../core/messages.js';
import { sharedStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import { emptyRule, type FieldErrors, type FilterDraft, type MoneyFormat, type RuleDraft } from './bid-draft.js';
import { styles } from './bid-form.styles.js';
import { fieldState } from './field-state.js';
import type { LeadField, LeadTypeOption, RuleOp } from './bid-types.js';
import { messages } from './bids-manager.messages.js';

const text = messages.form;

const opsFor = (field: LeadField | undefined): RuleOp[] =>
  field?.type === 'number' ? ['eq', 'in', 'range', 'exists'] : field?.type === 'boolean' ? ['eq', 'exists'] : ['eq', 'in', 'exists'];

/** `filters.rules.0.value` -> `filters-rules-0-value`: an id for the input a server field path names. */
export const idOf = (path: string) => path.replace(/\./g, '-');

/**
 * What every form with the bids' filter model shares (the bid form, the marketplace's standing-order form): a
 * modal dialog, the filters fieldset (ZIPs, radius, field rules), errors beside the inputs the server's `fields`
 * paths name, and checks at each change once the user tried to save. A subclass renders the dialog and says how
 * to check its draft (`check`) and what to do with the body (`submit`); its owner reports `saved()` or `failed()`.
 */
export abstract class FilterForm<D extends FilterDraft & { leadTypeId: string }, B> extends LitElement {
  static override styles = [themeStyles, sharedStyles, formStyles, styles];

  static override properties: PropertyDeclarations = {
    leadTypes: { attribute: false },
    locale: {},
    currency: {},
    draft: { state: true },
    errors: { state: true },
    formError: { state: true },
    submitting: { state: true },
  };

  declare leadTypes: readonly LeadTypeOption[];
  declare locale: string;
  declare currency: string;

  protected declare draft: D;
  protected declare errors: FieldErrors;
  protected declare formError: string;
  protected declare submitting: boolean;

  /** Set once the user tried to save: from then on, each change is checked at once. */
  protected checked = false;

  /** The fallback text of a failed save (a getter: the catalogue changes with the language). */
  protected get failText(): string {
    return text.failed;
  }

  protected abstract check(): { body: B; errors: FieldErrors };
  protected abstract submit(body: B): void;

  constructor() {
    super();
    this.leadTypes = [];
    this.locale = 'en-US';
    this.currency = 'USD';
    this.errors = {};
    this.formError = '';
    this.submitting = false;
  }

  protected get format(): MoneyFormat {
    return { locale: this.locale, currency: this.currency };
  }

  protected get dialog() {
    return this.renderRoot.querySelector('dialog');
  }

  protected get leadType(): LeadTypeOption | undefined {
    return this.leadTypes.find((type) => type.id === this.draft.leadTypeId);
  }

  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /** Opens the dialog on `draft`, focusing the input with id `focus`. */
  protected async showDraft(draft: D, focus: string): Promise<void> {
    this.draft = draft;
    this.errors = {};
    this.formError = '';
    this.checked = false;
    await this.updateComplete;
    this.dialog?.showModal();
    this.renderRoot.querySelector<HTMLElement>(`#${focus}`)?.focus();
  }

  /** The owner saved: close. */
  saved(): void {
    this.submitting = false;
    this.dialog?.close();
  }

  /** The owner could not save: show the server's field errors beside their inputs, or why. */
  async failed(error: unknown): Promise<void> {
    this.submitting = false;
    if (error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length > 0) {
      await this.showErrors(error.fields, true);
    } else {
      // A 409's reason says what to do (bidding locked, account paused…); a 400 without fields says what is wrong.
      this.formError = errorText(error, error instanceof ApiError && error.status === 400 ? error.message : this.failText, true);
    }
  }

  /** `aria-invalid` and `aria-describedby` (its hint, and its error when it has one) for the input at `path`. */
  protected invalid(path: string, hint = '') {
    const error = this.errors[path] !== undefined;
    return fieldState(error, [hint, error ? `${idOf(path)}-error` : ''].filter(Boolean).join(' '));
  }

  protected error(path: string) {
    return renderFieldError(idOf(path), this.errors[path]);
  }

  /** An `input` listener setting a text key of the draft. */
  protected text(key: keyof D) {
    return (e: Event) => this.set({ [key]: (e.target as HTMLInputElement).value } as Partial<D>);
  }

  protected set(patch: Partial<D>): void {
    this.draft = { ...this.draft, ...patch };
    if (this.checked) this.errors = this.check().errors;
  }

  /** The filters fieldset: ZIPs, a radius around a ZIP, and rules on the lead type's fields. */
  /** Cancel and the submit button (`save` names what it saves), at the end of the form. */
  protected renderActions(save: string): TemplateResult {
    return html`<div class="dialog-actions">
      <button type="button" class="button" @click=${() => this.dialog?.close()}>${coreMessages.cancel}</button>
      <button type="submit" class="button primary" ?disabled=${this.submitting}>${this.submitting ? coreMessages.saving : save}</button>
    </div>`;
  }

  protected renderFilters(): TemplateResult {
    const { draft } = this;
    const leadType = this.leadType;
    return html`<fieldset>
      <legend>${text.filters}</legend>
      <div class="field">
        <label for="filters-zips">${text.zips}</label>
        <textarea id="filters-zips" rows="2" .value=${draft.zips} @input=${this.text('zips')} ${this.invalid('filters.zips', 'zips-hint')}></textarea>
        <p id="zips-hint" class="hint">${text.zipsHint}</p>
        ${this.error('filters.zips')}
      </div>
      <div class="row">
        <div class="field">
          <label for="filters-radius-zip">${text.radiusZip}</label>
          <input id="filters-radius-zip" inputmode="numeric" maxlength="5" autocomplete="off" .value=${draft.radiusZip} @input=${this.text('radiusZip')} ${this.invalid('filters.radius.zip')} />
          ${this.error('filters.radius.zip')}
        </div>
        <div class="field">
          <label for="filters-radius-miles">${text.radiusMiles}</label>
          <input id="filters-radius-miles" inputmode="numeric" autocomplete="off" .value=${draft.radiusMiles} @input=${this.text('radiusMiles')} ${this.invalid('filters.radius.miles')} />
          ${this.error('filters.radius.miles')}
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
    const update = (patch: Partial<RuleDraft>) => this.set({ rules: this.draft.rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) } as Partial<D>);
    const input = (key: 'value' | 'values' | 'min' | 'max', label: string) => html`<div class="field">
      <label for=${idOf(`${at}.${key}`)}>${label}</label>
      <input id=${idOf(`${at}.${key}`)} autocomplete="off" inputmode=${field?.type === 'number' && key !== 'values' ? 'decimal' : nothing}
        .value=${rule[key]} @input=${(e: Event) => update({ [key]: (e.target as HTMLInputElement).value })} ${this.invalid(`${at}.${key}`)} />
      ${this.error(`${at}.${key}`)}
    </div>`;
    return html`<fieldset class="rule">
      <legend>${text.rule(i + 1)}</legend>
      <div class="field">
        <label for=${idOf(`${at}.field`)}>${text.field}</label>
        <select id=${idOf(`${at}.field`)} ${this.invalid(`${at}.field`)}
          @change=${(e: Event) => {
            const key = (e.target as HTMLSelectElement).value;
            const next = fields.find((candidate) => candidate.key === key);
            update({ field: key, op: opsFor(next).includes(rule.op) ? rule.op : 'eq', value: next?.type === 'boolean' ? 'true' : '' });
          }}>
          ${field ? nothing : html`<option value="" selected>${text.field}</option>`}
          ${fields.map((f) => html`<option value=${f.key} ?selected=${f.key === rule.field}>${f.label}</option>`)}
        </select>
        ${this.error(`${at}.field`)}
      </div>
      <div class="field">
        <label for=${idOf(`${at}.op`)}>${text.operator}</label>
        <select id=${idOf(`${at}.op`)} @change=${(e: Event) => update({ op: (e.target as HTMLSelectElement).value as RuleOp })} ${this.invalid(`${at}.op`)}>
          ${opsFor(field).map((op) => html`<option value=${op} ?selected=${op === rule.op}>${text.ops[op]}</option>`)}
        </select>
        ${this.error(`${at}.op`)}
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
      <button type="button" class="button remove" @click=${() => this.set({ rules: this.draft.rules.filter((_, j) => j !== i) } as Partial<D>)}>
        ${icon(close)}<span class="visually-hidden">${text.removeRule(i + 1)}</span>
      </button>
    </fieldset>`;
  }

  #addRule = async (): Promise<void> => {
    const first = this.leadType?.fields[0];
    this.set({ rules: [...this.draft.rules, { ...emptyRule(first?.key), value: first?.type === 'boolean' ? 'true' : '' }] } as Partial<D>);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLSelectElement>(`#${idOf(`filters.rules.${this.draft.rules.length - 1}.field`)}`)?.focus();
  };

  /** Puts each message beside the input its path names (or its closest parent's); the rest above the form. */
  protected async showErrors(fields: FieldErrors, fromServer: boolean): Promise<void> {
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

  protected onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this.submitting) return;
    this.checked = true;
    const { body, errors } = this.check();
    if (Object.keys(errors).length > 0) return this.showErrors(errors, false);
    this.errors = {};
    this.formError = '';
    this.submitting = true;
    this.submit(body);
  };
}
