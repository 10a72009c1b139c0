import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ApiError, type Transport } from '../core/api-client.js';
import { applyAppearance, type Appearance } from '../core/appearance.js';
import { define } from '../core/define.js';
import { renderAlert, renderFieldError } from '../core/feedback.js';
import { formStyles } from '../core/form-styles.js';
import { useLocale, widgets } from '../core/i18n.js';
import { coreMessages } from '../core/messages.js';
import { sharedStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import { VERSION } from '../core/version.js';
import { messages as m } from './app-account.messages.js';
import { styles } from './app-account.styles.js';
import { countries, postalCodes, regions, type Country } from './regions.js';

export type AccountPage = 'sign-in' | 'register' | 'forgot-password' | 'reset-password' | 'accept-invite' | 'verify-email' | 'change-password' | 'change-email';
export interface ConsentLink {
  label: string;
  url: string;
}
type Values = Record<string, string>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ().-]{5,22}[0-9]$/;
const e = m.errors;
const newPassword = (v: string) => (v.length < 10 ? e.newPassword : v.length > 200 ? e.longPassword : undefined);
const email = (v: string) => (EMAIL.test(v.trim()) ? undefined : e.email);
// Errors are read when checking, not here: the catalogue changes with the language.
const filled = (error: 'name' | 'password' | 'businessName' | 'line1' | 'city') => (v: string) => (v.trim() ? undefined : e[error]);

/** The server's rules (server/routes/pages/accounts.ts, server/domain/accounts/register.ts), by its field names. */
const rules: Record<string, (value: string, all: Values) => string | undefined> = {
  name: filled('name'),
  email,
  password: newPassword,
  current_password: filled('password'),
  new_password: newPassword,
  new_email: email,
  'user.name': filled('name'),
  'user.email': email,
  'user.password': newPassword,
  'business.name': filled('businessName'),
  'business.billing_email': email,
  'business.phone': (v) => (PHONE.test(v.trim()) ? undefined : e.phone),
  'business.address.line1': filled('line1'),
  'business.address.city': filled('city'),
  'business.region': (v, all) => (regions[all['business.country'] as Country].some((r) => r.code === v) ? undefined : e.region(all['business.country'] as Country)),
  'business.postal_code': (v, all) => (postalCodes[all['business.country'] as Country].test(v.trim().toUpperCase()) ? undefined : e.postal[all['business.country'] as Country]),
};
const USER = ['user.name', 'user.email', 'user.password'];
const BUSINESS = ['business.name', 'business.billing_email', 'business.phone', 'business.address.line1', 'business.address.line2', 'business.address.city', 'business.country', 'business.region', 'business.postal_code'];

const idOf = (key: string) => key.replace(/\./g, '-');

/**
 * @summary The /app account pages: sign in, register (two steps), forgot and reset password, accept an
 * invitation, confirm an email address — branded with the provider's name, logo and appearance.
 *
 * Talks to the `/app` account endpoints on its own origin (session cookie, `X-LP-CSRF`). Each form checks its
 * fields as the server does and shows the server's own field errors beside them. Mail links carry their token
 * in the URL fragment, which the page reads and then drops from the address bar. After signing in, registering or
 * accepting an invitation, the browser goes to `next` (a path under `base-path`, e.g. where an expired session
 * left off) or to `base-path`.
 *
 * @attr page - `sign-in`, `register`, `forgot-password`, `reset-password`, `accept-invite` or `verify-email`.
 * @attr base-path - Where /app lives (default `/app`).
 * @attr provider-name - The provider's name, shown above the form.
 * @attr logo-url - The provider's logo.
 * @attr appearance - The provider's appearance (JSON: `colorPrimary`, `borderRadius`, …).
 * @attr consents - Register: the links a new user must accept (JSON `[{ "label", "url" }]`).
 * @attr registration - `closed` when the provider takes no self-registrations.
 * @attr demo-email - Demo mode: the seeded account to sign in with, shown with `demo-password`.
 * @attr demo-password - Demo mode: its password.
 *
 * @csspart card - The card around the form.
 * @cssprop --lp-app-account-background - Page background (default: `--lp-sys-color-surface-variant`).
 */
export class LpAppAccount extends LitElement {
  static version = VERSION;
  static override styles = [themeStyles, sharedStyles, formStyles, styles];

  static override properties: PropertyDeclarations = {
    page: {},
    basePath: { attribute: 'base-path' },
    providerName: { attribute: 'provider-name' },
    logoUrl: { attribute: 'logo-url' },
    appearance: { type: Object },
    consents: { type: Array },
    registration: {},
    demoEmail: { attribute: 'demo-email' },
    demoPassword: { attribute: 'demo-password' },
    transport: { attribute: false },
    values: { state: true },
    errors: { state: true },
    formError: { state: true },
    busy: { state: true },
    step: { state: true },
    done: { state: true },
    newUser: { state: true },
  };

