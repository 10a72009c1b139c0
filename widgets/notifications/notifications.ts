import { initialState, Task } from '../core/task.js';
import { coreMessages } from '../core/messages.js';
import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { ApiError, type ApiClient } from '../core/api-client.js';
import type { Session } from '../core/api.js';
import { ApiResource, firstFailure } from '../core/api-resource.js';
import { define } from '../core/define.js';
import { emit } from '../core/events.js';
import { errorText, formStyles, renderAlert, renderConfirm, renderFieldError } from '../core/forms.js';
import { formatDateTime } from '../core/format.js';
import { icon, plus } from '../core/icons.js';
import { renderLoadError, renderLoading } from '../core/load-states.js';
import { LpElement } from '../core/lp-element.js';
import { sharedStyles, tableStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import type {
  BidList, Delivery, DeliveryList, DeliveryStatus, NotificationSettings, Recipient, RecipientList, RecipientSaved, RotatedSecret,
  SigningSecretStatus, TestSendResult,
} from './notification-types.js';
import { messages } from './notifications.messages.js';
import { styles } from './notifications.styles.js';
import { checkDraft, draftOf, type FieldErrors, type RecipientDraft } from './recipient-draft.js';

/** A customer has a handful of recipients: one request of the API's largest page. The log shows 15 at a time. */
const RECIPIENTS = '/notifications/recipients';
const LOG_PAGE = 15;
/** Roles that may change notifications (server/auth/roles.ts `notifications.write`). */
const WRITERS = new Set(['admin', 'buyer']);
const statusTone: Record<DeliveryStatus, string> = { pending: 'neutral', sending: 'neutral', sent: 'success', failed: 'warning', dead: 'danger' };
const text = messages.form;
const path = (id: string) => `${RECIPIENTS}/${encodeURIComponent(id)}`;
const valueOf = (e: Event) => (e.target as HTMLInputElement).value;

type Confirming = { recipient?: Recipient };

/**
 * @summary Where the customer's notices go: email, text message and webhook recipients, a test send, the webhook
 * signing secret and the delivery log.
 *
 * Lists recipients with their channel, address, notices and bids; adds and edits them in a dialog that checks the
 * address as the server does (email, E.164 phone, https URL) and shows the server's own field errors, e.g. a webhook
 * URL pointing at a private address. Each recipient can be turned off, tested (the receiver's answer is shown) or
 * removed. A new signing secret (the first webhook's, or after "Rotate secret") is shown once, with a copy button.
 * The delivery log shows each attempt's status, response code and error, for all recipients, one recipient or one
 * lead, 15 at a time. Viewers (and the billing role) see everything without write controls.
 *
 * @fires lp-load-error - The recipients or the log could not be loaded.
 * @fires lp-session-expired - Placed alone, when its session ended.
 *
 * @csspart create - The "Add recipient" button.
 * @csspart table - The table of recipients.
 * @csspart row - A recipient's row.
 * @csspart log - The delivery log's table.
 *
 * @cssprop --lp-notifications-header-background - Background of table headers (default: `--lp-sys-color-surface-variant`).
 */
export class LpNotifications extends LpElement {
  static override styles = [themeStyles, sharedStyles, tableStyles, formStyles, styles];

  static override properties: PropertyDeclarations = {
    recipients: { state: true },
    deliveries: { state: true },
    logFilter: { state: true },
    busy: { state: true },
    notice: { state: true },
    actionError: { state: true },
    confirming: { state: true },
    secret: { state: true },
    secretStatus: { state: true },
    editing: { state: true },
    draft: { state: true },
    errors: { state: true },
    formError: { state: true },
  };

  private declare recipients?: Recipient[];
  private declare deliveries?: DeliveryList;
  /** The log shows one recipient's or one lead's deliveries (`recipient_id` / `lead_id`), or all. */
  private declare logFilter?: { key: 'recipient_id' | 'lead_id'; id: string; label: string };
  /** Ids with a request in flight ('form', 'more', 'rotate', a recipient's): their buttons wait. */
  private declare busy: ReadonlySet<string>;
  /** The last outcome, said politely. */
  private declare notice: string;
  private declare actionError: string;
  /** The delete (of `recipient`) or rotation waiting for confirmation. */
  private declare confirming?: Confirming;
  /** A signing secret the server shows only once. */
  private declare secret: string;
  /** The secret's status after this widget changed it (the settings reply is older). */
  private declare secretStatus?: SigningSecretStatus;
  /** The recipient the form edits; null for a new one. */
  private declare editing: Recipient | null;
  private declare draft: RecipientDraft;
  private declare errors: FieldErrors;
  private declare formError: string;

  readonly #session = new ApiResource<Session>(this, '/session');
  readonly #settings = new ApiResource<NotificationSettings>(this, '/notifications/settings');
  readonly #bids = new ApiResource<BidList>(this, '/bids?limit=200');
  #listOf?: ApiClient;
  /** Set once the user tried to save: from then on each change is checked at once. */
  #checked = false;

  readonly #list = new Task(this, {
    args: () => [this.portal?.client, this.portal?.revision] as const,
    task: async ([client], { signal }) => {
      if (!client) return initialState;
      // Another customer's recipients start over, and so does the log's filter.
      if (client !== this.#listOf) this.recipients = this.logFilter = undefined;
      this.#listOf = client;
      this.recipients = (await client.get<RecipientList>(`${RECIPIENTS}?limit=200`, { signal })).items;
    },
    onError: (error) => this.#loadError(error, RECIPIENTS),
  });

  readonly #log = new Task(this, {
    args: () => [this.portal?.client, this.portal?.revision, this.logFilter] as const,
    task: async ([client], { signal }) => (client ? (this.deliveries = await client.get<DeliveryList>(this.#logPath(), { signal })) : initialState),
    onError: (error) => this.#loadError(error, '/notifications/deliveries'),
  });

  constructor() {
    super();
    Object.assign(this, { busy: new Set(), notice: '', actionError: '', secret: '', editing: null, draft: draftOf(), errors: {}, formError: '' });
  }

  get #canWrite(): boolean {
    return WRITERS.has(this.#session.value?.active_customer.role ?? '');
  }

  #dialog(name: 'form' | 'confirm') {
    return this.renderRoot.querySelector<HTMLDialogElement>(`dialog.${name}`);
  }

  #loadError(error: unknown, path: string): void {
    if (error instanceof ApiError) emit(this, 'lp-load-error', { error, path });
  }

  #logPath(cursor?: string | null): string {
    const query = new URLSearchParams({ limit: String(LOG_PAGE) });
    if (this.logFilter) query.set(this.logFilter.key, this.logFilter.id);
    if (cursor) query.set('cursor', cursor);
    return `/notifications/deliveries?${query}`;
  }

  protected override render() {
    const recipients = this.recipients;
    const loading = () => renderLoading(messages.loading);
    if (!recipients) return this.#list.render({ error: (error) => renderLoadError(error, this.#retry) }) ?? loading();
    // The list loaded but the session (the role), the settings or the bids did not: say so, with their own retry.
    const resources = [this.#session, this.#settings, this.#bids];
    const failed = firstFailure(resources);
    const settings = this.#settings.value;
    if (failed || !settings || resources.some((r) => !r.value)) return failed ?? loading();
    const canWrite = this.#canWrite;
    const status = this.secretStatus ?? settings.signing_secret;
    const s = messages.secret;
    return html`
      <div class="row">
        ${canWrite
          ? html`<button type="button" class="button primary" part="create" @click=${() => this.#open(null)}>${icon(plus)}${messages.create}</button>`
          : html`<p class="muted">${messages.readOnly}</p>`}
        <p class="muted" role="status">${this.notice}</p>
      </div>
      ${renderAlert(this.actionError)}
      ${this.secret
        ? html`<div class="notice tone-warning row">
            <label for="secret">${s.label}</label>
            <input id="secret" class="mono" readonly .value=${this.secret} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
            <button type="button" class="button small" @click=${this.#copy}>${s.copy}</button>
            <button type="button" class="button small" @click=${() => (this.secret = '')}>${s.dismiss}</button>
          </div>`
        : nothing}
      ${recipients.length
        ? this.#renderTable(recipients, canWrite)
        : html`<div class="empty"><p class="empty__title">${messages.empty}</p><p class="muted">${messages.emptyHint}</p></div>`}
      <p class="row">
        <span id="secret-status">${status.created_at ? s.since(this.#date(status.created_at)) : s.none} ${status.previous_expires_at ? s.previous(this.#date(status.previous_expires_at)) : nothing}</span>
        ${canWrite && status.created_at ? html`<button type="button" class="button small" @click=${() => this.#ask({})}>${s.rotate}</button>` : nothing}
      </p>
      ${this.#renderLog()} ${canWrite ? this.#renderDialogs(settings) : nothing}
    `;
  }

  #renderTable(recipients: Recipient[], canWrite: boolean): TemplateResult {
    const bids = this.#bids.value!.items;
    return html`<div class="scroll" tabindex="0" role="region" aria-labelledby="recipients">
      <table part="table">
        <caption id="recipients">${messages.caption}</caption>
        <thead>
          <tr>${messages.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr>
        </thead>
        <tbody>
          ${recipients.map((r) => {
            const busy = this.busy.has(r.id) ? 'true' : nothing;
            const names = (r.bid_ids ?? []).map((id) => bids.find((b) => b.id === id)?.name).filter(Boolean);
            // aria-disabled, not disabled: a disabled button would drop the keyboard focus while its request runs.
            const action = (label: string, run: () => unknown, extra = '') =>
              html`<button type="button" class="button small ${extra}" aria-disabled=${busy} @click=${run}>${label}</button>`;
            return html`<tr part="row">
              <th scope="row">${r.name}</th>
              <td>${messages.channels[r.channel]} ${r.http_method ?? nothing}</td>
              <td class="mono">${r.address}</td>
              <td>${r.kinds.map((k) => messages.kinds[k]).join(', ')}</td>
              <td>${!r.bid_ids ? messages.allBids : names.length === r.bid_ids.length ? names.join(', ') : messages.bidCount(r.bid_ids.length)}</td>
              <td>
                ${canWrite
                  ? html`<input type="checkbox" role="switch" .checked=${r.enabled} aria-label=${messages.enabledFor(r.name)} @change=${(e: Event) => this.#toggle(r, e.target as HTMLInputElement)} />`
                  : html`<span class="chip tone-${r.enabled ? 'success' : 'neutral'}">${r.enabled ? messages.on : messages.off}</span>`}
              </td>
              <td>
                <div class="row">
                  ${canWrite ? html`${action(messages.edit, () => this.#open(r))}${action(messages.test, () => this.#test(r))}` : nothing}
                  <button type="button" class="button small" aria-label=${messages.showLogFor(r.name)} @click=${() => this.#filter({ key: 'recipient_id', id: r.id, label: r.name })}>${messages.showLog}</button>
                  ${canWrite ? action(messages.delete, () => this.#ask({ recipient: r }), 'danger') : nothing}
                </div>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  #renderLog(): TemplateResult {
    const log = messages.log;
    const filter = this.logFilter;
    const title = filter ? log.titleFor(filter.label) : log.title;
    return html`${filter ? html`<button type="button" class="button small" @click=${() => this.#filter(undefined)}>${log.all}</button>` : nothing}
    ${this.#log.render({
      error: (error) => renderLoadError(error, () => void this.#log.run()),
      complete: () => {
        const { items, next_cursor } = this.deliveries!;
        const none = log.none;
        return html`${items.length
            ? html`<div class="scroll" id="log" tabindex="0" role="region" aria-labelledby="log-title">
            <table part="log">
              <caption id="log-title">${title}</caption>
              <thead>
                <tr>${log.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr>
              </thead>
              <tbody>
                ${items.map((d: Delivery) => html`<tr>
                    <td>${this.#date(d.created_at)}</td>
                    <th scope="row">${d.recipient_name}</th>
                    <td>${messages.kinds[d.kind]}</td>
                    <td>${d.lead_id ? html`<button type="button" class="link mono" @click=${() => this.#filter({ key: 'lead_id', id: d.lead_id!, label: d.lead_id! })}>${d.lead_id}</button>` : none}</td>
                    <td><span class="chip tone-${statusTone[d.status]}">${log.status[d.status]}</span></td>
                    <td>${d.attempts}</td>
                    <td>${d.response_code ?? none}</td>
                    <td>${d.last_error ?? none}</td>
                    <td>${d.next_attempt_at ? this.#date(d.next_attempt_at) : none}</td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`
            : html`<p class="muted" id="log" tabindex="-1">${log.empty}</p>`}
          ${next_cursor
            ? html`<button type="button" class="button" ?disabled=${this.busy.has('more')} @click=${() => this.#more(next_cursor)}>${this.busy.has('more') ? coreMessages.loading : coreMessages.loadMore}</button>`
            : nothing}`;
      },
    }) ?? renderLoading(title)}`;
  }

  #renderDialogs(settings: NotificationSettings): TemplateResult {
    const { draft: d, confirming } = this;
    const t = messages.confirm[confirming?.recipient ? 'delete' : 'rotate'];
    return html`<dialog class="form" aria-labelledby="form-title">
        <form novalidate @submit=${this.#onSubmit}>
          <h2 id="form-title">${this.editing ? text.editTitle : messages.create}</h2>
          ${renderAlert(this.formError)}
          ${this.#input('name', text.name)}
          ${this.#checks('channel', text.channel, (['email', 'sms', 'webhook'] as const).filter((c) => c !== 'sms' || settings.sms_available || this.editing?.channel === 'sms').map((c) => [c, messages.channels[c]]), [d.channel], ([channel]) => this.#set({ channel: channel! }), true)}
          ${this.#input('address', text.address[d.channel])}
          ${this.#checks('kinds', text.kinds, settings.kinds.map((k) => [k, messages.kinds[k]]), d.kinds, (kinds) => this.#set({ kinds }))}
          ${this.#checks('bid_ids', text.bids, [['', messages.allBids], ...this.#bids.value!.items.map((b) => [b.id, b.name] as [string, string])], d.bidIds ?? [''], (ids) => this.#set({ bidIds: this.#some(ids, d.bidIds) }))}
          <label><input type="checkbox" .checked=${d.enabled} @change=${(e: Event) => this.#set({ enabled: (e.target as HTMLInputElement).checked })} /> ${messages.on}</label>
          <div class="dialog-actions">
            <button type="button" class="button" @click=${() => this.#dialog('form')?.close()}>${coreMessages.cancel}</button>
            <button type="submit" class="button primary" ?disabled=${this.busy.has('form')}>${text.save}</button>
          </div>
        </form>
      </dialog>
      ${renderConfirm({
        title: t.title,
        text: t.text(confirming?.recipient?.name ?? ''),
        action: t.action,
        busy: this.busy.has(confirming?.recipient?.id ?? 'rotate'),
        onConfirm: this.#confirmed,
        onClose: () => (this.confirming = undefined),
      })}`;
  }

  /** A text input with its error; the id is the field the server names. */
  #input(key: 'name' | 'address', label: string): TemplateResult {
    const error = this.errors[key];
    return html`<div class="field">
      <label for=${key}>${label}</label>
      <input id=${key} autocomplete="off" spellcheck="false" .value=${this.draft[key]} @input=${(e: Event) => this.#set({ [key]: valueOf(e) })}
        aria-invalid=${!!error} ?data-invalid=${!!error} aria-describedby=${error ? `${key}-error` : nothing} />
      ${this.#error(key)}
    </div>`;
  }

  /**
   * A fieldset of checkboxes (radios with `single`). An option with the value '' stands for "all" (null in the API):
   * ticking it clears the others, ticking another clears it.
   */
  #checks<K extends string>(key: keyof FieldErrors, legend: string, options: [K, string][], chosen: K[], change: (value: K[]) => void, single = false): TemplateResult {
    return html`<fieldset id=${key} tabindex="-1" aria-describedby=${this.errors[key] ? `${key}-error` : nothing} ?data-invalid=${!!this.errors[key]}>
      <legend>${legend}</legend>
      <div class="row">
        ${options.map(
          ([value, label]) => html`<label><input type=${single ? 'radio' : 'checkbox'} name=${key} .checked=${chosen.includes(value)}
            @change=${(e: Event) => change(single ? [value] : (e.target as HTMLInputElement).checked ? [...chosen, value] : chosen.filter((v) => v !== value))} /> ${label}</label>`,
        )}
      </div>
      ${this.#error(key)}
    </fieldset>`;
  }

  /** "All" ('') ticked now means null; another box ticked while "all" was on leaves only it. */
  #some(ids: string[], before: string[] | null): string[] | null {
    if (ids.includes('') && before !== null) return null;
    return ids.filter(Boolean);
  }

  #error(key: keyof FieldErrors) {
    return renderFieldError(key, this.errors[key]);
  }

  #date(iso: string): string {
    // In the customer's time zone, like every other date of the account (D30).
    return formatDateTime(iso, this.resolvedLocale, this.#session.value?.active_customer.timezone);
  }

  #set(patch: Partial<RecipientDraft>): void {
    this.draft = { ...this.draft, ...patch };
    if (this.#checked) this.errors = checkDraft(this.draft).errors;
  }

  #retry = (): void => {
    void this.#list.run();
    for (const resource of [this.#session, this.#settings, this.#bids]) if (!resource.value && !resource.pending) resource.retry();
  };

  async #open(recipient: Recipient | null): Promise<void> {
    Object.assign(this, { editing: recipient, draft: draftOf(recipient ?? undefined), errors: {}, formError: '', actionError: '' });
    this.#checked = false;
    await this.updateComplete;
    this.#dialog('form')?.showModal();
    this.renderRoot.querySelector<HTMLInputElement>('#name')?.focus();
  }

  async #showErrors(errors: FieldErrors, extra: string[] = []): Promise<void> {
    Object.assign(this, { errors, formError: [text.fixErrors, ...extra].join(' ') });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('dialog.form [data-invalid]')?.focus();
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    this.#checked = true;
    const { body, errors } = checkDraft(this.draft);
    if (Object.keys(errors).length) return this.#showErrors(errors);
    const editing = this.editing;
    this.formError = '';
    await this.#withBusy('form', async (client) => {
      try {
        const saved = editing ? await client.request<RecipientSaved>('PATCH', path(editing.id), body) : await client.post<RecipientSaved>(RECIPIENTS, body);
        this.#dialog('form')?.close();
        this.#changed(saved.recipient, editing ? 'updated' : 'created');
        if (saved.signing_secret) await this.#showSecret(saved.signing_secret, { created_at: saved.recipient.updated_at, previous_expires_at: null });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length)) return void (this.formError = errorText(error, coreMessages.actionFailed));
        // Each message beside the input its field names (`kinds.0` -> kinds); the rest above the form.
        const placed: FieldErrors = {};
        const unplaced: string[] = [];
        for (const [key, message] of Object.entries(error.fields)) {
          const field = key.split('.')[0] as keyof FieldErrors;
          if (this.renderRoot.querySelector(`dialog.form #${field}`)) placed[field] ??= message;
          else unplaced.push(message);
        }
        await this.#showErrors(placed, unplaced);
      }
    });
  };

  #changed(recipient: Recipient, action: keyof typeof messages.done): void {
    const list = this.recipients ?? [];
    this.recipients =
      action === 'created' ? [recipient, ...list] : action === 'deleted' ? list.filter((r) => r.id !== recipient.id) : list.map((r) => (r.id === recipient.id ? recipient : r));
    this.notice = messages.done[action](recipient.name);
  }

  async #showSecret(secret: string, status: SigningSecretStatus): Promise<void> {
    Object.assign(this, { secret, secretStatus: status });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#secret')?.focus();
  }

  #copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(this.secret);
      this.notice = messages.secret.copied;
    } catch {
      // No clipboard permission: the secret is selected for the user to copy.
      this.renderRoot.querySelector<HTMLInputElement>('#secret')?.select();
    }
  };

  #toggle(r: Recipient, input: HTMLInputElement): void {
    void this.#withBusy(r.id, async (client) => {
      const saved = await client.request<RecipientSaved>('PATCH', path(r.id), { enabled: !r.enabled });
      this.#changed(saved.recipient, saved.recipient.enabled ? 'enabled' : 'disabled');
      // The switch shows what the server holds: back as it was after a failure (or a click while busy).
    }).then(() => (input.checked = this.recipients?.find((x) => x.id === r.id)?.enabled ?? r.enabled));
  }

  #test(r: Recipient): void {
    this.notice = '';
    void this.#withBusy(r.id, async (client) => {
      const result = await client.post<TestSendResult>(`${path(r.id)}/test`);
      this.notice = result.ok ? messages.tested(r.name, result.response_code) : messages.testFailed(r.name, result.error ?? String(result.response_code));
    });
  }

  #ask(confirming: Confirming): void {
    Object.assign(this, { actionError: '', confirming });
    this.#dialog('confirm')?.showModal();
  }

  #confirmed = async (): Promise<void> => {
    const recipient = this.confirming?.recipient;
    await this.#withBusy(recipient?.id ?? 'rotate', async (client) => {
      if (recipient) await client.request<void>('DELETE', path(recipient.id));
      const rotated = recipient ? undefined : await client.post<RotatedSecret>('/notifications/signing-secret/rotate');
      this.#dialog('confirm')?.close();
      if (rotated) return this.#showSecret(rotated.secret, rotated.status);
      this.#changed(recipient!, 'deleted');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="create"]')?.focus();
    });
    this.#dialog('confirm')?.close();
  };

  /** Runs `work` with `id` marked busy; a failure shows above the list. */
  async #withBusy(id: string, work: (client: ApiClient) => Promise<void>): Promise<void> {
    const client = this.portal?.client;
    if (!client || this.busy.has(id)) return;
    this.actionError = '';
    this.busy = new Set([...this.busy, id]);
    try {
      await work(client);
    } catch (error) {
      this.actionError = errorText(error, coreMessages.actionFailed);
    } finally {
      this.busy = new Set([...this.busy].filter((b) => b !== id));
    }
  }

  /** Shows one recipient's or lead's deliveries (or all), and moves the focus to the log. */
  async #filter(filter: LpNotifications['logFilter']): Promise<void> {
    this.logFilter = filter;
    await this.updateComplete;
    await this.#log.taskComplete.catch(() => undefined);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#log')?.focus();
  }

  #more(cursor: string): void {
    void this.#withBusy('more', async (client) => {
      const page = await client.get<DeliveryList>(this.#logPath(cursor));
      this.deliveries = { items: [...this.deliveries!.items, ...page.items], next_cursor: page.next_cursor };
    });
  }
}

define('lp-notifications', LpNotifications);

declare global {
  interface HTMLElementTagNameMap {
    'lp-notifications': LpNotifications;
  }
}
