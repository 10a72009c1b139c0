import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { ApiError } from '../core/api-client.js';
import type { CustomerStatus, CustomerSummary, Session } from '../core/api.js';
import { ApiResource } from '../core/api-resource.js';
import { define } from '../core/define.js';
import { errorText, formStyles, renderAlert, renderFieldError } from '../core/forms.js';
import { archive, check, checkCircle, chevronDown, icon, pauseCircle, plus, type Icon } from '../core/icons.js';
import { renderLoading } from '../core/load-states.js';
import { LpElement } from '../core/lp-element.js';
import { floatingStyles } from '../core/floating-styles.js';
import { sharedStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import { coreMessages } from '../core/messages.js';
import { messages } from './customer-switcher.messages.js';
import { styles } from './customer-switcher.styles.js';

declare global {
  interface GlobalEventHandlersEventMap {
    /** The user set up a new customer account (it becomes the active customer next). */
    'lp-customer-created': CustomEvent<{ customer: CustomerSummary }>;
  }
}

const statusLook: Record<CustomerStatus, { tone: string; icon: Icon }> = {
  active: { tone: 'tone-success', icon: checkCircle },
  paused: { tone: 'tone-warning', icon: pauseCircle },
  archived: { tone: 'tone-neutral', icon: archive },
};

/**
 * @summary Lists the user's customers and switches the active one; can set up a new customer account.
 *
 * A menu button (arrow keys, Home/End, Escape). Choosing a customer fires `lp-customer-switched`, which the
 * enclosing `<lp-portal>` follows (placed alone, the switcher follows it itself). "Set up a new customer
 * account" appears unless the provider turned self-service off; the switcher renders nothing when the user
 * has one customer and cannot create another.
 *
 * @fires lp-customer-switched - `{ customerId, customer }`: the user chose another customer.
 * @fires lp-customer-created - `{ customer }`: a new customer account exists; a switch to it follows.
 * @fires lp-load-error - The session could not be loaded.
 * @fires lp-session-expired - Placed alone, when its session ended.
 *
 * @csspart action - The menu button.
 *
 * @cssprop --lp-customer-switcher-background - The button's background (default: `--lp-sys-color-surface`).
 * @cssprop --lp-customer-switcher-hover-background - Its background on hover (default: `--lp-sys-color-surface-hover`).
 * @cssprop --lp-customer-switcher-border-color - Its border (default: `--lp-sys-color-border`).
 * @cssprop --lp-customer-switcher-selected-background - The active customer in the menu (default: `--lp-sys-color-selected`).
 */
export class LpCustomerSwitcher extends LpElement {
  static override styles = [themeStyles, sharedStyles, floatingStyles, formStyles, styles];

  static override properties: PropertyDeclarations = {
    menuOpen: { state: true },
    submitting: { state: true },
    nameError: { state: true },
    formError: { state: true },
  };

  private declare menuOpen: boolean;
  private declare submitting?: boolean;
  private declare nameError?: string;
  private declare formError?: string;

  readonly #session = new ApiResource<Session>(this, '/session');
  /** Which item gets focus when the menu opens: set by arrow keys on the button, else the active customer. */
  #focusOnOpen?: number;

  constructor() {
    super();
    this.menuOpen = false;
  }

  get #trigger() {
    return this.renderRoot.querySelector<HTMLButtonElement>('.trigger');
  }

  get #menu() {
    return this.renderRoot.querySelector<HTMLElement>('#menu');
  }

  get #dialog() {
    return this.renderRoot.querySelector('dialog');
  }

  get #nameInput() {
    return this.renderRoot.querySelector<HTMLInputElement>('#name');
  }

  protected override render() {
    const session = this.#session.value;
    // While reloading after a switch, keep the button in place so keyboard focus stays on it.
    if (session && this.#session.pending) return this.#renderSwitcher(session);
    return this.#session.render({
      pending: () => renderLoading(messages.loading),
      complete: (session) => this.#renderSwitcher(session),
    });
  }

  #renderSwitcher(session: Session) {
    const canCreate = session.provider.self_service_customers;
    if (session.customers.length <= 1 && !canCreate) return nothing;
    const active = session.active_customer;
    return html`
      <button
        type="button"
        class="trigger"
        part="action"
        popovertarget="menu"
        aria-haspopup="menu"
        aria-controls="menu"
        aria-expanded=${this.menuOpen}
        @keydown=${this.#onTriggerKeydown}
      >
        <span class="label">${messages.customer}</span>
        <span class="name">${active.name}</span>
        ${active.status === 'active' ? nothing : this.#renderStatus(active.status)} ${icon(chevronDown)}
      </button>
      <div
        id="menu"
        class="menu floating"
        popover
        role="menu"
        aria-label=${messages.menu}
        @toggle=${this.#onMenuToggle}
        @keydown=${this.#onMenuKeydown}
        @focusout=${this.#onMenuFocusOut}
      >
        ${session.customers.map((customer) => {
          const checked = customer.external_id === active.external_id;
          return html`<button
            type="button"
            class="item"
            role="menuitemradio"
            aria-checked=${checked}
            tabindex="-1"
            @click=${() => this.#choose(customer, active)}
          >
            <span class="item__check">${checked ? icon(check) : nothing}</span>
            <span class="item__name">${customer.name}</span>
            ${this.#renderStatus(customer.status)}
          </button>`;
        })}
        ${canCreate
          ? html`<div class="separator" role="separator"></div>
              <button type="button" class="item" role="menuitem" tabindex="-1" @click=${this.#openCreate}>
                <span class="item__check">${icon(plus)}</span><span class="item__name">${messages.create}</span>
              </button>`
          : nothing}
      </div>
      ${canCreate ? this.#renderCreateDialog() : nothing}
    `;
  }

  #renderStatus(status: CustomerStatus): TemplateResult {
    const look = statusLook[status];
    return html`<span class="chip ${look.tone}">${icon(look.icon)}${messages.status[status]}</span>`;
  }

  #renderCreateDialog(): TemplateResult {
    return html`<dialog aria-labelledby="create-title" @close=${this.#onDialogClose}>
      <form novalidate @submit=${this.#onSubmit}>
        <h2 id="create-title">${messages.create}</h2>
        <p class="muted">${messages.createIntro}</p>
        <label for="name">${messages.name}</label>
        <input
          id="name"
          required
          maxlength="200"
          autocomplete="organization"
          autofocus
          aria-invalid=${!!this.nameError}
          aria-describedby=${this.nameError ? 'name-error' : nothing}
          @input=${() => (this.nameError = '')}
        />
        ${renderFieldError('name', this.nameError)}
        ${renderAlert(this.formError)}
        <div class="dialog-actions">
          <button type="button" class="button" @click=${() => this.#dialog?.close()}>${coreMessages.cancel}</button>
          <button type="submit" class="button primary" ?disabled=${this.submitting}>
            ${this.submitting ? messages.submitting : messages.submit}
          </button>
        </div>
      </form>
    </dialog>`;
  }

  #items(): HTMLElement[] {
    return [...(this.#menu?.querySelectorAll<HTMLElement>('.item') ?? [])];
  }

  #onTriggerKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    this.#focusOnOpen = event.key === 'ArrowDown' ? 0 : -1;
    // A click keeps the button as the popover's invoker, so light dismiss and focus return work natively.
    if (!this.menuOpen) this.#trigger?.click();
    else this.#focusItem(this.#focusOnOpen);
  };

  #onMenuToggle = (event: ToggleEvent): void => {
    this.menuOpen = event.newState === 'open';
    if (!this.menuOpen) return;
    const items = this.#items();
    const checked = items.findIndex((item) => item.getAttribute('aria-checked') === 'true');
    this.#focusItem(this.#focusOnOpen ?? Math.max(checked, 0));
    this.#focusOnOpen = undefined;
  };

  /** Focuses the item at `index`, wrapping around (-1 is the last). */
  #focusItem(index: number): void {
    const items = this.#items();
    items.at(index % items.length)?.focus();
  }

  #onMenuKeydown = (event: KeyboardEvent): void => {
    const items = this.#items();
    const current = items.indexOf(this.shadowRoot!.activeElement as HTMLElement);
    const target = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      Home: 0,
      End: -1,
    }[event.key];
    if (target !== undefined) {
      event.preventDefault();
      this.#focusItem(target);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.#closeMenu();
    }
  };

  #onMenuFocusOut = (event: FocusEvent): void => {
    // Tab (or a click elsewhere) leaves the menu: close it without pulling focus back.
    if (!this.#menu?.contains(event.relatedTarget as Node | null)) this.#menu?.hidePopover();
  };

  #closeMenu(): void {
    this.#menu?.hidePopover();
    this.#trigger?.focus();
  }

  #choose(customer: CustomerSummary, active: CustomerSummary): void {
    this.#closeMenu();
    if (customer.external_id !== active.external_id) this.#switchTo(customer);
  }

  #switchTo(customer: CustomerSummary): void {
    this.emit('lp-customer-switched', { customerId: customer.external_id, customer });
    // Under a portal the portal switches every widget; alone, the switcher follows its own choice.
    if (this.standalone) this.customerId = customer.external_id;
  }

  #openCreate = (): void => {
    this.#menu?.hidePopover();
    this.#dialog?.showModal();
  };

  #onDialogClose = (): void => {
    this.nameError = this.formError = '';
    this.#nameInput!.value = '';
    this.#trigger?.focus();
  };

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const client = this.portal?.client;
    const name = this.#nameInput?.value.trim() ?? '';
    this.formError = '';
    if (!name) {
      this.nameError = messages.nameRequired;
      this.#nameInput?.focus();
      return;
    }
    if (!client || this.submitting) return;
    this.submitting = true;
    try {
      const customer = await client.post<CustomerSummary>('/customers', { name });
      client.invalidateToken(); // D3: the next request carries a token that knows the new customer
      this.emit('lp-customer-created', { customer });
      this.#dialog?.close();
      this.#switchTo(customer);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 400 || error.status === 409)) {
        this.nameError = error.fields['name'] ?? error.message;
        this.#nameInput?.focus();
      } else this.formError = errorText(error, messages.createFailed);
    } finally {
      this.submitting = false;
    }
  };
}

define('lp-customer-switcher', LpCustomerSwitcher);

declare global {
  interface HTMLElementTagNameMap {
    'lp-customer-switcher': LpCustomerSwitcher;
  }
}
