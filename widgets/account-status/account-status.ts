import { html, nothing, type TemplateResult } from 'lit';
import type { AccountStatus, DisplayStatus } from '../core/api.js';
import { ApiResource } from '../core/api-resource.js';
import { define } from '../core/define.js';
import { archive, icon, pauseCircle, xCircle, type Icon } from '../core/icons.js';
import { LpElement } from '../core/lp-element.js';
import { sharedStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import { messages } from './account-status.messages.js';
import { styles } from './account-status.styles.js';

const bannerLook: Record<Exclude<DisplayStatus, 'active'>, { tone: string; icon: Icon }> = {
  inactive: { tone: 'tone-danger', icon: xCircle },
  paused: { tone: 'tone-warning', icon: pauseCircle },
  archived: { tone: 'tone-neutral', icon: archive },
};

/**
 * @summary A banner when the customer's account is paused, archived or inactive (funds exhausted).
 *
 * Explains what the status means and links to the provider's support address. For an active account it
 * shows nothing, but keeps its polite live region so a later change is announced.
 *
 * @fires lp-load-error - The account status could not be loaded.
 * @fires lp-session-expired - Placed alone, when its session ended.
 *
 * @csspart banner - The banner.
 *
 * @cssprop --lp-account-status-radius - Corner radius of the banner (default: `--lp-sys-radius`).
 */
export class LpAccountStatus extends LpElement {
  static override styles = [themeStyles, sharedStyles, styles];

  readonly #account = new ApiResource<AccountStatus>(this, '/account');

  protected override render() {
    // Loading shows nothing: most accounts are active, and a placeholder would only flash.
    const account = this.#account.pending ? undefined : this.#account.value;
    return html`
      <div role="status">
        ${account && account.display_status !== 'active'
          ? this.#renderBanner(account.display_status, account.support_email)
          : nothing}
      </div>
      ${this.#account.render({ pending: () => nothing, complete: () => nothing /* errors only, outside the live region */ })}
    `;
  }

  #renderBanner(status: Exclude<DisplayStatus, 'active'>, supportEmail: string | null): TemplateResult {
    const look = bannerLook[status];
    const banner = messages.banners[status];
    return html`<div class="banner ${look.tone}" part="banner">
      ${icon(look.icon)}
      <div>
        <p class="title">${banner.title}</p>
        <p>${banner.text}</p>
        ${supportEmail
          ? html`<p><a href="mailto:${supportEmail}">${messages.contact}</a> ${messages.contactAt(supportEmail)}</p>`
          : nothing}
      </div>
    </div>`;
  }
}

define('lp-account-status', LpAccountStatus);

declare global {
  interface HTMLElementTagNameMap {
    'lp-account-status': LpAccountStatus;
  }
}
