import { initialState, Task } from '../core/task.js';
import { coreMessages } from '../core/messages.js';
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ApiError } from '../core/api-client.js';
import type { PortalContext } from '../core/context.js';
import { saveFile } from '../core/download.js';
import { emit } from '../core/events.js';
import { errorText, renderAlert, renderFieldError } from '../core/forms.js';
import { renderLoadError, renderLoading } from '../core/load-states.js';
import { messages } from './billing-panel.messages.js';
import type { TransactionList, TransactionType, WalletTransaction } from './billing-types.js';

/** Rows per request; a reload after a change asks for as many as are shown (the API allows 200). */
const PAGE_SIZE = 25;
const MAX_PAGE = 200;
const TYPES = Object.keys(messages.types) as TransactionType[];

export interface TransactionsHost extends ReactiveControllerHost, HTMLElement {
  readonly portal: PortalContext | undefined;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export interface TransactionsFormat {
  money(cents: number): string;
  dateTime(iso: string): string;
  size(bytes: number): string;
  /** A lead's page, when the embedding page has one (`lead-href`). */
  leadHref(id: string): string | undefined;
}

interface Filter {
  type: string;
  from: string;
  to: string;
}

/** `2026-11-03` -> that local midnight as an instant, for the API's `from`/`to` (`to` is exclusive: next day). */
const localMidnight = (day: string, addDays = 0) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + addDays).toISOString();
};

function query(filter: Filter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.type) params.set('type', filter.type);
  if (filter.from) params.set('from', localMidnight(filter.from));
  if (filter.to) params.set('to', localMidnight(filter.to, 1));
  return params;
}

/** The wallet's ledger: type and date filters, keyset "Load more", CSV export with progress. */
export class TransactionsView {
  items?: WalletTransaction[];
  #nextCursor: string | null = null;
  #filter: Filter = { type: '', from: '', to: '' };
  #filterError = '';
  #loadingMore = false;
  #moreError = '';
  #exporting = false;
  #exportStatus = '';
  #exportError = '';
  #listOf?: { client: unknown; filter: Filter };

  readonly #host: TransactionsHost;
  readonly #format: TransactionsFormat;
  readonly #task: Task<readonly [PortalContext['client'] | undefined, number | undefined, Filter], TransactionList>;

  constructor(host: TransactionsHost, format: TransactionsFormat) {
    this.#host = host;
    this.#format = format;
    this.#task = new Task(host, {
      args: () => [host.portal?.client, host.portal?.revision, this.#filter] as const,
      task: async ([client, , filter], { signal }) => {
        if (!client) return initialState;
        // Another customer or filter starts over; a reload of the same list keeps as many rows as were shown.
        if (this.#listOf?.client !== client || this.#listOf.filter !== filter) this.items = undefined;
        this.#listOf = { client, filter };
        const params = query(filter);
        params.set('limit', String(Math.min(MAX_PAGE, Math.max(PAGE_SIZE, this.items?.length ?? 0))));
        const page = await client.get<TransactionList>(`/transactions?${params}`, { signal });
        this.items = page.items;
        this.#nextCursor = page.next_cursor;
        return page;
      },
      onError: (error) => {
        if (error instanceof ApiError) emit(host, 'lp-load-error', { error, path: '/transactions' });
      },
    });
  }

  /** Fetches the list again, keeping as many rows as are shown (e.g. after a deposit). */
  reload(): void {
    void this.#task.run();
  }

  render(): TemplateResult {
    return html`<section class="card" part="card" aria-labelledby="tx-title">
      <h2 id="tx-title">${messages.txTitle}</h2>
      ${this.#renderToolbar()}
      ${this.items === undefined
        ? (this.#task.render({ error: (error) => renderLoadError(error, () => void this.#task.run()) }) ?? renderLoading(messages.loading))
        : this.#renderList(this.items)}
    </section>`;
  }

