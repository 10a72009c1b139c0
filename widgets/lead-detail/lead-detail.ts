import { initialState, Task } from '../core/task.js';
import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ApiError } from '../core/api-client.js';
import type { Session } from '../core/api.js';
import { ApiResource } from '../core/api-resource.js';
import { define } from '../core/define.js';
import { errorText, fieldStyles, formStyles, renderAlert, renderFieldError } from '../core/forms.js';
import { formatDate, formatDateTime } from '../core/format.js';
import { icon, info } from '../core/icons.js';
import { renderLoadError, renderLoading } from '../core/load-states.js';
import { LpElement } from '../core/lp-element.js';
import { sharedStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import { leadName, TONES, type LeadDetail, type LeadReturn, type TimelineEntry } from '../leads-table/lead-types.js';
import { sources } from '../leads-table/lead-sources.messages.js';
import { messages } from './lead-detail.messages.js';
import { styles } from './lead-detail.styles.js';

declare global {
  interface GlobalEventHandlersEventMap {
    /** A return was requested for a lead (DECISIONS D22); `<lp-portal>` refreshes the wallet and the badge. */
    'lp-return-requested': CustomEvent<{ lead_id: string; return: LeadReturn }>;
  }
}

/** Roles that may request returns (server/auth/roles.ts `returns.write`). */
const WRITERS = new Set(['admin', 'buyer']);

/**
 * @summary One purchased lead: its deliverable fields, price, source, status and timeline, and a return request.
 *
 * The return form (a reason from the provider's list and a note) shows only when the server says the lead can be
 * returned and the user's role may ask; otherwise the server's reason is shown (window closed, already returned,
 * returns off). After a request the pending return shows at once.
 *
 * @fires lp-return-requested - `{ lead_id, return }` after a return was requested.
 * @fires lp-load-error - The lead could not be loaded.
 * @fires lp-session-expired - Placed alone, when its session ended.
 *
 * @csspart amount - The price paid.
 * @csspart status - The lead's status chip.
 * @csspart action - The "Request return" button.
 */
export class LpLeadDetail extends LpElement {
  static override styles = [themeStyles, sharedStyles, formStyles, fieldStyles, styles];

  static override properties: PropertyDeclarations = {
    leadId: { attribute: 'lead-id' },
    requested: { state: true },
    busy: { state: true },
    errors: { state: true },
    failure: { state: true },
  };

  /** The lead's public id (`lead_…`). */
  declare leadId?: string;

  /** The return this widget requested, shown (and announced) until the server's reply carries it. */
  private declare requested?: LeadReturn;
  private declare busy: boolean;
  private declare errors: Record<string, string>;
  private declare failure: string;

  readonly #session = new ApiResource<Session>(this, '/session');

  readonly #lead = new Task(this, {
    args: () => [this.portal?.client, this.portal?.revision, this.leadId] as const,
    task: ([client, , id], { signal }) => (client && id ? client.get<LeadDetail>(`/leads/${encodeURIComponent(id)}`, { signal }) : initialState),
    onError: (error) => {
      if (error instanceof ApiError) this.emit('lp-load-error', { error, path: '/leads/{id}' });
    },
  });

  constructor() {
    super();
    this.busy = false;
    this.errors = {};
    this.failure = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('leadId')) {
      this.requested = undefined;
      this.errors = {};
      this.failure = '';
    }
  }

  protected override render() {
    return this.#lead.render({
      initial: () => renderLoading(messages.loading),
      pending: () => (this.#lead.value ? this.#renderLead(this.#lead.value) : renderLoading(messages.loading)),
      complete: (lead) => this.#renderLead(lead),
      error: (error) => renderLoadError(error, () => void this.#lead.run()),
    });
  }

  #date(iso: string): string {
    return formatDateTime(iso, this.resolvedLocale);
  }

  #renderLead(lead: LeadDetail): TemplateResult {
    const ret = lead.return ?? this.requested;
    const values = Object.fromEntries(lead.fields.map((f) => [f.key, f.value]));
    const { source } = lead;
    const returned = lead.status === 'returned';
    return html`<article aria-labelledby="title">
      <header>
        <h2 id="title" tabindex="-1">${leadName(values) || messages.unnamed}</h2>
        <span class="chip ${returned ? 'tone-neutral' : 'tone-success'}" part="status">${returned ? messages.returned : messages.purchased}</span>
        ${ret ? html`<span class="chip ${TONES[ret.status]}">${messages.statuses[ret.status]}</span>` : nothing}
      </header>
      <dl>
        <div><dt>${messages.price}</dt><dd part="amount">${this.formatMoney(lead.price_cents)}</dd></div>
        <div><dt>${messages.purchased}</dt><dd>${this.#date(lead.purchased_at)}</dd></div>
        <div><dt>${messages.leadType}</dt><dd>${lead.lead_type.name}</dd></div>
        <div><dt>${messages.source}</dt><dd>${source.bid ? messages.sourceOfBid(sources[source.kind], source.bid.name) : sources[source.kind]}</dd></div>
        <div><dt>${messages.location}</dt><dd>${[lead.county, lead.state].filter(Boolean).join(', ') || '—'}</dd></div>
      </dl>
      <h3>${messages.fields}</h3>
      <dl>${lead.fields.map((f) => html`<div><dt>${f.label}</dt><dd>${this.#value(f.key, f.value, f.type)}</dd></div>`)}</dl>
      <h3 id="return-title" tabindex="-1">${messages.returnTitle}</h3>
      <p class="muted" role="status">${this.requested ? messages.requested : ''}</p>
      ${ret ? this.#renderReturn(ret) : this.#renderEligibility(lead)}
      <h3>${messages.timeline}</h3>
      <ol>${lead.timeline.map((entry) => html`<li>${this.#entryText(entry)}<time datetime=${entry.at}>${this.#date(entry.at)}</time></li>`)}</ol>
    </article>`;
  }

  #value(key: string, value: string | number | boolean | null, type: string): unknown {
    if (value === null || value === '') return '—';
    if (typeof value === 'boolean') return value ? messages.yes : messages.no;
    if (typeof value === 'number') return value.toLocaleString(this.resolvedLocale);
    if (key === 'email') return html`<a href="mailto:${value}">${value}</a>`;
    if (key === 'phone') return html`<a href="tel:${value.replace(/[^\d+]/g, '')}">${value}</a>`;
    return type === 'date' ? formatDate(value, this.resolvedLocale) : value;
  }

  #renderReturn(ret: LeadReturn): TemplateResult {
    return html`<p>${messages.requestedOn(ret.reason_code, this.#date(ret.requested_at))}</p>
      ${ret.note ? html`<p class="muted">${ret.note}</p>` : nothing}
      ${ret.decision_note ? html`<p>${messages.decision(ret.decision_note)}</p>` : nothing}`;
  }

  #renderEligibility({ return_eligibility: e }: LeadDetail) {
    const policy = e.policy_url ? html` <a href=${e.policy_url} target="_blank" rel="noopener noreferrer">${messages.policy}</a>` : nothing;
    if (!e.allowed) {
      return html`<p class="notice tone-neutral">${icon(info)}<span class="notice__text">${e.message}</span></p>
        ${e.policy_url ? html`<p>${policy}</p>` : nothing}`;
    }
    const role = this.#session.value?.active_customer.role;
    if (!role) return nothing;
    if (!WRITERS.has(role)) return html`<p class="muted">${messages.viewer}</p>`;
    const invalid = (name: string) => (this.errors[name] ? 'true' : nothing);
    return html`<form novalidate aria-labelledby="return-title" @submit=${this.#submit}>
      <p>${e.deadline ? messages.deadline(this.#date(e.deadline)) : nothing}${policy}</p>
      <div class="field">
        <label for="reason">${messages.reason}</label>
        <select id="reason" name="reason_code" required aria-invalid=${invalid('reason_code')} aria-describedby=${this.errors['reason_code'] ? 'reason_code-error' : nothing}>
          <option value="">${messages.chooseReason}</option>
          ${e.reasons.map((reason) => html`<option>${reason}</option>`)}
        </select>
        ${renderFieldError('reason_code', this.errors['reason_code'])}
      </div>
      <div class="field">
        <label for="note">${messages.note}</label>
        <textarea id="note" name="note" rows="3" maxlength="1000" aria-invalid=${invalid('note')} aria-describedby=${this.errors['note'] ? 'note-error' : nothing}></textarea>
        ${renderFieldError('note', this.errors['note'])}
      </div>
      ${renderAlert(this.failure)}
      <button type="submit" class="button primary" part="action" aria-disabled=${this.busy ? 'true' : nothing}>${this.busy ? messages.submitting : messages.submit}</button>
    </form>`;
  }

  #entryText(entry: TimelineEntry): string {
    const t = messages.timelineText;
    switch (entry.kind) {
      case 'purchased':
        return t.purchased(this.formatMoney(entry.price_cents));
      case 'return_requested':
        return t.return_requested(entry.reason_code);
      case 'notification':
        return messages.notification(
          messages.events[entry.event] ?? entry.event,
          entry.channel && entry.recipient ? messages.channel(entry.channel, entry.recipient) : '',
          messages.deliveries[entry.status],
        );
      default:
        return `${t[entry.kind]}${entry.note ? ` — ${entry.note}` : ''}`;
    }
  }

  #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const client = this.portal?.client;
    const id = this.leadId;
    if (!client || !id || this.busy) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const body = { reason_code: String(data.get('reason_code') ?? ''), note: String(data.get('note') ?? '').trim() };
    this.failure = '';
    this.errors = body.reason_code ? {} : { reason_code: messages.chooseReason };
    if (!body.reason_code) return this.#focus('#reason');
    this.busy = true;
    try {
      const ret = await client.post<LeadReturn>(`/leads/${encodeURIComponent(id)}/return`, body);
      this.requested = ret;
      this.emit('lp-return-requested', { lead_id: id, return: ret });
      this.#focus('#return-title');
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length) {
        this.errors = error.fields;
        this.#focus('[aria-invalid="true"]');
      } else {
        // A 409 (window closed meanwhile, returned from another tab, cap reached) carries a sentence for the user.
        this.failure = errorText(error, messages.failed, true);
      }
    } finally {
      this.busy = false;
    }
  };

  #focus(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }
}

define('lp-lead-detail', LpLeadDetail);

declare global {
  interface HTMLElementTagNameMap {
    'lp-lead-detail': LpLeadDetail;
  }
}
