import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { ApiError } from '../core/api-client.js';
import type { Session } from '../core/api.js';
import type { components } from '../core/api-types.js';
import { ApiResource } from '../core/api-resource.js';
import { define } from '../core/define.js';
import { errorText, formStyles, renderAlert, renderFieldError } from '../core/forms.js';
import { alertTriangle, icon, info } from '../core/icons.js';
import { renderLoading } from '../core/load-states.js';
import { LpElement } from '../core/lp-element.js';
import { sharedStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import { coreMessages } from '../core/messages.js';
import { messages } from './bidding-limits.messages.js';
import { styles } from './bidding-limits.styles.js';
import { moneyFormat, parseSpend, spendText, type MoneyFormat } from '../core/money-input.js';
import { parseCount, PERIODS, type Period } from './cap-input.js';

type Limits = components['schemas']['Limits'];
type SubjectLimits = components['schemas']['SubjectLimits'];
type PeriodLimit = components['schemas']['PeriodLimit'];
type CapsInput = components['schemas']['CapsInput'];

/** `'customer'`, `'timezone'`, or the id of the bid whose caps changed. */
export type LimitsSubject = 'customer' | 'timezone' | (string & {});

declare global {
  interface GlobalEventHandlersEventMap {
    /** Caps or the timezone changed (DECISIONS D22); e.g. the top bar's funding status refetches. */
    'lp-limits-changed': CustomEvent<{ subject: LimitsSubject }>;
  }
}

const CUSTOMER = 'customer';
const reached = (usage: { cap: number | null; used: number }) => usage.cap !== null && usage.used >= usage.cap;
const hasCap = (period: PeriodLimit) => period.count.cap !== null || period.spend_cents.cap !== null;
const isCapped = (limits: SubjectLimits) => PERIODS.some((p) => reached(limits[p].count) || reached(limits[p].spend_cents));

/**
 * @summary Daily, weekly and monthly caps on leads and spend, for the account and each bid, with this period's usage.
 *
 * Shows each cap with a usage bar and text ("6 of 20 leads"), when the period resets (in the customer's timezone)
 * and "Cap reached" as icon and text. Admins and buyers edit caps (a whole number of leads, an amount of money;
 * empty = no cap), checked as the server checks them; the server's field errors land on their inputs. Admins also
 * change the timezone, which takes effect at the next local midnight (D30). Viewers and billing users see the caps
 * read-only.
 *
 * @attr token - Bearer token, when placed alone (see `<lp-portal>`).
 * @attr api-base - Origin of the Lead Portal API, when placed alone.
 * @attr customer-id - External id of the customer, when placed alone.
 * @attr locale - BCP 47 locale for numbers and dates.
 * @attr currency - ISO 4217 currency of amounts; defaults to the portal's.
 *
 * @prop fetchToken - Returns a fresh token, when placed alone.
 * @prop transport - Replaces `fetch` for API calls (recorded fixtures in tests and stories).
 *
 * @fires lp-limits-changed - `{ subject }`: caps of the account (`customer`), of a bid (its id) or the timezone changed.
 * @fires lp-load-error - The caps could not be loaded.
 * @fires lp-session-expired - Placed alone, when its session ended.
 *
 * @csspart card - Each block: the account's caps, a bid's caps, the timezone.
 * @csspart bar - Each usage bar (a `<progress>`).
 * @csspart action - The edit and save buttons.
 *
 * @cssprop --lp-bidding-limits-bar-color - A usage bar's fill (default: `--lp-sys-color-primary`).
 * @cssprop --lp-bidding-limits-bar-reached-color - The fill of a reached cap (default: `--lp-sys-color-danger`).
 * @cssprop --lp-bidding-limits-bar-track - A usage bar's track (default: `--lp-sys-color-surface-variant`).
 * @cssprop --lp-bidding-limits-card-border-color - The cards' border (default: `--lp-sys-color-divider`).
 */
export class LpBiddingLimits extends LpElement {
  static override styles = [themeStyles, sharedStyles, formStyles, styles];

  static override properties: PropertyDeclarations = {
    saved: { state: true },
    editing: { state: true },
    fieldErrors: { state: true },
    formError: { state: true },
    submitting: { state: true },
    zoneError: { state: true },
    announcement: { state: true },
  };

  /** The last write's reply, for the portal revision it was made in (a customer switch drops it). */
  private declare saved?: { revision: number | undefined; limits: Limits };
  /** Whose caps are being edited: 'customer' or a bid id. */
  private declare editing: string | null;
  private declare fieldErrors: Record<string, string>;
  private declare formError: string;
  private declare submitting: boolean;
  private declare zoneError: string;
  private declare announcement: string;

  readonly #limits = new ApiResource<Limits>(this, '/limits');
  readonly #session = new ApiResource<Session>(this, '/session');

  constructor() {
    super();
    this.editing = null;
    this.fieldErrors = {};
    this.formError = '';
    this.submitting = false;
    this.zoneError = '';
    this.announcement = '';
  }

  get #current(): Limits | undefined {
    return this.saved && this.saved.revision === this.portal?.revision ? this.saved.limits : this.#limits.value;
  }

  get #role() {
    return this.#session.value?.active_customer.role;
  }

  get #money(): MoneyFormat {
    return moneyFormat(this.resolvedLocale, this.currency || this.portal?.currency || 'USD');
  }

  protected override render() {
    const loading = () => renderLoading(messages.loading);
    // The role decides what can be edited: wait for the session too (a failed session leaves the caps read-only).
    return html`${this.#limits.render({
        pending: loading,
        complete: () => (!this.#session.value && this.#session.pending ? loading() : this.#renderLimits(this.#current!)),
      })}
      <p class="visually-hidden" role="status">${this.announcement}</p>`;
  }

  #renderLimits(limits: Limits): TemplateResult {
    const canEdit = this.#role === 'admin' || this.#role === 'buyer';
    const anyCap = [limits.customer, ...limits.bids.map((b) => b.limits)].some((s) => PERIODS.some((p) => hasCap(s[p])));
    return html`
      <p class="intro">${messages.intro}</p>
      ${this.#session.value && !canEdit ? html`<p class="notice tone-neutral">${icon(info)}<span class="notice__text">${messages.readOnly}</span></p>` : nothing}
      <section class="card" part="card" aria-labelledby="account-title">
        <div class="card__head">
          <h2 id="account-title">${messages.accountTitle}</h2>
          ${isCapped(limits.customer) ? this.#renderReached() : nothing}
        </div>
        <p class="muted">${messages.accountHint}</p>
        ${this.editing === CUSTOMER
          ? this.#renderEditor(CUSTOMER, messages.accountTitle, limits.customer)
          : anyCap
            ? html`${this.#renderPeriods(limits, limits.customer, true)}${canEdit ? this.#renderEditButton(CUSTOMER, messages.edit) : nothing}`
            : this.#renderEmpty(canEdit)}
      </section>
      <section class="card" part="card" aria-labelledby="bids-title">
        <h2 id="bids-title">${messages.bidsTitle}</h2>
        <p class="muted">${messages.bidsHint}</p>
        ${limits.bids.length
          ? html`<ul class="bids" role="list">
              ${limits.bids.map((bid) => this.#renderBid(limits, bid, canEdit))}
            </ul>`
          : html`<p>${messages.noBids}</p>`}
      </section>
      ${this.#renderTimezone(limits)}
    `;
  }

  #renderEmpty(canEdit: boolean): TemplateResult {
    return html`<div class="empty">
      <h3>${messages.emptyTitle}</h3>
      <p>${messages.empty}</p>
      ${canEdit ? this.#renderEditButton(CUSTOMER, messages.setCap) : nothing}
    </div>`;
  }

  #renderBid(limits: Limits, bid: Limits['bids'][number], canEdit: boolean): TemplateResult {
    const capped = PERIODS.some((p) => hasCap(bid.limits[p]));
    const titleId = `bid-${bid.bid_id}`;
    return html`<li class="bid" aria-labelledby=${titleId}>
      <div class="card__head">
        <h3 id=${titleId}>${bid.name}</h3>
        ${isCapped(bid.limits) ? this.#renderReached() : nothing}
      </div>
      ${this.editing === bid.bid_id
        ? this.#renderEditor(bid.bid_id, bid.name, bid.limits)
        : html`${capped ? this.#renderPeriods(limits, bid.limits, false) : html`<p class="muted">${messages.emptyTitle}</p>`}
          ${canEdit ? this.#renderEditButton(bid.bid_id, messages.edit, messages.editFor(bid.name)) : nothing}`}
    </li>`;
  }

  #renderReached(): TemplateResult {
    return html`<span class="chip tone-danger">${icon(alertTriangle)}${messages.capReached}</span>`;
  }

  #renderEditButton(subject: string, label: string, accessibleName?: string): TemplateResult {
    return html`<button type="button" class="button" part="action" data-edit=${subject} aria-label=${accessibleName ?? nothing} @click=${() => this.#openEditor(subject)}>
      ${label}
    </button>`;
  }

  /** Every period for the account (uncapped ones show usage only); only capped periods for a bid. */
  #renderPeriods(limits: Limits, subject: SubjectLimits, all: boolean): TemplateResult {
    const shown = PERIODS.filter((p) => all || hasCap(subject[p]));
    return html`<ul class="periods" role="list">
      ${shown.map((period) => {
        const p = subject[period];
        return html`<li class="period">
          <div class="period__head">
            <span class="period__name">${messages.period[period]}</span>
            <span class="muted">${messages.resets(this.#when(p.end, limits))}</span>
          </div>
          ${this.#renderUsage(p.count, messages.leadsOf, messages.leadsNoCap, (n) => n.toLocaleString(this.resolvedLocale))}
          ${this.#renderUsage(p.spend_cents, messages.spendOf, messages.spendNoCap, (n) => this.formatMoney(n))}
        </li>`;
      })}
    </ul>`;
  }

  /** "6 of 20 leads" (`of`) with a bar, or "6 leads, no cap" (`noCap`). */
  #renderUsage(usage: { cap: number | null; used: number }, of: (used: string, cap: string) => string, noCap: (used: string) => string, format: (n: number) => string): TemplateResult {
    const full = reached(usage);
    return html`<div class="usage ${full ? 'usage--reached' : ''}">
      <span class="usage__text">
        ${full ? icon(alertTriangle) : nothing}${usage.cap === null ? noCap(format(usage.used)) : of(format(usage.used), format(usage.cap))}
      </span>
      ${usage.cap === null
        ? nothing
        : html`<progress part="bar" class="bar" aria-hidden="true" max=${Math.max(usage.cap, 1)} .value=${usage.cap === 0 ? 1 : Math.min(usage.used, usage.cap)}></progress>`}
    </div>`;
  }

  #renderEditor(subject: string, name: string, limits: SubjectLimits): TemplateResult {
    const money = this.#money;
    const field = (period: Period, metric: 'count' | 'spend_cents') => {
      const key = `${period}.${metric}`;
      const id = `${subject}-${period}-${metric}`;
      const cap = limits[period][metric].cap;
      const error = this.fieldErrors[key];
      const label = metric === 'count' ? messages.leads : `${messages.spend} (${money.symbol || money.currency})`;
      return html`<div class="field">
        <label for=${id}>${label}</label>
        <input
          id=${id}
          name=${key}
          inputmode=${metric === 'count' ? 'numeric' : 'decimal'}
          autocomplete="off"
          .value=${cap === null ? '' : metric === 'count' ? String(cap) : spendText(cap, money)}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? `${id}-error` : 'caps-hint'}
          @input=${() => this.#clearError(key)}
        />
        ${renderFieldError(id, error)}
      </div>`;
    };
    return html`<form class="editor" novalidate aria-label=${messages.editFor(name)} @submit=${(e: SubmitEvent) => this.#save(e, subject)} @keydown=${this.#onEditorKeydown}>
      <p id="caps-hint" class="muted">${messages.inputHint}</p>
      ${PERIODS.map(
        (period) => html`<fieldset>
          <legend>${messages.per(period)}</legend>
          ${field(period, 'count')} ${field(period, 'spend_cents')}
        </fieldset>`,
      )}
      ${renderAlert(this.formError)}
      <div class="actions">
        <button type="button" class="button" @click=${() => this.#closeEditor()}>${coreMessages.cancel}</button>
        <button type="submit" class="button primary" part="action" ?disabled=${this.submitting}>${this.submitting ? coreMessages.saving : messages.save}</button>
      </div>
    </form>`;
  }

  #renderTimezone(limits: Limits): TemplateResult {
    const isAdmin = this.#role === 'admin';
    const change = limits.timezone_change;
    const zones = Intl.supportedValuesOf?.('timeZone') ?? [];
    const selected = change?.timezone ?? limits.timezone;
    const options = zones.includes(selected) ? zones : [selected, ...zones];
    return html`<section class="card" part="card" aria-labelledby="timezone-title">
      <h2 id="timezone-title">${messages.timezoneTitle}</h2>
      <p>${messages.timezoneCurrent(this.#zoneName(limits.timezone))}</p>
      ${change
        ? html`<p class="notice tone-warning">${icon(info)}<span class="notice__text">${messages.timezonePending(this.#zoneName(change.timezone), this.#when(change.at, limits))}</span></p>`
        : nothing}
      <p class="muted" id="timezone-explained">${messages.timezoneExplained}</p>
      ${isAdmin
        ? html`<form class="timezone" novalidate @submit=${this.#saveTimezone}>
            <div class="field">
              <label for="timezone">${messages.timezoneTitle}</label>
              <select id="timezone" name="timezone" aria-describedby=${this.zoneError ? 'timezone-error' : 'timezone-explained'} aria-invalid=${this.zoneError ? 'true' : 'false'}>
                ${options.map((zone) => html`<option value=${zone} ?selected=${zone === selected}>${zone}</option>`)}
              </select>
              ${renderFieldError('timezone', this.zoneError)}
            </div>
            <button type="submit" class="button primary" part="action" ?disabled=${this.submitting}>${messages.timezoneSave}</button>
          </form>`
        : this.#session.value
          ? html`<p class="muted">${messages.timezoneAdminOnly}</p>`
          : nothing}
    </section>`;
  }

  /** An instant in the zone in effect then: the new zone after a pending change's midnight (which is the old zone's). */
  #when(iso: string, limits: Limits): string {
    const change = limits.timezone_change;
    const timeZone = change && Date.parse(iso) > Date.parse(change.at) ? change.timezone : limits.timezone;
    return new Intl.DateTimeFormat(this.resolvedLocale, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone }).format(new Date(iso));
  }

  #zoneName(zone: string): string {
    const generic = new Intl.DateTimeFormat(this.resolvedLocale, { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value;
    return generic && generic !== zone ? `${zone} (${generic})` : zone;
  }

  #openEditor(subject: string): void {
    this.fieldErrors = {};
    this.formError = '';
    this.editing = subject;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('form.editor input')?.focus());
  }

  #closeEditor(): void {
    const subject = this.editing;
    this.editing = null;
    this.fieldErrors = {};
    this.formError = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`[data-edit="${subject}"]`)?.focus());
  }

  #onEditorKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.#closeEditor();
    }
  };

  #clearError(key: string): void {
    if (!this.fieldErrors[key]) return;
    const { [key]: _, ...rest } = this.fieldErrors;
    this.fieldErrors = rest;
  }

  /** The form's caps as the server takes them, or the problems of each field. */
  #read(form: HTMLFormElement): { caps: CapsInput } | { errors: Record<string, string> } {
    const data = new FormData(form);
    const errors: Record<string, string> = {};
    const caps = {} as CapsInput;
    for (const period of PERIODS) {
      const count = parseCount(String(data.get(`${period}.count`) ?? ''));
      const spend = parseSpend(String(data.get(`${period}.spend_cents`) ?? ''), this.#money);
      // The parsers name the problem as the messages do: count, spend or tooLarge.
      if (!count.ok) errors[`${period}.count`] = messages.errors[count.problem];
      if (!spend.ok) errors[`${period}.spend_cents`] = messages.errors[spend.problem];
      caps[period] = { count: count.ok ? count.value : null, spend_cents: spend.ok ? spend.value : null };
    }
    return Object.keys(errors).length ? { errors } : { caps };
  }

  async #save(event: SubmitEvent, subject: string): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const client = this.portal?.client;
    const read = this.#read(form);
    if ('errors' in read) return this.#showFieldErrors(read.errors, messages.errors.fix);
    if (!client || this.submitting) return;
    this.submitting = true;
    this.formError = '';
    try {
      const path = subject === CUSTOMER ? '/limits' : `/limits/bids/${encodeURIComponent(subject)}`;
      this.#apply(await client.request<Limits>('PUT', path, read.caps));
      this.announcement = messages.saved;
      this.#closeEditor();
      this.emit('lp-limits-changed', { subject });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length) this.#showFieldErrors(error.fields, error.message);
      else this.formError = errorText(error, messages.saveFailed);
    } finally {
      this.submitting = false;
    }
  }

  #saveTimezone = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const client = this.portal?.client;
    const timezone = new FormData(event.currentTarget as HTMLFormElement).get('timezone');
    if (!client || this.submitting || typeof timezone !== 'string') return;
    this.submitting = true;
    this.zoneError = '';
    try {
      const limits = await client.request<Limits>('PUT', '/limits/timezone', { timezone });
      this.#apply(limits);
      const change = limits.timezone_change;
      this.announcement = change ? messages.timezoneSaved(change.timezone, this.#when(change.at, limits)) : messages.timezoneCancelled;
      this.emit('lp-limits-changed', { subject: 'timezone' });
    } catch (error) {
      this.zoneError = error instanceof ApiError && error.fields['timezone'] ? error.fields['timezone'] : errorText(error, messages.timezoneFailed);
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLSelectElement>('#timezone')?.focus());
    } finally {
      this.submitting = false;
    }
  };

  #apply(limits: Limits): void {
    this.saved = { revision: this.portal?.revision, limits };
  }


  #showFieldErrors(errors: Record<string, string>, summary: string): void {
    this.fieldErrors = errors;
    this.formError = summary;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('form.editor [aria-invalid="true"]')?.focus());
  }
}

define('lp-bidding-limits', LpBiddingLimits);

declare global {
  interface HTMLElementTagNameMap {
    'lp-bidding-limits': LpBiddingLimits;
  }
}