  #renderToolbar(): TemplateResult {
    const f = this.#filter;
    return html`<form class="filters" novalidate aria-label=${messages.txTitle} @submit=${this.#applyFilter}>
        <div class="field">
          <label for="tx-type">${messages.filterType}</label>
          <select id="tx-type" name="type">
            <option value="" ?selected=${!f.type}>${messages.filterAll}</option>
            ${TYPES.map((type) => html`<option value=${type} ?selected=${f.type === type}>${messages.types[type]}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="tx-from">${messages.filterFrom}</label>
          <input id="tx-from" name="from" type="date" .value=${f.from} />
        </div>
        <div class="field">
          <label for="tx-to">${messages.filterTo}</label>
          <input id="tx-to" name="to" type="date" .value=${f.to} aria-invalid=${this.#filterError ? 'true' : 'false'} aria-describedby=${this.#filterError ? 'tx-to-error' : nothing} />
          ${renderFieldError('tx-to', this.#filterError)}
        </div>
        <button type="submit" class="button">${messages.filterApply}</button>
        <button type="button" class="button" part="action" data-export aria-disabled=${this.#exporting ? 'true' : nothing} @click=${this.#export}>
          ${this.#exporting ? messages.exporting : messages.export}
        </button>
      </form>
      <p class="feedback" role="status">${this.#exportStatus}</p>
      ${renderAlert(this.#exportError)}`;
  }

  #renderList(items: WalletTransaction[]): TemplateResult {
    if (!items.length) return html`<p class="empty">${this.#filter.type || this.#filter.from || this.#filter.to ? messages.txEmptyFiltered : messages.txEmpty}</p>`;
    const c = messages.columns;
    return html`<div class="scroll" tabindex="0" role="region" aria-labelledby="tx-caption">
        <table part="table">
          <caption id="tx-caption">${messages.txCaption}</caption>
          <thead>
            <tr>
              <th scope="col">${c.date}</th>
              <th scope="col">${c.type}</th>
              <th scope="col">${c.description}</th>
              <th scope="col" class="numeric">${c.amount}</th>
              <th scope="col" class="numeric">${c.balance}</th>
            </tr>
          </thead>
          <tbody>
            ${items.map((t) => this.#renderRow(t))}
          </tbody>
        </table>
      </div>
      ${renderAlert(this.#moreError)}
      ${this.#nextCursor
        ? html`<button type="button" class="button" data-more aria-disabled=${this.#loadingMore ? 'true' : nothing} @click=${this.#loadMore}>
            ${this.#loadingMore ? coreMessages.loading : coreMessages.loadMore}
          </button>`
        : nothing}`;
  }

  #renderRow(t: WalletTransaction): TemplateResult {
    const lead = t.lead_id ? this.#format.leadHref(t.lead_id) : undefined;
    return html`<tr part="row">
      <td class="nowrap">${this.#format.dateTime(t.created_at)}</td>
      <th scope="row">${messages.types[t.type]}</th>
      <td>
        ${t.description}
        ${lead ? html`<a class="reference" href=${lead}>${messages.viewLead}</a>` : nothing}
        ${t.receipt_url ? html`<a class="reference" href=${t.receipt_url} target="_blank" rel="noopener noreferrer">${messages.receipt}</a>` : nothing}
      </td>
      <td class="numeric ${t.amount_cents > 0 ? 'credit' : ''}" part="amount">${t.amount_cents > 0 ? '+' : ''}${this.#format.money(t.amount_cents)}</td>
      <td class="numeric">${this.#format.money(t.balance_after_cents)}</td>
    </tr>`;
  }

  #applyFilter = (event: SubmitEvent): void => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const filter = { type: String(data.get('type') ?? ''), from: String(data.get('from') ?? ''), to: String(data.get('to') ?? '') };
    this.#filterError = filter.from && filter.to && filter.to < filter.from ? messages.filterToBeforeFrom : '';
    if (this.#filterError) {
      this.#host.requestUpdate();
      void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLInputElement>('#tx-to')?.focus());
      return;
    }
    this.#moreError = '';
    this.#filter = filter; // a new object: the list task reloads
    this.#host.requestUpdate();
  };

  #loadMore = async (): Promise<void> => {
    const client = this.#host.portal?.client;
    if (!client || !this.#nextCursor || this.#loadingMore) return;
    this.#loadingMore = true;
    this.#moreError = '';
    this.#host.requestUpdate();
    try {
      const params = query(this.#filter);
      params.set('limit', String(PAGE_SIZE));
      params.set('cursor', this.#nextCursor);
      const page = await client.get<TransactionList>(`/transactions?${params}`);
      const known = new Set(this.items?.map((t) => t.id));
      this.items = [...(this.items ?? []), ...page.items.filter((t) => !known.has(t.id))];
      this.#nextCursor = page.next_cursor;
    } catch (error) {
      this.#moreError = errorText(error, coreMessages.actionFailed);
    } finally {
      this.#loadingMore = false;
      this.#host.requestUpdate();
    }
  };

  #export = async (): Promise<void> => {
    const client = this.#host.portal?.client;
    if (!client || this.#exporting) return;
    this.#exporting = true;
    this.#exportError = '';
    this.#exportStatus = messages.exporting;
    this.#host.requestUpdate();
    try {
      const params = query(this.#filter).toString();
      const blob = await client.download(`/transactions/export${params ? `?${params}` : ''}`, {
        onProgress: (received) => {
          this.#exportStatus = messages.exportProgress(this.#format.size(received));
          this.#host.requestUpdate();
        },
      });
      saveFile(this.#host.renderRoot, blob, 'transactions.csv');
      this.#exportStatus = messages.exported(this.#format.size(blob.size));
    } catch (error) {
      this.#exportStatus = '';
      this.#exportError = errorText(error, messages.exportFailed);
    } finally {
      this.#exporting = false;
      this.#host.requestUpdate();
    }
  };
}
