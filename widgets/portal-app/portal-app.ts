import { html, nothing, render, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { Session } from '../core/api.js';
import { ApiResource } from '../core/api-resource.js';
import { define } from '../core/define.js';
import { LpElement } from '../core/lp-element.js';
import { coreMessages } from '../core/messages.js';
import { sharedStyles } from '../core/shared-styles.js';
import { rootThemeCss } from '../core/page-theme.js';
import { themeStyles } from '../core/theme.js';
import '../account-status/account-status.js';
import '../customer-badge/customer-badge.js';
import '../customer-switcher/customer-switcher.js';
import '../portal/portal.js';
import '../wallet-balance/wallet-balance.js';
import { messages } from './portal-app.messages.js';
import { sectionStyles, styles } from './portal-app.styles.js';
import { sections, type Section } from './sections.js';

/** Page-level tokens and the light-DOM section layout, adopted into the document once. */
let documentSheet: CSSStyleSheet | undefined;
function adoptDocumentStyles(): void {
  if (!documentSheet) {
    documentSheet = new CSSStyleSheet();
    documentSheet.replaceSync(`${rootThemeCss}\n${sectionStyles.cssText}`);
  }
  if (!document.adoptedStyleSheets.includes(documentSheet)) {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, documentSheet];
  }
}

