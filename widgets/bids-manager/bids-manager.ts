import { initialState, Task } from '../core/task.js';
import { coreMessages } from '../core/messages.js';
import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { ApiError, type ApiClient } from '../core/api-client.js';
import type { Session } from '../core/api.js';
import { ApiResource, firstFailure } from '../core/api-resource.js';
import { define } from '../core/define.js';
import { emit } from '../core/events.js';
import { errorText, formStyles, renderAlert, renderConfirm } from '../core/forms.js';
import { archive, checkCircle, icon, pauseCircle, plus, xCircle, type Icon } from '../core/icons.js';
import { renderLoadError, renderLoading } from '../core/load-states.js';
import { LpElement } from '../core/lp-element.js';
import { sharedStyles, tableStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import type { BidFormSubmit, LpBidForm } from './bid-form.js';
import type { Bid, BidChangeAction, BidList, BidStatus, LeadTypeList } from './bid-types.js';
import { messages } from './bids-manager.messages.js';
import { styles } from './bids-manager.styles.js';
import { stateByCode } from './us-states.js';

declare global {
  interface GlobalEventHandlersEventMap {
    /** A bid was created, changed, paused, resumed, duplicated, archived or deleted (DECISIONS D22). */
    'lp-bid-changed': CustomEvent<{ action: BidChangeAction; bid_id: string }>;
  }
}

/** Rows per request; a reload after a change asks for as many as are shown (the API allows 200). */
const PAGE_SIZE = 25;
const MAX_PAGE = 200;

/** Roles that may change bids (server/auth/roles.ts `bids.write`). */
const WRITERS = new Set(['admin', 'buyer']);

const statusLook: Record<BidStatus, { tone: string; icon: Icon }> = {
  active: { tone: 'tone-success', icon: checkCircle },
  paused: { tone: 'tone-warning', icon: pauseCircle },
  archived: { tone: 'tone-neutral', icon: archive },
};

/**
 * @summary The customer's bids: position, whether each competes now and why not; create, edit, pause, resume,
 * duplicate and delete them.
 *
 * Lists bids newest first ("Load more" fetches the next page). Users whose role may not change bids (viewer,
 * billing) see the list without write controls. The create/edit form checks the amount against the lead
 * type's pricing, the scope, ZIPs, field rules and schedule as the server does, and shows the server's own
 * field errors beside the inputs. Per-bid caps live in `<lp-bidding-limits>`. Inside `<lp-portal>`, each
 * change makes the portal's other widgets (the wallet's funding status) reload.
 *
 * @fires lp-bid-changed - `{ action, bid_id }`: `created`, `updated`, `paused`, `resumed`, `duplicated`, `archived` or `deleted`.
 * @fires lp-load-error - The bids could not be loaded.
 * @fires lp-session-expired - Placed alone, when its session ended.
 *
 * @csspart create - The "New bid" button.
 * @csspart table - The table of bids.
 * @csspart row - A bid's row.
 * @csspart amount - A bid's amount.
 * @csspart status - A bid's status chip.
 * @csspart competing - Whether a bid competes now, and why not.
 * @csspart today - What a bid won and spent today.
 * @csspart action - A row's action buttons.
 *
 * @cssprop --lp-bids-manager-header-background - Background of the table header (default: `--lp-sys-color-surface-variant`).
 * @cssprop --lp-bids-manager-row-hover-background - Background of a row under the pointer (default: `--lp-sys-color-surface-hover`).
 */
export class LpBidsManager extends LpElement {
  static override styles = [themeStyles, sharedStyles, tableStyles, formStyles, styles];

  static override properties: PropertyDeclarations = {
    bids: { state: true },
    nextCursor: { state: true },
    loadingMore: { state: true },
    busy: { state: true },
    notice: { state: true },
    actionError: { state: true },
    confirming: { state: true },
  };

  private declare bids?: Bid[];
  private declare nextCursor: string | null;
  private declare loadingMore: boolean;
  /** Bids with a request in flight: their buttons wait. */
  private declare busy: ReadonlySet<string>;
  /** The last change, said politely. */
  private declare notice: string;
  private declare actionError: string;
  /** The bid the delete confirmation is about. */
  /** The bid whose delete or archive waits for the user's confirmation. */
  private declare confirming?: { bid: Bid; kind: 'delete' | 'archive' };

  readonly #session = new ApiResource<Session>(this, '/session');
  readonly #leadTypes = new ApiResource<LeadTypeList>(this, '/lead-types');
  #listOf?: ApiClient;

  readonly #list = new Task(this, {
    args: () => [this.portal?.client, this.portal?.revision] as const,
    task: async ([client], { signal }) => {
      if (!client) return initialState;
      // Another customer's list starts over; a reload of the same list keeps as many rows as were shown.
      if (client !== this.#listOf) this.bids = undefined;
      this.#listOf = client;
      const limit = Math.min(MAX_PAGE, Math.max(PAGE_SIZE, this.bids?.length ?? 0));
      const page = await client.get<BidList>(`/bids?limit=${limit}`, { signal });
      this.bids = page.items;
      this.nextCursor = page.next_cursor;
      return page;
    },
    onError: (error) => {
      if (error instanceof ApiError) emit(this, 'lp-load-error', { error, path: '/bids' });
    },
  });

  constructor() {
    super();
    this.nextCursor = null;
    this.loadingMore = false;
    this.busy = new Set();
    this.notice = '';
    this.actionError = '';
  }

  get #form() {
    return this.renderRoot.querySelector('lp-bid-form') as LpBidForm | null;
  }

  get #confirm() {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog.confirm');
  }

  /** Write controls only once the session says the role may write: a viewer never sees them flash by. */
  get #canWrite(): boolean {
    const role = this.#session.value?.active_customer.role;
    return role !== undefined && WRITERS.has(role);
  }

  protected override render() {
    const bids = this.bids;
    if (bids === undefined) {
      return this.#list.render({
        initial: () => renderLoading(messages.loading),
        pending: () => renderLoading(messages.loading),
        error: (error) => renderLoadError(error, this.#retry),
      });
    }
    // The list loaded but the session (the role) or the lead types did not: say so, with their own retry.
    const failed = firstFailure([this.#session, this.#leadTypes]);
    if (failed) return failed;
    const session = this.#session.value;
    return html`
      <div class="toolbar">
        ${this.#canWrite
          ? bids.length > 0 ? this.#renderCreate() : nothing
          : session
            ? html`<p class="muted">${messages.readOnly}</p>`
            : nothing}
        <p class="muted" role="status">${this.notice}</p>
      </div>
      ${renderAlert(this.actionError)}
      ${bids.length === 0 ? this.#renderEmpty() : this.#renderTable(bids)}
      ${this.#canWrite ? this.#renderDialogs(session!) : nothing}
    `;
  }

  #renderCreate(): TemplateResult {
    return html`<button type="button" class="button primary" part="create" @click=${() => void this.#openForm()}>${icon(plus)}${messages.create}</button>`;
  }

  #renderEmpty(): TemplateResult {
    return html`<div class="empty">
      <p class="empty__title">${messages.empty}</p>
      <p class="muted">${messages.emptyHint}</p>
      ${this.#canWrite ? this.#renderCreate() : nothing}
    </div>`;
  }

  #renderTable(bids: Bid[]): TemplateResult {
    const columns = messages.columns;
    const canWrite = this.#canWrite;
    return html`<div class="scroll" tabindex="0" role="region" aria-labelledby="caption">
        <table part="table">
          <caption id="caption">${messages.caption}</caption>
          <thead>
            <tr>
              <th scope="col">${columns.name}</th>
              <th scope="col">${columns.leadType}</th>
              <th scope="col">${columns.scope}</th>
              <th scope="col" class="numeric">${columns.amount}</th>
              <th scope="col">${columns.status}</th>
              <th scope="col" class="numeric">${columns.position}</th>
              <th scope="col">${columns.competing}</th>
              <th scope="col" class="numeric">${columns.today}</th>
              ${canWrite ? html`<th scope="col">${columns.actions}</th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${bids.map((bid) => this.#renderRow(bid, canWrite))}
          </tbody>
        </table>
      </div>
      ${this.nextCursor
        ? html`<button type="button" class="button more" ?disabled=${this.loadingMore} @click=${this.#loadMore}>
            ${this.loadingMore ? coreMessages.loading : coreMessages.loadMore}
          </button>`
        : nothing}`;
  }

  #renderRow(bid: Bid, canWrite: boolean): TemplateResult {
    const look = statusLook[bid.status];
    const leadType = this.#leadTypes.value?.items.find((type) => type.id === bid.lead_type_id);
    return html`<tr part="row">
      <th scope="row">${bid.name}</th>
      <td>${leadType?.name ?? bid.lead_type_id}</td>
      <td>${this.#scopeText(bid)}</td>
      <td class="numeric" part="amount">${this.formatMoney(bid.amount_cents)}</td>
      <td><span class="chip ${look.tone}" part="status">${icon(look.icon)}${messages.status[bid.status]}</span></td>
      <td class="numeric"><span aria-label=${messages.positionLabel(bid.position)}>${messages.position(bid.position)}</span></td>
      <td part="competing">
        ${bid.competing
          ? html`<span class="chip tone-success">${icon(checkCircle)}${messages.competing}</span>`
          : html`<span class="chip tone-neutral">${icon(xCircle)}${messages.notCompeting}</span>
              ${bid.not_competing_reason ? html`<span class="reason">${messages.reasons[bid.not_competing_reason]}</span>` : nothing}`}
      </td>
      <td class="numeric" part="today">${messages.today(bid.today.wins, this.formatMoney(bid.today.spend_cents))}</td>
      ${canWrite ? html`<td>${this.#renderActions(bid)}</td>` : nothing}
    </tr>`;
  }

  #renderActions(bid: Bid): TemplateResult {
    // aria-disabled, not disabled: a disabled button would drop the keyboard focus while its request runs.
    const busy = this.busy.has(bid.id) ? 'true' : nothing;
    const live = bid.status !== 'archived';
    const action = (label: string, run: () => unknown, extra = '') =>
      html`<button type="button" class="button small ${extra}" part="action" aria-disabled=${busy} @click=${run}>${label}</button>`;
    return html`<div class="actions" role="group" aria-label=${messages.actionsFor(bid.name)}>
      ${action(messages.edit, () => this.#openForm(bid))}
      ${live
        ? bid.status === 'active'
          ? action(messages.pause, () => this.#act(bid, 'pause'))
          : action(messages.resume, () => this.#act(bid, 'resume'))
        : nothing}
      ${action(messages.duplicate, () => this.#act(bid, 'duplicate'))}
      ${live ? action(messages.archive, () => this.#ask(bid, 'archive')) : nothing}
      ${action(messages.delete, () => this.#ask(bid, 'delete'), 'danger')}
    </div>`;
  }

  #renderDialogs(session: Session): TemplateResult {
    const confirming = this.confirming;
    const text = messages.confirm[confirming?.kind ?? 'delete'];
    const busy = !!confirming && this.busy.has(confirming.bid.id);
    return html`<lp-bid-form
        .leadTypes=${this.#leadTypes.value?.items ?? []}
        timezone=${session.active_customer.timezone}
        locale=${this.resolvedLocale}
        currency=${this.currency || this.portal?.currency || session.provider.currency}
        @bid-form-submit=${this.#onSubmit}
      ></lp-bid-form>
      ${renderConfirm({
        title: text.title,
        text: confirming ? text.text(confirming.bid.name) : nothing,
        action: text.action,
        busy,
        busyText: text.busy,
        onConfirm: this.#confirmed,
        onClose: () => (this.confirming = undefined),
      })}`;
  }

  #retry = (): void => {
    void this.#list.run();
    for (const resource of [this.#session, this.#leadTypes]) if (resource.value === undefined && !resource.pending) resource.retry();
  };

  #scopeText({ scope }: Bid): string {
    if (scope.kind === 'nationwide') return messages.scope.nationwide;
    const state = stateByCode(scope.state)?.name ?? scope.state ?? '';
    return scope.kind === 'state' ? state : messages.scope.county(scope.county_name ?? scope.county_fips ?? '', scope.state ?? '');
  }

  /** The form is its own chunk, loaded on first use: most visits only read the table (D26 budget). */
  async #openForm(bid?: Bid): Promise<void> {
    this.actionError = '';
    try {
      await import('./bid-form.js');
    } catch {
      this.actionError = coreMessages.actionFailed;
      return;
    }
    await this.#form?.show(bid);
  }

  #ask(bid: Bid, kind: 'delete' | 'archive'): void {
    this.actionError = '';
    this.confirming = { bid, kind };
    this.#confirm?.showModal();
  }

  #onSubmit = async (event: CustomEvent<BidFormSubmit>): Promise<void> => {
    const { body, bidId, idempotencyKey } = event.detail;
    const client = this.portal?.client;
    const form = this.#form;
    if (!client || !form) return;
    try {
      const bid = bidId
        ? await client.request<Bid>('PATCH', `/bids/${encodeURIComponent(bidId)}`, body)
        : await client.post<Bid>('/bids', body, { headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} });
      form.saved();
      this.#changed(bid, bidId ? 'updated' : 'created');
    } catch (error) {
      await form.failed(error);
    }
  };

  /**
   * Pause, resume, duplicate or archive: one POST that answers with the bid (or its copy); or delete. The change
   * is named by the verb's past tense ("paused", "deleted").
   */
  async #act(bid: Bid, verb: 'pause' | 'resume' | 'duplicate' | 'archive' | 'delete'): Promise<void> {
    await this.#withBusy(bid, async (client) => {
      const path = `/bids/${encodeURIComponent(bid.id)}`;
      const result = verb === 'delete' ? (await client.request<void>('DELETE', path), bid) : await client.post<Bid>(`${path}/${verb}`);
      this.#changed(result, `${verb}d`);
    });
  }

  /** Delete, or archive for good, once confirmed; the dialog closes either way (an error shows above the list). */
  #confirmed = async (): Promise<void> => {
    const bid = this.confirming?.bid;
    if (!bid || this.busy.has(bid.id)) return;
    await this.#act(bid, this.confirming!.kind);
    if (this.actionError) return this.#confirm?.close();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part="create"]')?.focus();
  };

  async #withBusy(bid: Bid, work: (client: ApiClient) => Promise<void>): Promise<void> {
    const client = this.portal?.client;
    if (!client || this.busy.has(bid.id)) return;
    this.actionError = '';
    this.busy = new Set([...this.busy, bid.id]);
    try {
      await work(client);
    } catch (error) {
      // 409 bidding_disabled / bidding_locked carry a message meant for the user (what to do to bid again).
      this.actionError = errorText(error, coreMessages.actionFailed, true);
    } finally {
      this.busy = new Set([...this.busy].filter((id) => id !== bid.id));
    }
  }

  /** Shows the change in the list at once (closing the confirmation, if one asked), says so, and tells the page (D22). */
  #changed(bid: Bid, action: BidChangeAction): void {
    this.#confirm?.close();
    const bids = this.bids ?? [];
    if (action === 'deleted') this.bids = bids.filter((b) => b.id !== bid.id);
    else if (action === 'created' || action === 'duplicated') this.bids = [bid, ...bids];
    else this.bids = bids.map((b) => (b.id === bid.id ? bid : b));
    this.notice = messages.done(action, bid.name);
    this.emit('lp-bid-changed', { action, bid_id: bid.id });
  }

  #loadMore = async (): Promise<void> => {
    const client = this.portal?.client;
    if (!client || !this.nextCursor || this.loadingMore) return;
    this.loadingMore = true;
    this.actionError = '';
    try {
      const page = await client.get<BidList>(`/bids?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(this.nextCursor)}`);
      const known = new Set(this.bids?.map((bid) => bid.id));
      this.bids = [...(this.bids ?? []), ...page.items.filter((bid) => !known.has(bid.id))];
      this.nextCursor = page.next_cursor;
    } catch (error) {
      this.actionError = errorText(error, coreMessages.actionFailed, true);
    } finally {
      this.loadingMore = false;
    }
  };
}

define('lp-bids-manager', LpBidsManager);

declare global {
  interface HTMLElementTagNameMap {
    'lp-bids-manager': LpBidsManager;
  }
}
