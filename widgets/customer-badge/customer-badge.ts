import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { Badge, Tier } from '../core/api.js';
import { ApiResource } from '../core/api-resource.js';
import { define } from '../core/define.js';
import { chevronDown, close, icon } from '../core/icons.js';
import { renderLoading } from '../core/load-states.js';
import { LpElement } from '../core/lp-element.js';
import { floatingStyles } from '../core/floating-styles.js';
import { sharedStyles, tableStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import { messages } from './customer-badge.messages.js';
import { styles } from './customer-badge.styles.js';
import { tierIcon } from './tier-icon.js';

/**
 * @summary The customer's return rate and return tier, with the provider's tiers one click away.
 *
 * Shows the return rate (share of purchased value returned) and, when the provider uses return tiers, the
 * current tier; the button opens a popover with the tier's description and every tier's range
 * (`lower <= rate < upper`, the last one open-ended). `variant="detail"` shows all of it inline.
 *
 * @fires lp-load-error - The badge could not be loaded.
 * @fires lp-session-expired - Placed alone, when its session ended.
 *
 * @csspart action - The button that opens the details.
 * @csspart amount - The return rate.
 * @csspart row - A tier's row in the table of tiers.
 *
 * @cssprop --lp-customer-badge-background - Background of the button (default: `--lp-sys-color-surface`).
 * @cssprop --lp-customer-badge-hover-background - Its background on hover (default: `--lp-sys-color-surface-hover`).
 * @cssprop --lp-customer-badge-current-background - The current tier's row (default: `--lp-sys-color-selected`).
 * @cssprop --lp-customer-badge-rate-font-size - Size of the rate in the details (default: 1.5 × `--lp-sys-font-size`).
 * @cssprop --lp-customer-badge-popover-width - Width of the popover (default: up to 28rem).
 */
export class LpCustomerBadge extends LpElement {
  static override styles = [themeStyles, sharedStyles, tableStyles, floatingStyles, styles];

  static override properties: PropertyDeclarations = {
    variant: { reflect: true },
    open: { state: true },
  };

  /** `compact` (a button opening a popover) or `detail` (everything inline). */
  declare variant: 'compact' | 'detail';

  private declare open: boolean;

  readonly #badge = new ApiResource<Badge>(this, '/badge');

  constructor() {
    super();
    this.variant = 'compact';
    this.open = false;
  }

  get #details() {
    return this.renderRoot.querySelector<HTMLElement>('#details');
  }

  get #trigger() {
    return this.renderRoot.querySelector<HTMLButtonElement>('.trigger');
  }

  protected override render() {
    return this.#badge.render({
      pending: () => renderLoading(messages.loading),
      complete: (badge) => (this.variant === 'detail' ? this.#renderDetails(badge) : this.#renderCompact(badge)),
    });
  }

  #rateText(badge: Badge): string {
    return badge.has_purchases ? this.formatPercent(badge.return_rate_bps) : messages.noPurchases;
  }

  #renderCompact(badge: Badge): TemplateResult {
    const tier = badge.tiers_enabled ? badge.current_tier : null;
    if (!tier) {
      return html`<span class="summary">
        <span class="label">${messages.returnRate}</span><span class="rate" part="amount">${this.#rateText(badge)}</span>
      </span>`;
    }
    return html`
      <button
        type="button"
        class="trigger"
        part="action"
        popovertarget="details"
        aria-haspopup="dialog"
        aria-expanded=${this.open}
      >
        ${tierIcon(tier.icon, tier.color)}<span class="tier-name">${tier.name}</span>
        <span class="label">${messages.returnRate}</span><span class="rate" part="amount">${this.#rateText(badge)}</span>
        ${icon(chevronDown)}
      </button>
      <div
        id="details"
        class="popover floating"
        popover
        role="dialog"
        aria-labelledby="details-title"
        tabindex="-1"
        @beforetoggle=${this.#onBeforeToggle}
        @toggle=${this.#onToggle}
      >
        <div class="popover__header">
          <h2 id="details-title">${messages.details}</h2>
          <button type="button" class="button close" aria-label=${messages.close} @click=${this.#close}>
            ${icon(close)}
          </button>
        </div>
        ${this.#renderDetails(badge)}
      </div>
    `;
  }

  #renderDetails(badge: Badge): TemplateResult {
    const tier = badge.tiers_enabled ? badge.current_tier : null;
    return html`<div class="details">
      <p class="rate-line">
        <span class="label">${messages.returnRate}</span>
        <span class="rate" part=${this.variant === 'detail' ? 'amount' : nothing}>${this.#rateText(badge)}</span>
      </p>
      <p class="muted">
        ${messages.basis(badge.window_days)}
        ${badge.has_purchases
          ? messages.amounts(this.formatMoney(badge.returned_cents), this.formatMoney(badge.purchased_cents))
          : nothing}
      </p>
      ${tier
        ? html`<div class="current-tier">
              ${tierIcon(tier.icon, tier.color)}
              <div>
                <p><strong>${messages.tierTitle(tier.name, tier.headline)}</strong></p>
                <p>${tier.brief}</p>
                <p class="muted">${tier.description}</p>
              </div>
            </div>
            ${this.#renderTiers(badge.tiers, tier)}`
        : nothing}
    </div>`;
  }

  #renderTiers(tiers: Tier[], current: Tier): TemplateResult {
    return html`<table>
      <caption>${messages.tiers}</caption>
      <thead>
        <tr>
          <th scope="col">${messages.tier}</th>
          <th scope="col">${messages.range}</th>
          <th scope="col">${messages.effect}</th>
        </tr>
      </thead>
      <tbody>
        ${tiers.map((tier) => {
          const isCurrent = tier.id === current.id;
          return html`<tr part="row" class=${isCurrent ? 'is-current' : ''} aria-current=${isCurrent ? 'true' : nothing}>
            <th scope="row">
              <span class="tier-cell">
                ${tierIcon(tier.icon, tier.color)}${tier.name}
                ${isCurrent ? html`<span class="chip tone-neutral">${messages.current}</span>` : nothing}
              </span>
            </th>
            <td>${tier.upper_bps === null ? messages.rangeFrom(this.formatPercent(tier.lower_bps)) : messages.rangeBetween(this.formatPercent(tier.lower_bps), this.formatPercent(tier.upper_bps))}</td>
            <td>${messages.effects[tier.effect.kind](this.formatPercent(tier.effect.bps))}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }


  #onToggle = (event: ToggleEvent): void => {
    this.open = event.newState === 'open';
    if (this.open) this.#details?.focus(); // so the dialog is read
  };

  #onBeforeToggle = (event: ToggleEvent): void => {
    // Closing from inside (Escape, the close button): focus goes back to the badge, not to the page's start.
    if (event.newState === 'closed' && this.#details?.contains(this.shadowRoot!.activeElement)) this.#trigger?.focus();
  };

  #close = (): void => {
    this.#details?.hidePopover();
    this.#trigger?.focus();
  };
}

define('lp-customer-badge', LpCustomerBadge);

declare global {
  interface HTMLElementTagNameMap {
    'lp-customer-badge': LpCustomerBadge;
  }
}