/** `fetchToken` for /app: the page's own origin mints the token from its session (DECISIONS D6). */
async function fetchAppToken(transport: (request: Request) => Promise<Response>): Promise<string> {
  const reply = await transport(
    new Request('/app/token', { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' }),
  );
  if (!reply.ok) throw new Error(`/app/token answered ${reply.status}`);
  return ((await reply.json()) as { token: string }).token;
}

/**
 * @summary The stand-alone portal at /app: a top bar of widgets and the sections, routed by URL.
 *
 * Builds an `<lp-portal>` from the provider's session (name, logo, appearance, locale, currency) and gets its
 * token from `GET /app/token` on its own origin. Sections are addressed as `<base-path>/<section>` through the
 * History API (back and forward work) and `lp-navigate` events move between them; `<base-path>/<section>/<item>`
 * (`lp-navigate`'s `item`) shows one thing inside a section, e.g. `/app/leads/<lead id>`. The section area is the
 * element's light DOM (D31); the shell adopts the page-level theme sheet into the document.
 *
 * Without a session (`/app/token` refuses before anything loaded) the browser goes to `<base-path>/sign-in`, with
 * the path it asked for as `next`; a session that ends later shows a notice with a sign-in link. "Sign out" in the
 * top bar ends the session (`DELETE <base-path>/session`) and opens the sign-in page. A section may be limited to
 * some roles of the active customer (`Section.roles`): the nav shows it to those only (the server refuses the rest).
 *
 * @fires lp-session-expired - The session ended; the shell then asks the user to sign in again.
 * @fires lp-load-error - The session could not be loaded.
 *
 * @cssprop --lp-portal-app-background - Page background (default: `--lp-sys-color-surface-variant`).
 * @cssprop --lp-portal-app-top-bar-background - Top bar background (default: `--lp-sys-color-surface`).
 */
export class LpPortalApp extends LpElement {
  static override styles = [themeStyles, sharedStyles, styles];

  /** The section registry; the first section is the default route. */
  static sections: readonly Section[] = sections;

  static override properties: PropertyDeclarations = {
    basePath: { attribute: 'base-path' },
    providerName: { attribute: 'provider-name' },
    section: { state: true },
    item: { state: true },
    sessionEnded: { state: true },
    signOutFailed: { state: true },
  };

  /** Path the sections live under, e.g. `/app` for `/app/dashboard`. */
  declare basePath: string;

  /** The provider's name, shown before the session has loaded (the server renders it into the page). */
  declare providerName: string;

  private declare section: Section;
  /** What the URL names inside the section, e.g. a lead id. */
  private declare item?: string;
  private declare sessionEnded: boolean;
  private declare signOutFailed: boolean;

  /** Opens another page (sign-in); tests replace it. @internal */
  navigate = (url: string) => window.location.assign(url);

  readonly #session = new ApiResource<Session>(this, '/session');
  #moveFocusToHeading = false;

  constructor() {
    super();
    this.basePath = '/app';
    this.providerName = '';
    this.section = this.#sections[0]!;
    this.sessionEnded = this.signOutFailed = false;
    this.fetchToken = () => fetchAppToken(this.transport ?? ((request) => fetch(request)));
    this.addEventListener('lp-navigate', this.#onNavigate);
    // No session to begin with: straight to the sign-in page, which brings the user back here.
    this.addEventListener('lp-session-expired', () => (this.#session.value ? (this.sessionEnded = true) : this.navigate(this.#signInHref)));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    adoptDocumentStyles();
    window.addEventListener('popstate', this.#syncWithLocation);
    this.#syncWithLocation();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.#syncWithLocation);
  }

  protected override render() {
    const session = this.#session.value;
    if (this.sessionEnded) return this.#renderMessage(this.#renderSessionEnded());
    if (!session) {
      return this.#renderMessage(
        this.#session.render({ pending: () => html`<p>${messages.loading}</p>`, complete: () => nothing }),
      );
    }
    const { provider } = session;
    return html`<lp-portal
      .client=${this.portal?.client}
      .appearance=${provider.branding.appearance}
      locale=${provider.locale}
      currency=${provider.currency}
    >
      <div class="app">
        <a class="skip-link" href="#main" @click=${this.#skipToMain}>${messages.skipToMain}</a>
        <header class="top-bar">
          <div class="top-bar__row">
            <span class="brand">
              ${provider.branding.logo_url ? html`<img src=${provider.branding.logo_url} alt="" />` : nothing}
              ${provider.name}
            </span>
            <div class="account" role="group" aria-label=${messages.account}>
              <lp-wallet-balance></lp-wallet-balance>
              <lp-customer-badge></lp-customer-badge>
              <lp-customer-switcher></lp-customer-switcher>
              <a class="button" href="${this.basePath}/account/password">${messages.passwordAndEmail}</a>
              <button type="button" class="button" @click=${this.#signOut}>${this.signOutFailed ? messages.signOutFailed : messages.signOut}</button>
            </div>
          </div>
          <nav aria-label=${messages.sections}>
            <ul>
              ${this.#sections.filter((section) => !section.roles || section.roles.includes(session.active_customer.role)).map(
                (section) => html`<li>
                  <a
                    href=${this.#href(section)}
                    aria-current=${section === this.section ? 'page' : nothing}
                    @click=${(event: MouseEvent) => this.#onLinkClick(event, section)}
                    >${section.label}</a
                  >
                </li>`,
              )}
            </ul>
          </nav>
        </header>
        <main id="main">
          <lp-account-status></lp-account-status>
          <h1 tabindex="-1">${this.section.label}</h1>
          <slot></slot>
        </main>
      </div>
    </lp-portal>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const session = this.sessionEnded ? undefined : this.#session.value;
    // The section area is light DOM (D31): slotted into <main>, inside the shell's <lp-portal>.
    render(session ? this.section.render(this.item) : nothing, this, { host: this });
    if (session) document.title = messages.title(this.section.label, session.provider.name);
    if (this.#moveFocusToHeading) {
      this.#moveFocusToHeading = false;
      this.#heading?.focus();
    }
  }

  #renderMessage(content: unknown) {
    return html`<div class="app">
      <header class="top-bar">
        <div class="top-bar__row"><span class="brand">${this.providerName}</span></div>
      </header>
      <main id="main">${content}</main>
    </div>`;
  }

  #renderSessionEnded() {
    return html`<p class="notice tone-neutral" role="status">
      <span class="notice__text">${coreMessages.sessionEnded}</span>
      <a class="button" href=${this.#signInHref}>${messages.signInAgain}</a>
    </p>`;
  }

  /** The sign-in page, told to come back to this path. */
  get #signInHref(): string {
    const here = window.location.pathname + window.location.search;
    return `${this.basePath}/sign-in${here.startsWith(`${this.basePath}/`) ? `?next=${encodeURIComponent(here)}` : ''}`;
  }

  #signOut = async (): Promise<void> => {
    try {
      const request = new Request(`${this.basePath}/session`, { method: 'DELETE', headers: { 'X-LP-CSRF': '1' }, credentials: 'same-origin' });
      if ((await (this.transport ?? fetch)(request)).ok) return this.navigate(`${this.basePath}/sign-in`);
    } catch {
      // offline: the session stays, and the button says so
    }
    this.signOutFailed = true;
  };

  get #heading() {
    return this.renderRoot.querySelector<HTMLElement>('h1');
  }

  get #sections(): readonly Section[] {
    return (this.constructor as typeof LpPortalApp).sections;
  }

  #sectionById(id: string): Section | undefined {
    return this.#sections.find((section) => section.id === id);
  }

  #href(section: Section, item?: string): string {
    return `${this.basePath}/${section.id}${item ? `/${encodeURIComponent(item)}` : ''}`;
  }

  #syncWithLocation = (): void => {
    const { pathname } = window.location;
    const rest = pathname.startsWith(this.basePath) ? pathname.slice(this.basePath.length).replace(/^\/+|\/+$/g, '') : '';
    const [id = '', item] = rest.split('/');
    const section = this.#sectionById(id);
    this.section = section ?? this.#sections[0]!;
    this.item = section && item ? decodeURIComponent(item) : undefined;
  };

  #go(section: Section, item?: string): void {
    if (section === this.section && item === this.item) return;
    window.history.pushState(null, '', this.#href(section, item));
    // A new section is announced as a page load would be; inside a section, its widget moves the focus.
    this.#moveFocusToHeading = section !== this.section;
    this.section = section;
    this.item = item;
  }

  #onLinkClick(event: MouseEvent, section: Section): void {
    // Modified clicks (new tab, new window) stay with the browser.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.#go(section);
  }

  #onNavigate = (event: GlobalEventHandlersEventMap['lp-navigate']): void => {
    const section = this.#sectionById(event.detail.section);
    if (!section) return; // not built yet: the widget's own link (if any) applies
    event.preventDefault();
    this.#go(section, event.detail.item);
  };

  #skipToMain = (event: Event): void => {
    // The target is inside a shadow root, where a fragment link cannot reach it.
    event.preventDefault();
    this.#heading?.focus();
  };
}

define('lp-portal-app', LpPortalApp);

declare global {
  interface HTMLElementTagNameMap {
    'lp-portal-app': LpPortalApp;
  }
}
