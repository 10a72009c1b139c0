import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { FundingStatus, Wallet } from '../core/api.js';
import { ApiResource } from '../core/api-resource.js';
import { define } from '../core/define.js';
import { alertTriangle, check, checkCircle, close, icon, wallet as walletIcon, xCircle, type Icon } from '../core/icons.js';
import { renderLoading } from '../core/load-states.js';
import { LpElement } from '../core/lp-element.js';
import { sharedStyles, tableStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import { messages } from './wallet-balance.messages.js';
import { styles } from './wallet-balance.styles.js';

/** A bid or cap changed somewhere on the page: funding status and coverage may have too (D22). */
const CHANGES_OF_FUNDING = ['lp-bid-changed', 'lp-limits-changed'] as const;

const fundingLook: Record<FundingStatus, { tone: string; icon: Icon }> = {
  available: { tone: 'tone-success', icon: checkCircle },
  limited: { tone: 'tone-warning', icon: alertTriangle },
  exhausted: { tone: 'tone-danger', icon: xCircle },
};

/**
 * @summary The customer's available balance and funding status; activating it leads to billing.
 *
 * Shows available funds (balance minus holds), the funding status as icon and text, and the held amount
 * when there is one. `variant="detail"` adds the totals and each bid's coverage. Changes of balance or
 * status are announced politely to screen readers. Inside `<lp-portal>` it reloads with the portal; placed
 * alone, it reloads when the page hears `lp-bid-changed` or `lp-limits-changed`.
 *
 * @fires lp-navigate - `{ section: 'billing' }` when activated; cancel it to route without `billing-href`.
 * @fires lp-load-error - The wallet could not be loaded.
 * @fires lp-session-expired - Placed alone, when its session ended.
 *
 * @csspart action - The button (or link) showing the balance.
 * @csspart amount - The available amount.
 * @csspart row - A bid's row in the detail variant.
 *
 * @cssprop --lp-wallet-balance-background - Background (default: `--lp-sys-color-surface`).
 * @cssprop --lp-wallet-balance-hover-background - Background on hover (default: `--lp-sys-color-surface-hover`).
 * @cssprop --lp-wallet-balance-amount-color - Colour of the amount (default: `--lp-sys-color-text`).
 * @cssprop --lp-wallet-balance-amount-font-size - Size of the amount (default: 1.125 × `--lp-sys-font-size`).
 */
export class LpWalletBalance extends LpElement {
  static override styles = [themeStyles, sharedStyles, tableStyles, styles];

  static override properties: PropertyDeclarations = {
    variant: { reflect: true },
    billingHref: { attribute: 'billing-href' },
    announcement: { state: true },
  };

  /** `compact` for a top bar; `detail` adds the totals and the coverage of each bid. */
  declare variant: 'compact' | 'detail';

  /** Where the billing page is; when set, the balance is a link there (unless `lp-navigate` is cancelled). */
  declare billingHref?: string;

  private declare announcement?: string;

  readonly #wallet = new ApiResource<Wallet>(this, '/wallet');
  #announced?: string;

  constructor() {
    super();
    this.variant = 'compact';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    for (const name of CHANGES_OF_FUNDING) document.addEventListener(name, this.#onFundingChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const name of CHANGES_OF_FUNDING) document.removeEventListener(name, this.#onFundingChange);
  }

  /** Under a portal, the portal makes every widget reload; alone, the wallet reloads itself. */
  #onFundingChange = (): void => {
    if (this.standalone) this.#wallet.retry();
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const wallet = this.#wallet.value;
    if (!wallet) return;
    const summary = messages.announcement(
      this.formatMoney(wallet.available_cents, wallet.currency),
      messages.funding[wallet.funding.status],
    );
    // Announce changes only; the first load is not news.
    if (this.#announced !== undefined && summary !== this.#announced) this.announcement = summary;
    this.#announced = summary;
  }

  protected override render() {
    return html`
      <div class="visually-hidden" role="status">${this.announcement}</div>
      ${this.#wallet.render({
        pending: () => renderLoading(messages.loading),
        complete: (wallet) =>
          this.variant === 'detail'
            ? html`<div class="detail">${this.#renderAction(wallet)} ${this.#renderDetail(wallet)}</div>`
            : this.#renderAction(wallet),
      })}
    `;
  }

  #renderAction(wallet: Wallet): TemplateResult {
    const look = fundingLook[wallet.funding.status];
    const content = html`
      <span class="label">${icon(walletIcon)}${messages.label}</span>
      <span class="amount" part="amount">${this.formatMoney(wallet.available_cents, wallet.currency)}</span>
      <span class="chip ${look.tone}">${icon(look.icon)}${messages.funding[wallet.funding.status]}</span>
      ${wallet.held_cents > 0
        ? html`<span class="held">${messages.held(this.formatMoney(wallet.held_cents, wallet.currency))}</span>`
        : nothing}
      <span class="visually-hidden">, ${messages.openBilling}</span>
    `;
    return this.billingHref
      ? html`<a class="summary" part="action" href=${this.billingHref} @click=${this.#onActivate}>${content}</a>`
      : html`<button type="button" class="summary" part="action" @click=${this.#onActivate}>${content}</button>`;
  }

  #renderDetail(wallet: Wallet): TemplateResult {
    const money = (cents: number) => this.formatMoney(cents, wallet.currency);
    const { bids } = wallet.funding;
    return html`
      <dl class="totals">
        <div><dt>${messages.balance}</dt><dd>${money(wallet.balance_cents)}</dd></div>
        <div><dt>${messages.onHold}</dt><dd>${money(wallet.held_cents)}</dd></div>
        <div><dt>${messages.available}</dt><dd>${money(wallet.available_cents)}</dd></div>
      </dl>
      <p class="muted">${messages.fundingExplained[wallet.funding.status]}</p>
      ${bids.length === 0
        ? html`<p class="muted">
            ${messages.noBids} ${wallet.funding.min_bid_cents === null ? nothing : messages.minimumBid(money(wallet.funding.min_bid_cents))}
          </p>`
        : html`<table>
            <caption>${messages.bids}</caption>
            <thead>
              <tr>
                <th scope="col">${messages.bidName}</th>
                <th scope="col" class="numeric">${messages.bidAmount}</th>
                <th scope="col">${messages.coverage}</th>
              </tr>
            </thead>
            <tbody>
              ${bids.map(
                (bid) => html`<tr part="row">
                  <th scope="row">${bid.name}</th>
                  <td class="numeric">${money(bid.amount_cents)}</td>
                  <td>
                    ${bid.covered
                      ? html`<span class="chip tone-success">${icon(check)}${messages.covered}</span>`
                      : html`<span class="chip tone-danger">${icon(close)}${messages.notCovered}</span>`}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    `;
  }

  #onActivate = (event: Event): void => {
    // A host that routes by itself cancels lp-navigate; then the link must not navigate either.
    if (!this.emit('lp-navigate', { section: 'billing' }, { cancelable: true })) event.preventDefault();
  };
}

define('lp-wallet-balance', LpWalletBalance);

declare global {
  interface HTMLElementTagNameMap {
    'lp-wallet-balance': LpWalletBalance;
  }
}