  declare page: AccountPage;
  declare basePath: string;
  declare providerName: string;
  declare logoUrl?: string;
  declare appearance?: Appearance;
  declare consents: ConsentLink[];
  declare registration?: string;
  declare demoEmail?: string;
  declare demoPassword?: string;
  /** Replaces `fetch` (tests and stories). */
  declare transport?: Transport;
  /** Goes to a page after success; tests replace it. @internal */
  navigate = (url: string) => window.location.assign(url);

  private declare values: Values;
  private declare errors: Values;
  private declare formError: string;
  private declare busy: boolean;
  /** Register's step, 1 (you) or 2 (your business). */
  private declare step: number;
  /** What a finished request says instead of its form (reset link sent, password changed, email confirmed). */
  private declare done: string;
  /** Accept invite: the invited email has no account yet, so the form asks for a name and a password. */
  private declare newUser: boolean;
  readonly #token: string;
  #checked = false;
  #focusHeading = false;

  constructor() {
    super();
    Object.assign(this, { page: 'sign-in', basePath: '/app', providerName: '', consents: [], errors: {}, formError: '', busy: false, step: 1, done: '', newUser: false });
    this.values = { 'business.country': 'US' };
    // Mail links carry the token in the fragment; it is read once and kept out of the history.
    this.#token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
    if (this.#token) window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The page's language is the provider's (the server sets <html lang>).
    widgets.add(this);
    void useLocale(document.documentElement.lang || navigator.language);
    // A confirmation link does its one thing when opened.
    if (this.page === 'verify-email' && this.#token) void this.#send('/verify-email', { token: this.#token }, () => (this.done = m.verified));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    widgets.delete(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('appearance')) applyAppearance(this, this.appearance);
  }

  protected override updated(): void {
    document.title = `${m.title[this.page]} — ${this.providerName}`;
    if (this.#focusHeading) {
      this.#focusHeading = false;
      this.renderRoot.querySelector('h1')?.focus();
    }
  }

  protected override render() {
    return html`<main class="card" part="card">
      <p class="brand">${this.logoUrl ? html`<img src=${this.logoUrl} alt="" />` : nothing}${this.providerName}</p>
      <h1 tabindex="-1">${m.title[this.page]}</h1>
      ${this.#renderBody()}
    </main>`;
  }

  #renderBody(): unknown {
    const { page } = this;
    if (this.done) return html`<p class="notice tone-success" role="status">${this.done}</p>${this.#signedIn ? this.#link('', m.toPortal) : this.#link(page === 'verify-email' ? '' : '/sign-in', page === 'verify-email' ? m.openPortal : m.toSignIn)}`;
    if (page === 'register' && this.registration === 'closed') return html`<p class="notice tone-neutral">${m.closed}</p>${this.#link('/sign-in', m.toSignIn)}`;
    if (['reset-password', 'accept-invite', 'verify-email'].includes(page) && !this.#token) return html`${renderAlert(m.noToken)}${this.#link('/sign-in', m.toSignIn)}`;
    if (page === 'verify-email') return this.formError ? html`${renderAlert(this.formError)}${this.#link('', m.openPortal)}` : html`<p role="status">${m.working}</p>`;
    return html`<form novalidate @submit=${this.#submit}>
      ${renderAlert(this.formError)} ${this.#renderFields()}
      <div class="actions">
        ${this.page === 'register' && this.step === 2 ? html`<button type="button" class="button" @click=${() => this.#goToStep(1)}>${m.back}</button>` : nothing}
        <button type="submit" class="button primary" aria-disabled=${this.busy ? 'true' : nothing}>${this.#action()}</button>
      </div>
      ${this.#renderLinks()}
    </form>`;
  }

  #renderFields(): unknown {
    switch (this.page) {
      case 'sign-in':
        return html`${this.demoEmail
            ? html`<p class="notice tone-neutral">
                <span class="notice__text">${m.demo} <b>${this.demoEmail}</b>, ${m.demoPassword} <b>${this.demoPassword}</b></span>
                <button type="button" class="button small" @click=${this.#fillDemo}>${m.useDemo}</button>
              </p>`
            : nothing}
          ${this.#input('email', m.email, 'email', 'username')} ${this.#input('password', m.password, 'password', 'current-password')}`;
      case 'forgot-password':
        return this.#input('email', m.email, 'email', 'email');
      case 'reset-password':
        return this.#input('password', m.newPassword, 'password', 'new-password', m.passwordHint);
      case 'accept-invite':
        return this.newUser
          ? html`<p>${m.newUser}</p>${this.#input('name', m.name, 'text', 'name')}${this.#input('password', m.password, 'password', 'new-password', m.passwordHint)}`
          : nothing;
      case 'change-password':
        return html`${this.#input('current_password', m.currentPassword, 'password', 'current-password')}
          ${this.#input('new_password', m.newPassword, 'password', 'new-password', m.passwordHint)}`;
      case 'change-email':
        return html`${this.#input('new_email', m.newEmail, 'email', 'email', m.newEmailHint)}
          ${this.#input('current_password', m.currentPassword, 'password', 'current-password')}`;
      default:
        return this.step === 1 ? this.#renderYou() : this.#renderBusiness();
    }
  }

  #renderYou(): TemplateResult {
    return html`<p class="muted">${m.step(1)}: ${m.you}</p>
      ${this.#input('user.name', m.name, 'text', 'name')} ${this.#input('user.email', m.email, 'email', 'email')}
      ${this.#input('user.password', m.password, 'password', 'new-password', m.passwordHint)}`;
  }

  #renderBusiness(): TemplateResult {
    const country = this.values['business.country'] as Country;
    const consentError = this.errors['accepted_consents'];
    return html`<p class="muted">${m.step(2)}: ${m.business}</p>
      ${this.#input('business.name', m.businessName, 'text', 'organization')} ${this.#input('business.billing_email', m.billingEmail, 'email', 'email')}
      ${this.#input('business.phone', m.phone, 'tel', 'tel')} ${this.#input('business.address.line1', m.line1, 'text', 'address-line1')}
      ${this.#input('business.address.line2', m.line2, 'text', 'address-line2')} ${this.#input('business.address.city', m.city, 'text', 'address-level2')}
      <div class="columns">
        ${this.#select('business.country', m.country, countries.map((c) => [c, m.countries[c]]), 'country')}
        ${this.#select('business.region', m.region[country], regions[country].map((r) => [r.code, r.name]), 'address-level1')}
      </div>
      ${this.#input('business.postal_code', m.postal[country], 'text', 'postal-code')}
      ${this.consents.length
        ? html`<fieldset id="accepted_consents" tabindex="-1" ?data-invalid=${!!consentError} aria-describedby=${consentError ? 'accepted_consents-error' : nothing}>
            <legend>${m.consents}</legend>
            ${this.consents.map(
              (link) => html`<label class="check"
                ><input type="checkbox" .checked=${this.#accepted.includes(link.url)} @change=${(event: Event) => this.#toggleConsent(link.url, (event.target as HTMLInputElement).checked)} />
                <span>${m.accept} <a href=${link.url} target="_blank" rel="noopener noreferrer">${link.label}</a></span></label
              >`,
            )}
            ${renderFieldError('accepted_consents', consentError)}
          </fieldset>`
        : nothing}`;
  }

  #renderLinks(): unknown {
    const { page } = this;
    if (this.#signedIn) {
      const other = page === 'change-password' ? this.#link('/account/email', m.toEmail) : this.#link('/account/password', m.toPassword);
      return html`<p class="links">${this.#link('', m.toPortal)} ${other}</p>`;
    }
    if (page === 'sign-in') {
      return html`<p class="links">${this.#link('/forgot-password', m.forgot)}
        ${this.registration === 'closed' ? nothing : html`<span>${m.noAccount} ${this.#link('/register', m.register)}</span>`}</p>`;
    }
    if (page !== 'register' && page !== 'accept-invite') return html`<p class="links">${this.#link('/sign-in', m.toSignIn)}</p>`;
    // Accepting an invitation as an existing account needs that account signed in first; then back here.
    const next = page === 'accept-invite' && !this.newUser ? `?next=${encodeURIComponent(`${this.basePath}/invites/accept#token=${this.#token}`)}` : '';
    return html`<p class="links"><span>${m.haveAccount} ${this.#link(`/sign-in${next}`, m.signIn)}</span></p>`;
  }

  #action(): string {
    const busy = this.busy;
    switch (this.page) {
      case 'sign-in':
        return busy ? m.signingIn : m.signIn;
      case 'forgot-password':
        return busy ? m.sending : m.sendLink;
      case 'reset-password':
        return busy ? coreMessages.saving : m.savePassword;
      case 'accept-invite':
        return busy ? m.working : m.acceptInvite;
      case 'change-password':
        return busy ? coreMessages.saving : m.savePassword;
      case 'change-email':
        return busy ? m.sending : m.saveEmail;
      default:
        return this.step === 1 ? m.next : busy ? m.creating : m.create;
    }
  }

  #link(path: string, label: string): TemplateResult {
    return html`<a href=${this.basePath + path}>${label}</a>`;
  }

  #input(key: string, label: string, type: string, autocomplete: string, hint?: string): TemplateResult {
    const id = idOf(key);
    const error = this.errors[key];
    const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${hint ? html`<span class="muted" id="${id}-hint">${hint}</span>` : nothing}
      <input id=${id} name=${key} type=${type} autocomplete=${autocomplete} .value=${this.values[key] ?? ''} @input=${(event: Event) => this.#set(key, (event.target as HTMLInputElement).value)}
        aria-invalid=${error ? 'true' : 'false'} ?data-invalid=${!!error} aria-describedby=${describedBy || nothing} />
      ${renderFieldError(id, error)}
    </div>`;
  }

  #select(key: string, label: string, options: [string, string][], autocomplete: string): TemplateResult {
    const id = idOf(key);
    const error = this.errors[key];
    const value = this.values[key] ?? '';
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} autocomplete=${autocomplete} @change=${(event: Event) => this.#set(key, (event.target as HTMLSelectElement).value)}
        aria-invalid=${error ? 'true' : 'false'} ?data-invalid=${!!error} aria-describedby=${error ? `${id}-error` : nothing}>
        ${key === 'business.country' ? nothing : html`<option value="" ?selected=${!value}>${m.choose}</option>`}
        ${options.map(([code, name]) => html`<option value=${code} ?selected=${code === value}>${name}</option>`)}
      </select>
      ${renderFieldError(id, error)}
    </div>`;
  }

  get #accepted(): string[] {
    return (this.values['accepted_consents'] ?? '').split('\n').filter(Boolean);
  }

