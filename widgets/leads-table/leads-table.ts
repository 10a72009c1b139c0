import { initialState, Task } from '../core/task.js';
import { coreMessages } from '../core/messages.js';
import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ApiError, type ApiClient } from '../core/api-client.js';
import type { Session } from '../core/api.js';
import { ApiResource } from '../core/api-resource.js';
import { define } from '../core/define.js';
import { formatSize, saveFile } from '../core/download.js';
import { formatDate, formatDateTime } from '../core/format.js';
import { errorText, fieldStyles, formStyles, renderAlert, renderFieldError } from '../core/forms.js';
import { renderLoadError, renderLoading } from '../core/load-states.js';
import { LpElement } from '../core/lp-element.js';
import { sharedStyles, tableStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import type { components } from '../core/api-types.js';
import { leadName, TONES, type LeadColumn, type LeadList, type LeadSort, type LeadSummary } from './lead-types.js';
import { sources } from './lead-sources.messages.js';
import { messages } from './leads-table.messages.js';
import { styles } from './leads-table.styles.js';

/** Rows per request (the API allows 200; a reload of the same list asks for as many as are shown, up to that). */
export const PAGE_SIZE = 50;
const MAX_PAGE = 200;
/** Rows rendered above and below the visible ones, so a fast scroll rarely shows a blank strip. */
const OVERSCAN = 10;
const FILTERS = ['q', 'from', 'to', 'lead_type_id', 'bid_id', 'return_status', 'state'] as const;
const DEFAULT_COLUMNS = ['purchased', 'phone', 'email', 'lead_type', 'location', 'price', 'return'];

type Filter = Partial<Record<(typeof FILTERS)[number], string>>;
type Sort = { by: LeadSort; order: 'desc' | 'asc' };
type Column = { key: string; label: string; numeric?: boolean; sort?: LeadSort; cell: (lead: LeadSummary) => unknown };

/**
 * @summary The customer's purchased leads: search, filters, sort, keyset "Load more", a column chooser, CSV
 * export with progress, and each lead's detail.
 *
 * Search takes a name, an email or a phone number in any usual format. Only the rows in view are rendered, so
 * thousands of loaded leads scroll smoothly. Opening a row fires a cancelable `lp-navigate`
 * (`{ section: 'leads', item: <lead id> }`): `<lp-portal-app>` routes it to `/app/leads/<id>`; otherwise the
 * table shows `<lp-lead-detail>` itself (set `lead` to open one). The chosen columns are remembered per user.
 *
 * @fires lp-navigate - `{ section: 'leads', item }` when a lead is opened, `{ section: 'leads' }` on "Back". Cancelable.
 * @fires lp-load-error - The leads could not be loaded.
 * @fires lp-session-expired - Placed alone, when its session ended.
 *
 * @csspart table - The table of leads.
 * @csspart row - A lead's row.
 * @csspart amount - A lead's price.
 * @csspart action - The export, columns and "Load more" buttons.
 *
 * @cssprop --lp-leads-table-height - Height of the scrolling table (default: `32rem`).
 * @cssprop --lp-leads-table-header-background - Background of the table header (default: `--lp-sys-color-surface-variant`).
 * @cssprop --lp-leads-table-row-hover-background - Background of a row under the pointer (default: `--lp-sys-color-surface-hover`).
 */
export class LpLeadsTable extends LpElement {
  static override styles = [themeStyles, sharedStyles, tableStyles, formStyles, fieldStyles, styles];

  static override properties: PropertyDeclarations = {
    lead: {},
    items: { state: true },
    first: { state: true },
    filter: { state: true },
    sort: { state: true },
    chosen: { state: true },
    errors: { state: true },
    status: { state: true },
    loadingMore: { state: true },
    moreError: { state: true },
    exporting: { state: true },
    exportError: { state: true },
  };

  /** The id of the lead whose detail is shown instead of the list. */
  declare lead?: string;

  private declare items?: LeadSummary[];
  /** Index of the first rendered row. */
  private declare first: number;
  private declare filter: Filter;
  private declare sort: Sort;
  /** Visible column keys the user chose (else the remembered or default ones). */
  private declare chosen?: string[];
  private declare errors: Record<string, string>;
  /** The live region: list results and export progress. */
  private declare status: string;
  private declare loadingMore: boolean;
  private declare moreError: string;
  private declare exporting?: AbortController;
  private declare exportError: string;

  #next: string | null = null;
  #columns: LeadColumn[] = [];
  #listOf?: { client: ApiClient; query: string };
  #rowHeight = 0;
  #scrollTop = 0;
  /** The row to focus when the list comes back from a detail. */
  #opened?: string;

  readonly #session = new ApiResource<Session>(this, '/session');
  readonly #leadTypes = new ApiResource<components['schemas']['LeadTypeList']>(this, '/lead-types');
  readonly #bids = new ApiResource<components['schemas']['BidList']>(this, '/bids?limit=200');

  readonly #list = new Task(this, {
    args: () => [this.portal?.client, this.portal?.revision, this.#query()] as const,
    task: async ([client, , query], { signal }) => {
      if (!client) return initialState;
      // Another customer, filter or sort starts over; a reload of the same list keeps as many rows as were shown.
      if (this.#listOf?.client !== client || this.#listOf.query !== query) this.#reset();
      this.#listOf = { client, query };
      const limit = Math.min(MAX_PAGE, Math.max(PAGE_SIZE, this.items?.length ?? 0));
      try {
        this.#take(await client.get<LeadList>(`/leads?${query}&limit=${limit}`, { signal }), []);
      } catch (error) {
        // A filter the server refuses (e.g. half a phone number) is shown beside its input.
        if (error instanceof ApiError && error.status === 400) this.errors = error.fields;
        throw error;
      }
    },
    onError: (error) => {
      if (error instanceof ApiError) this.emit('lp-load-error', { error, path: '/leads' });
    },
  });

  constructor() {
    super();
    this.first = 0;
    this.filter = {};
    this.sort = { by: 'purchased_at', order: 'desc' };
    this.errors = {};
    this.status = '';
    this.loadingMore = false;
    this.moreError = '';
    this.exportError = '';
  }

  #reset(): void {
    this.items = undefined;
    this.first = 0;
    this.#scrollTop = 0;
    const scroll = this.#scroller;
    if (scroll) scroll.scrollTop = 0;
  }

  #take(page: LeadList, before: LeadSummary[]): void {
    const known = new Set(before.map((lead) => lead.id));
    this.items = [...before, ...page.items.filter((lead) => !known.has(lead.id))];
    this.#next = page.next_cursor;
    this.#columns = page.columns;
    this.status = messages.shown(this.items.length, !!this.#next);
  }

  /** The filter and sort as the API takes them (`limit` and `cursor` aside); also the export's query. */
  #query(): string {
    const params = new URLSearchParams();
    for (const key of FILTERS) if (this.filter[key]) params.set(key, this.filter[key]);
    params.set('sort', this.sort.by);
    params.set('order', this.sort.order);
    return params.toString();
  }

  get #scroller() {
    return this.renderRoot?.querySelector<HTMLElement>('.scroll');
  }

  get #storageKey(): string | undefined {
    const user = this.#session.value?.user.id;
    return user && `lp-leads-table/columns/${user}`;
  }

  get #allColumns(): Column[] {
    const money = (lead: LeadSummary) => this.formatMoney(lead.price_cents);
    const fixed: Column[] = [
      { key: 'purchased', label: messages.columns.purchased, sort: 'purchased_at', cell: (lead) => formatDateTime(lead.purchased_at, this.resolvedLocale) },
      { key: 'lead_type', label: messages.columns.lead_type, cell: (lead) => lead.lead_type.name },
      { key: 'source', label: messages.columns.source, cell: (lead) => lead.source.bid?.name ?? sources[lead.source.kind] },
      { key: 'location', label: messages.columns.location, cell: (lead) => [lead.county, lead.state].filter(Boolean).join(', ') },
      { key: 'price', label: messages.columns.price, numeric: true, sort: 'price', cell: money },
      { key: 'return', label: messages.columns.return, cell: (lead) => (lead.return ? html`<span class="chip ${TONES[lead.return.status]}">${messages.returns[lead.return.status]}</span>` : '') },
    ];
    // The name is the row's own button; its fields are not offered again.
    const fields = this.#columns
      .filter((c) => c.key !== 'first_name' && c.key !== 'last_name')
      .map((c): Column => ({ key: c.key, label: c.label, numeric: c.type === 'number', cell: (lead) => this.#value(lead.fields[c.key], c.type) }));
    return [...fixed, ...fields];
  }

  get #visible(): string[] {
    if (this.chosen) return this.chosen;
    try {
      const key = this.#storageKey;
      const saved = key && (JSON.parse(localStorage.getItem(key) ?? 'null') as unknown);
      if (Array.isArray(saved)) return saved.filter((k): k is string => typeof k === 'string');
    } catch {
      // storage blocked or unreadable: the defaults apply
    }
    return DEFAULT_COLUMNS;
  }

  #value(value: string | number | boolean | null | undefined, type: LeadColumn['type']): string {
    if (value === null || value === undefined || value === '') return '';
    if (typeof value === 'boolean') return value ? '✓' : '✗';
    if (type === 'date' && typeof value === 'string') return formatDate(value, this.resolvedLocale);
    return typeof value === 'number' ? value.toLocaleString(this.resolvedLocale) : value;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Remember where the list was: the detail replaces it, "Back" restores it.
    if (changed.has('lead') && this.lead) this.#scrollTop = this.#scroller?.scrollTop ?? this.#scrollTop;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('lead') && this.lead) {
      // Opened here (not by a link or the address bar): the focus follows to the detail's "Back".
      if (this.#opened) this.renderRoot.querySelector<HTMLElement>('.back')?.focus();
    } else if (changed.has('lead') && changed.get('lead') && this.items) {
      const scroll = this.#scroller;
      if (scroll) scroll.scrollTop = this.#scrollTop;
      this.#onScroll();
      const index = this.items.findIndex((lead) => lead.id === this.#opened);
      if (index >= 0) void this.#focusRow(index);
    }
    const table = this.renderRoot.querySelector('table');
    if (!table || !this.items) return;
    const row = table.querySelector<HTMLElement>('tbody tr[data-i]');
    if (!this.#rowHeight && row) this.#rowHeight = row.offsetHeight;
    // The rows not rendered are stand-ins of the same height (CSSOM, not a style attribute: CSP).
    const height = this.#rowHeight || 40;
    const shown = this.#window();
    table.style.setProperty('--lp-before', `${shown.start * height}px`);
    table.style.setProperty('--lp-after', `${(this.items.length - shown.end) * height}px`);
  }

  #window(): { start: number; end: number } {
    const total = this.items?.length ?? 0;
    const height = this.#rowHeight || 40;
    const fits = Math.ceil((this.#scroller?.clientHeight || 640) / height);
    const start = Math.max(0, Math.min(this.first, total - fits) - OVERSCAN);
    return { start, end: Math.min(total, this.first + fits + OVERSCAN) };
  }

  #onScroll = (): void => {
    const scroll = this.#scroller;
    if (scroll && this.#rowHeight) this.first = Math.floor(scroll.scrollTop / this.#rowHeight);
  };

  protected override render() {
    if (this.lead) return this.#renderDetail(this.lead);
    return html`${this.#renderFilters()}
      <p class="muted" role="status">${this.status}</p>
      ${this.exportError ? renderAlert(this.exportError) : nothing}
      ${this.items === undefined
        ? this.#list.render({
            initial: () => renderLoading(messages.loading),
            pending: () => renderLoading(messages.loading),
            error: (error) => (error instanceof ApiError && error.status === 400 ? renderAlert(messages.badFilter) : renderLoadError(error, () => void this.#list.run())),
          })
        : this.#renderList(this.items)}`;
  }

  #field(name: string, label: string, control: TemplateResult): TemplateResult {
    return html`<div class="field">
      <label for=${name}>${label}</label>${control}
      ${renderFieldError(name, this.errors[name])}
    </div>`;
  }

  #renderFilters(): TemplateResult {
    const f = this.filter;
    const select = (name: 'lead_type_id' | 'bid_id' | 'return_status', options: [string, string][]) =>
      html`<select id=${name} name=${name}>
        <option value="">${messages.any}</option>
        ${options.map(([value, label]) => html`<option value=${value} ?selected=${f[name] === value}>${label}</option>`)}
      </select>`;
    // A filter the server or the form refused points at its error.
    const input = (name: 'q' | 'from' | 'to' | 'state', type: string, extra?: string) => {
      const error = !!this.errors[name];
      return html`<input id=${name} name=${name} type=${type} .value=${f[name] ?? ''} placeholder=${extra ?? nothing} aria-invalid=${error || nothing} aria-describedby=${error ? `${name}-error` : nothing} />`;
    };
    const active = FILTERS.some((key) => f[key]);
    return html`<form class="filters" novalidate aria-label=${messages.filters} @submit=${this.#apply}>
      ${this.#field('q', messages.search, input('q', 'search', messages.searchHint))}
      ${this.#field('from', messages.from, input('from', 'date'))}
      ${this.#field('to', messages.to, input('to', 'date'))}
      ${this.#field('lead_type_id', messages.columns.lead_type, select('lead_type_id', (this.#leadTypes.value?.items ?? []).map((t) => [t.id, t.name])))}
      ${this.#field('bid_id', messages.bid, select('bid_id', (this.#bids.value?.items ?? []).map((b) => [b.id, b.name])))}
      ${this.#field('return_status', messages.columns.return, select('return_status', Object.entries(messages.returns)))}
      ${this.#field('state', messages.state, input('state', 'text', 'TX'))}
      <div class="actions">
        <button type="submit" class="button primary">${messages.apply}</button>
        ${active ? html`<button type="button" class="button" @click=${this.#clear}>${messages.clear}</button>` : nothing}
        ${this.#renderChooser()}
        ${this.exporting
          ? html`<button type="button" class="button" part="action" data-cancel @click=${() => this.exporting?.abort()}>${coreMessages.cancel}</button>`
          : html`<button type="button" class="button" part="action" data-export @click=${this.#export}>${messages.export}</button>`}
      </div>
    </form>`;
  }

  #renderChooser(): TemplateResult {
    const visible = this.#visible;
    return html`<details class="chooser">
      <summary class="button" part="action">${messages.columnsButton}</summary>
      <fieldset>
        <legend>${messages.columnsLegend}</legend>
        ${this.#allColumns.map(
          (c) => html`<label><input type="checkbox" value=${c.key} .checked=${visible.includes(c.key)} @change=${this.#choose} />${c.label}</label>`,
        )}
      </fieldset>
    </details>`;
  }

  #renderList(items: LeadSummary[]): TemplateResult {
    if (!items.length) {
      const filtered = FILTERS.some((key) => this.filter[key]);
      return html`<div class="empty">
        <p>${filtered ? messages.noMatch : messages.empty}</p>
        ${filtered ? html`<button type="button" class="button" @click=${this.#clear}>${messages.clear}</button>` : html`<p>${messages.emptyHint}</p>`}
      </div>`;
    }
    const visible = this.#visible;
    const columns = this.#allColumns.filter((c) => visible.includes(c.key));
    const { start, end } = this.#window();
    const spacer = (where: string) => html`<tr class="spacer ${where}" aria-hidden="true"><td colspan=${columns.length + 1}></td></tr>`;
    return html`<div class="scroll" @scroll=${this.#onScroll}>
        <table part="table" aria-rowcount=${items.length + 1}>
          <caption class="visually-hidden">${messages.caption}</caption>
          <thead>
            <tr aria-rowindex="1">
              <th scope="col">${messages.columns.name}</th>
              ${columns.map((c) => this.#renderHeader(c))}
            </tr>
          </thead>
          <tbody @click=${this.#onRowClick} @keydown=${this.#onKey}>
            ${spacer('before')}
            ${items.slice(start, end).map((lead, i) => this.#renderRow(lead, start + i, columns))}
            ${spacer('after')}
          </tbody>
        </table>
      </div>
      ${this.moreError ? renderAlert(this.moreError) : nothing}
      ${this.#next
        ? html`<button type="button" class="button more" part="action" data-more aria-disabled=${this.loadingMore ? 'true' : nothing} @click=${this.#loadMore}>
            ${this.loadingMore ? coreMessages.loading : coreMessages.loadMore}
          </button>`
        : nothing}`;
  }

  #renderHeader({ sort, label, numeric }: Column): TemplateResult {
    const sorted = this.sort.by === sort ? this.sort.order : undefined;
    return html`<th scope="col" class=${numeric ? 'numeric' : ''} aria-sort=${sort ? (sorted ? `${sorted}ending` : 'none') : nothing}>
      ${sort
        ? html`<button type="button" class="sort" data-sort=${sort} aria-label=${messages.sortBy(label)} @click=${() => this.#sortBy(sort)}>
            ${label}<span aria-hidden="true">${sorted === 'asc' ? '▲' : sorted ? '▼' : '↕'}</span>
          </button>`
        : label}
    </th>`;
  }

  #renderRow(lead: LeadSummary, index: number, columns: Column[]): TemplateResult {
    return html`<tr part="row" data-i=${index} aria-rowindex=${index + 2}>
      <th scope="row"><button type="button" class="open" data-i=${index}>${leadName(lead.fields) || messages.unnamed}</button></th>
      ${columns.map((c) => html`<td class=${c.numeric ? 'numeric' : ''} part=${c.key === 'price' ? 'amount' : nothing}>${c.cell(lead)}</td>`)}
    </tr>`;
  }

  #renderDetail(id: string): TemplateResult {
    // Its own chunk, loaded on first use (D26); placed alone, the table lends it its own settings.
    void import('../lead-detail/lead-detail.js');
    return html`<button type="button" class="button back" @click=${this.#back}>← ${messages.back}</button>
      <lp-lead-detail
        lead-id=${id}
        .token=${this.token}
        .fetchToken=${this.fetchToken}
        .transport=${this.transport}
        .apiBase=${this.apiBase}
        .customerId=${this.customerId}
        .locale=${this.locale}
        .currency=${this.currency}
        @lp-return-requested=${this.#onReturned}
      ></lp-lead-detail>`;
  }

  #open(index: number): void {
    const lead = this.items?.[index];
    if (!lead) return;
    this.#opened = lead.id;
    if (this.emit('lp-navigate', { section: 'leads', item: lead.id }, { cancelable: true })) this.lead = lead.id;
  }

  #back = (): void => {
    if (this.emit('lp-navigate', { section: 'leads' }, { cancelable: true })) this.lead = undefined;
  };

  #onReturned = (event: GlobalEventHandlersEventMap['lp-return-requested']): void => {
    const { lead_id, return: ret } = event.detail;
    this.items = this.items?.map((lead) => (lead.id === lead_id ? { ...lead, return: ret } : lead));
  };

  #onRowClick = (event: Event): void => {
    // The whole row opens the lead; its button is what the keyboard reaches.
    const row = (event.target as Element).closest<HTMLElement>('tr[data-i]');
    if (row) this.#open(Number(row.dataset['i']));
  };

  /** Up and down move between rows, scrolling rows into the rendered window first. */
  #onKey = (event: KeyboardEvent): void => {
    const from = (event.target as HTMLElement).closest<HTMLElement>('button.open');
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (!from || !step) return;
    event.preventDefault();
    void this.#focusRow(Number(from.dataset['i']) + step);
  };

  async #focusRow(index: number): Promise<void> {
    if (!this.items || index < 0 || index >= this.items.length) return;
    const { start, end } = this.#window();
    if (index < start + 1 || index >= end - 1) {
      const scroll = this.#scroller;
      if (scroll && this.#rowHeight) scroll.scrollTop = Math.max(0, (index - 2) * this.#rowHeight);
      this.#onScroll();
      this.first = Math.max(0, index - 2);
    }
    await this.updateComplete;
    const button = this.renderRoot.querySelector<HTMLElement>(`button.open[data-i="${index}"]`);
    button?.focus();
    button?.scrollIntoView({ block: 'nearest' });
  }

  #sortBy(by: LeadSort): void {
    this.sort = { by, order: this.sort.by === by && this.sort.order === 'desc' ? 'asc' : 'desc' };
  }

  #apply = (event: SubmitEvent): void => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const filter: Filter = {};
    for (const key of FILTERS) {
      const value = String(data.get(key) ?? '').trim();
      if (value) filter[key] = key === 'state' ? value.toUpperCase() : value;
    }
    const errors: Record<string, string> = {};
    if (filter.from && filter.to && filter.to < filter.from) errors['to'] = messages.toBeforeFrom;
    if (filter.state && !/^[A-Z]{2}$/.test(filter.state)) errors['state'] = messages.badState;
    this.errors = errors;
    const invalid = Object.keys(errors)[0];
    if (invalid) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${invalid}`)?.focus());
      return;
    }
    this.moreError = '';
    this.filter = filter;
  };

  #clear = (): void => {
    this.renderRoot.querySelector('form')?.reset();
    this.errors = {};
    this.filter = {};
  };

  #choose = (event: Event): void => {
    const fieldset = (event.target as HTMLElement).closest('fieldset')!;
    this.chosen = [...fieldset.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => input.value);
    try {
      const key = this.#storageKey;
      if (key) localStorage.setItem(key, JSON.stringify(this.chosen));
    } catch {
      // storage blocked: the choice lasts for this page
    }
  };

  #loadMore = async (): Promise<void> => {
    const client = this.portal?.client;
    const cursor = this.#next;
    if (!client || !cursor || this.loadingMore) return;
    this.loadingMore = true;
    this.moreError = '';
    try {
      const page = await client.get<LeadList>(`/leads?${this.#query()}&limit=${PAGE_SIZE}&cursor=${encodeURIComponent(cursor)}`);
      this.#take(page, this.items ?? []);
    } catch (error) {
      this.moreError = errorText(error, messages.moreFailed);
    } finally {
      this.loadingMore = false;
    }
  };

  #export = async (): Promise<void> => {
    const client = this.portal?.client;
    if (!client || this.exporting) return;
    const controller = (this.exporting = new AbortController());
    this.exportError = '';
    const size = (bytes: number) => formatSize(bytes, this.resolvedLocale);
    this.status = messages.exporting(size(0));
    try {
      const blob = await client.download(`/leads/export.csv?${this.#query()}`, {
        signal: controller.signal,
        onProgress: (received) => (this.status = messages.exporting(size(received))),
      });
      const rows = countRecords(await blob.text()) - 1; // less the header
      // Named like the server names it.
      saveFile(this.renderRoot, blob, `leads-${new Date().toLocaleDateString('sv')}.csv`);
      this.status = messages.exported(rows, size(blob.size));
    } catch (error) {
      this.status = controller.signal.aborted ? messages.exportCancelled : '';
      if (!controller.signal.aborted) this.exportError = errorText(error, messages.exportFailed);
    } finally {
      this.exporting = undefined;
    }
  };

}

/** Records in RFC 4180 CSV text: line breaks outside quotes (a quoted cell may hold one). */
export function countRecords(text: string): number {
  let records = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) records++;
  }
  return text && !text.endsWith('\n') ? records + 1 : records;
}

define('lp-leads-table', LpLeadsTable);

declare global {
  interface HTMLElementTagNameMap {
    'lp-leads-table': LpLeadsTable;
  }
}