  #toggleConsent(url: string, on: boolean): void {
    this.#set('accepted_consents', [...this.#accepted.filter((u) => u !== url), ...(on ? [url] : [])].join('\n'));
  }

  #set(key: string, value: string): void {
    const values = { ...this.values, [key]: value };
    // Another country has other regions: the chosen one goes unless it exists there too.
    if (key === 'business.country' && !regions[value as Country].some((r) => r.code === values['business.region'])) values['business.region'] = '';
    this.values = values;
    if (this.#checked) this.errors = { ...this.errors, ...this.#check(key === 'business.country' ? [key, 'business.region', 'business.postal_code'] : [key]) };
  }

  #fillDemo = (): void => {
    this.#set('email', this.demoEmail!);
    this.#set('password', this.demoPassword ?? '');
  };

  /** The fields this step of this page sends. */
  #keys(): string[] {
    switch (this.page) {
      case 'register':
        return this.step === 1 ? USER : [...BUSINESS, 'accepted_consents'];
      case 'accept-invite':
        return this.newUser ? ['name', 'password'] : [];
      case 'reset-password':
        return ['password'];
      case 'forgot-password':
        return ['email'];
      case 'change-password':
        return ['current_password', 'new_password'];
      case 'change-email':
        return ['new_email', 'current_password'];
      default:
        return ['email', 'password'];
    }
  }

  /** Each field's error (or '' for none) by the server's rules. */
  #check(keys: string[]): Values {
    const errors: Values = {};
    for (const key of keys) {
      const value = this.values[key] ?? '';
      if (key === 'accepted_consents') {
        const missing = this.consents.filter((c) => !this.#accepted.includes(c.url)).map((c) => c.label);
        errors[key] = missing.length ? e.consents(missing) : '';
      } else if (key === 'password' && this.page === 'sign-in') errors[key] = value ? '' : e.password;
      else errors[key] = rules[key]?.(value, this.values) ?? '';
    }
    return errors;
  }

  async #showErrors(errors: Values, formError = m.fixErrors): Promise<void> {
    this.errors = errors;
    this.formError = formError;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-invalid]')?.focus();
  }

  #goToStep(step: number): void {
    this.step = step;
    this.#checked = false;
    this.formError = '';
    this.#focusHeading = true;
  }

  #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this.busy) return;
    this.#checked = true;
    const errors = this.#check(this.#keys());
    if (Object.values(errors).some(Boolean)) return this.#showErrors(errors);
    this.errors = {};
    const v = this.values;
    const next = () => this.navigate(this.#next());
    switch (this.page) {
      case 'sign-in':
        return this.#send('/session', { email: v['email'], password: v['password'] }, next);
      case 'forgot-password':
        return this.#send('/password-reset', { email: v['email'] }, (reply) => (this.done = (reply as { message: string }).message));
      case 'reset-password':
        return this.#send('/password-reset/confirm', { token: this.#token, password: v['password'] }, () => (this.done = m.resetDone));
      case 'accept-invite':
        return this.#send('/invites/accept', { token: this.#token, ...(this.newUser ? { name: v['name'], password: v['password'] } : {}) }, next);
      case 'change-password':
        return this.#send('/password', { current_password: v['current_password'], new_password: v['new_password'] }, () => (this.done = m.passwordChanged), 'PUT');
      case 'change-email':
        return this.#send('/email', { current_password: v['current_password'], new_email: v['new_email']!.trim() }, () => (this.done = m.emailPending(v['new_email']!.trim())), 'PUT');
    }
    if (this.step === 1) {
      // The billing email starts as the user's own.
      this.values = { 'business.billing_email': v['user.email']!, ...v };
      return this.#goToStep(2);
    }
    const get = (key: string) => v[key]?.trim() ?? '';
    return this.#send(
      '/register',
      {
        user: { name: get('user.name'), email: get('user.email'), password: v['user.password'] },
        business: {
          name: get('business.name'),
          billing_email: get('business.billing_email'),
          phone: get('business.phone'),
          address: { line1: get('business.address.line1'), ...(get('business.address.line2') ? { line2: get('business.address.line2') } : {}), city: get('business.address.city') },
          country: v['business.country'],
          region: v['business.region'],
          postal_code: get('business.postal_code'),
        },
        accepted_consents: this.#accepted,
      },
      () => this.navigate(this.basePath),
    );
  };

  /** Sends to `<base-path><path>` as the page (CSRF header, session cookie); failures land on their fields. */
  async #send(path: string, body: unknown, then: (reply: unknown) => void, method = 'POST'): Promise<void> {
    this.busy = true;
    this.formError = '';
    try {
      const request = new Request(this.basePath + path, {
        method,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-LP-CSRF': '1' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
      });
      let response: Response;
      try {
        response = await (this.transport ?? fetch)(request);
      } catch (cause) {
        throw new ApiError({ status: 0, code: 'network', message: coreMessages.networkFailed, cause });
      }
      const reply = await response.json().catch(() => undefined);
      if (!response.ok) {
        const error = reply?.error ?? {};
        throw new ApiError({ status: response.status, code: error.code ?? '', message: error.message ?? '', fields: error.fields });
      }
      then(reply);
    } catch (error) {
      await this.#failed(error);
    } finally {
      this.busy = false;
    }
  }

  async #failed(error: unknown): Promise<void> {
    const apiError = error instanceof ApiError ? error : undefined;
    const fields = apiError?.fields ?? {};
    // Accepting an invitation without an account: the server asks for a name and a password.
    if (this.page === 'accept-invite' && !this.newUser && apiError?.status === 400 && 'password' in fields) {
      this.newUser = true;
      return;
    }
    const keys = Object.keys(fields);
    if (keys.length) {
      // Register: a step-1 field the server refused (e.g. the email has an account) reopens step 1.
      if (this.page === 'register' && this.step === 2 && keys.some((k) => k.startsWith('user.'))) this.#goToStep(1);
      await this.updateComplete;
      const shown = keys.filter((k) => this.renderRoot.querySelector(`#${idOf(k)}`));
      const others = keys.filter((k) => !shown.includes(k)).map((k) => fields[k]);
      return this.#showErrors(Object.fromEntries(shown.map((k) => [k, fields[k]!])), [shown.length ? m.fixErrors : '', ...others].join(' ').trim());
    }
    // The server's messages are written for people (a generic one for a failed sign-in); network and 5xx are not.
    this.formError = apiError?.code === 'network' ? coreMessages.networkFailed : apiError && apiError.status < 500 && apiError.message ? apiError.message : coreMessages.actionFailed;
  }

  /** The account pages of someone signed in (the server sends others to sign in first). */
  get #signedIn(): boolean {
    return this.page === 'change-password' || this.page === 'change-email';
  }

  /** Where to go after signing in: `?next=` when it is a path of this portal, else its start. */
  #next(): string {
    const next = new URLSearchParams(window.location.search).get('next') ?? '';
    const base = this.basePath;
    return next.startsWith(base) && /^([/?#]|$)/.test(next.slice(base.length)) && !next.startsWith(`${base}/sign-in`) && !/[\\]|\/\//.test(next) ? next : base;
  }
}

define('lp-app-account', LpAppAccount);

declare global {
  interface HTMLElementTagNameMap {
    'lp-app-account': LpAppAccount;
  }
}
