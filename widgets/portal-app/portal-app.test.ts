import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { Session, Wallet } from '../core/api.js';
import { useLocale } from '../core/i18n.js';
import type { LpPortal } from '../portal/portal.js';
import { a11yViolations } from '../core/testing/axe.js';
import { hasFocus, shadowQuery, shadowText, textOf } from '../core/testing/dom.js';
import { money } from '../core/testing/expected.js';
import { fixtureTransport, loadFixture, type FixtureOptions } from '../core/testing/fixture-transport.js';
import './portal-app.js';
import { LpPortalApp } from './portal-app.js';
import { sections } from './sections.js';

/** The app with a second section, so routing between sections can be tested before real ones exist. */
class TestPortalApp extends LpPortalApp {
  static override sections = [
    ...sections,
    { id: 'second', label: 'Second', render: () => html`<p class="second-section">The second section</p>` },
  ];
}
customElements.define('lp-test-portal-app', TestPortalApp);

const BASE = '/app-under-test';
const startUrl = window.location.href;

async function mountApp(scenario = 'available', options?: FixtureOptions) {
  const transport = fixtureTransport(scenario, options);
  const app = await fixture<TestPortalApp>(
    html`<lp-test-portal-app base-path=${BASE} provider-name="Acme Leads" .transport=${transport}></lp-test-portal-app>`,
  );
  const shell = () => app.shadowRoot!;
  return { app, transport, shell };
}

describe('<lp-portal-app>', () => {
  afterEach(async () => {
    window.history.replaceState(null, '', startUrl);
    await setViewport({ width: 800, height: 600 });
  });

  it('builds the top bar from the session, with a token from /app/token', async () => {
    const session = await loadFixture<Session>('available', 'session');
    const wallet = await loadFixture<Wallet>('available', 'wallet');
    const { app, transport, shell } = await mountApp();
    await shadowQuery(app, 'lp-portal');
    const brand = shell().querySelector('.brand')!;
    expect(textOf(brand)).to.equal(session.provider.name);
    expect(brand.querySelector('img')?.getAttribute('alt')).to.equal('');
    expect(new URL(transport.requests[0]!.url).pathname).to.equal('/app/token');

    const topBar = shell().querySelector('header')!;
    for (const tag of ['lp-wallet-balance', 'lp-customer-badge', 'lp-customer-switcher']) {
      expect(topBar.querySelector(tag), tag).to.exist;
    }
    const balance = topBar.querySelector('lp-wallet-balance')!;
    expect(textOf(await shadowQuery(balance, '[part="amount"]'))).to.equal(money(wallet.available_cents));
    expect(shell().querySelector('main lp-account-status')).to.exist;
    expect(textOf(shell().querySelector('h1'))).to.equal('Dashboard');
    expect(document.title).to.equal(`Dashboard — ${session.provider.name}`);
  });

  it('applies the provider branding to its portal', async () => {
    const session = await loadFixture<Session>('available', 'session');
    const { app, shell } = await mountApp();
    await shadowQuery(app, 'lp-portal');
    const portal = shell().querySelector('lp-portal')!;
    await portal.updateComplete;
    expect(portal.style.getPropertyValue('--lp-sys-color-primary')).to.equal(
      session.provider.branding.appearance.colorPrimary,
    );
    expect(portal.locale).to.equal(session.provider.locale);
  });

  it('renders the section area in light DOM, where its widgets still reach the portal (D31)', async () => {
    const wallet = await loadFixture<Wallet>('available', 'wallet');
    const { app } = await mountApp();
    await waitUntil(() => app.querySelector('lp-dashboard'), 'no section content in light DOM');
    const dashboard = app.querySelector('lp-dashboard')!;
    expect(dashboard.getRootNode()).to.equal(document);
    // The dashboard's own funding block is a wallet widget inside its shadow root, served by the same portal.
    const detail = await shadowQuery(dashboard, 'lp-wallet-balance');
    expect(detail.getAttribute('variant')).to.equal('detail');
    await shadowQuery(detail, 'table');
    expect(textOf(detail.shadowRoot!.querySelector('[part="amount"]'))).to.equal(money(wallet.available_cents));
  });

  it('lists only built sections in its nav and routes by URL, with back and forward', async () => {
    const { app, shell } = await mountApp();
    const nav = await shadowQuery(app, 'nav');
    const links = [...nav.querySelectorAll('a')];
    expect(links.map((link) => [textOf(link), link.getAttribute('href')])).to.deep.equal([
      ...sections.map((section) => [section.label, `${BASE}/${section.id}`]),
      ['Second', `${BASE}/second`],
    ]);
    expect(links[0]!.getAttribute('aria-current')).to.equal('page');

    links.at(-1)!.click();
    await waitUntil(() => app.querySelector('.second-section'), 'the second section did not render');
    expect(window.location.pathname).to.equal(`${BASE}/second`);
    expect(textOf(shell().querySelector('h1'))).to.equal('Second');
    expect(hasFocus(shell().querySelector('h1')!), 'focus moves to the new section').to.be.true;
    expect(app.querySelector('lp-dashboard')).to.be.null;

    window.history.back();
    await waitUntil(() => app.querySelector('lp-dashboard'), 'back did not return to the dashboard');
    window.history.forward();
    await waitUntil(() => app.querySelector('.second-section'), 'forward did not return to the second section');
  });

  it('moves to a section named by lp-navigate, and leaves unknown sections to the widget', async () => {
    const { app } = await mountApp();
    await waitUntil(() => app.querySelector('lp-dashboard'));
    const known = new CustomEvent('lp-navigate', { detail: { section: 'second' }, bubbles: true, composed: true, cancelable: true });
    app.querySelector('lp-dashboard')!.dispatchEvent(known);
    expect(known.defaultPrevented).to.be.true;
    await waitUntil(() => app.querySelector('.second-section'));

    const unknown = new CustomEvent('lp-navigate', { detail: { section: 'returns' }, bubbles: true, composed: true, cancelable: true });
    app.dispatchEvent(unknown);
    expect(unknown.defaultPrevented).to.be.false;
  });

  it('opens Billing when the top bar’s wallet is clicked (D22), its Stripe mount point in light DOM (D31)', async () => {
    const { app, shell } = await mountApp();
    const wallet = await shadowQuery(app, 'header lp-wallet-balance');
    (await shadowQuery(wallet, '[part="action"]')).click();
    await waitUntil(() => app.querySelector('lp-billing-panel'), 'the billing section did not open');
    expect(window.location.pathname).to.equal(`${BASE}/billing`);
    expect(textOf(shell().querySelector('h1'))).to.equal('Billing');
    const panel = app.querySelector('lp-billing-panel')!;
    expect(panel.getRootNode()).to.equal(document);
    await shadowQuery(panel, '#tx-caption');
  });

  it('opens the section its URL names, and the default for an unknown one', async () => {
    window.history.replaceState(null, '', `${BASE}/second`);
    const first = await mountApp();
    await waitUntil(() => first.app.querySelector('.second-section'));

    window.history.replaceState(null, '', `${BASE}/no-such-section`);
    const second = await mountApp();
    await waitUntil(() => second.app.querySelector('lp-dashboard'));
  });

  it('has a skip link to the main content', async () => {
    const { app, shell } = await mountApp();
    const skip = await shadowQuery<HTMLAnchorElement>(app, '.skip-link');
    skip.click();
    expect(hasFocus(shell().querySelector('main h1')!)).to.be.true;
  });

  it('without a session (/app/token refuses) sends the browser to the sign-in page, to come back to this path', async () => {
    window.history.replaceState(null, '', `${BASE}/bids?x=1`);
    const visited: string[] = [];
    const transport = fixtureTransport('available', { fail: 'unauthorized', delayMs: 50 });
    const app = await fixture<TestPortalApp>(html`<lp-test-portal-app base-path=${BASE} provider-name="Acme Leads" .transport=${transport} .navigate=${(url: string) => visited.push(url)}></lp-test-portal-app>`);
    await waitUntil(() => visited.length, 'did not go to the sign-in page');
    expect(visited).to.deep.equal([`${BASE}/sign-in?next=${encodeURIComponent(`${BASE}/bids?x=1`)}`]);
    expect(app.querySelector('lp-bids-manager')).to.be.null;
  });

  it('when the session ends after loading, says so with a link to sign in again and come back here', async () => {
    window.history.replaceState(null, '', `${BASE}/bids`);
    const visited: string[] = [];
    const transport = fixtureTransport('available');
    const app = await fixture<TestPortalApp>(html`<lp-test-portal-app base-path=${BASE} provider-name="Acme Leads" .transport=${transport} .navigate=${(url: string) => visited.push(url)}></lp-test-portal-app>`);
    await shadowQuery(app, 'lp-portal');
    await waitUntil(() => app.querySelector('lp-bids-manager'), 'no section');
    const expired = oneEvent(document, 'lp-session-expired');
    // What a widget's client fires once a renewed token is refused (D23).
    app.querySelector('lp-bids-manager')!.dispatchEvent(new CustomEvent('lp-session-expired', { detail: { reason: 'unauthorized' }, bubbles: true, composed: true }));
    await expired;
    await waitUntil(() => shadowText(app).includes('Your session has ended.'), 'no notice');
    expect(app.shadowRoot!.querySelector<HTMLAnchorElement>('main a')!.getAttribute('href')).to.equal(`${BASE}/sign-in?next=${encodeURIComponent(`${BASE}/bids`)}`);
    expect(app.querySelector('lp-bids-manager')).to.be.null;
    expect(visited).to.deep.equal([]);
    expect(await a11yViolations(app)).to.deep.equal([]);
  });

  it('signs out (DELETE <base-path>/session with the CSRF header) and opens the sign-in page; a failed sign-out says so', async () => {
    const visited: string[] = [];
    const sent: Request[] = [];
    for (const status of [500, 204]) {
      const fixtures = fixtureTransport('available');
      // The session endpoint is not /api/v1 (no fixture): its empty 204, or a failure.
      const transport = (request: Request) => (request.method === 'DELETE' ? (sent.push(request), Promise.resolve(new Response(null, { status }))) : fixtures(request));
      const app = await fixture<TestPortalApp>(html`<lp-test-portal-app base-path=${BASE} provider-name="Acme Leads" .transport=${transport} .navigate=${(url: string) => visited.push(url)}></lp-test-portal-app>`);
      const signOut = await shadowQuery<HTMLButtonElement>(app, '.account > button');
      expect(textOf(signOut)).to.equal('Sign out');
      signOut.click();
      if (status === 500) {
        await waitUntil(() => textOf(signOut) === 'Sign-out failed: try again', 'no failure shown');
        expect(visited).to.deep.equal([]);
      } else await waitUntil(() => visited.length, 'did not go to the sign-in page');
    }
    expect(visited).to.deep.equal([`${BASE}/sign-in`]);
    expect(sent.map((r) => [new URL(r.url).pathname, r.headers.get('X-LP-CSRF')])).to.deep.equal([[`${BASE}/session`, '1'], [`${BASE}/session`, '1']]);
  });

  it('shows the Team section to admins of the active customer only', async () => {
    const links = async (scenario: string) => {
      const { app, shell } = await mountApp(scenario);
      await shadowQuery(app, 'nav a');
      return [...shell().querySelectorAll('nav a')].map((a) => textOf(a));
    };
    expect(await links('available')).to.include('Team');
    expect(await links('limited')).to.not.include('Team'); // a buyer
  });

  it('passes axe and fits a 360px wide screen', async () => {
    await setViewport({ width: 360, height: 740 });
    const { app } = await mountApp();
    await waitUntil(() => app.querySelector('lp-dashboard'));
    const dashboard = app.querySelector('lp-dashboard')!;
    await shadowQuery(await shadowQuery(dashboard, 'lp-wallet-balance'), 'table');
    await shadowQuery(dashboard, 'figure');
    expect(document.documentElement.scrollWidth).to.be.at.most(360);
    expect(await a11yViolations(app)).to.deep.equal([]);
  });

  describe('in other languages', () => {
    afterEach(() => useLocale('en'));

    it('speaks its provider’s language, and switches at run time with its portal’s locale', async () => {
      const session = await loadFixture<Session>('available', 'session');
      const fixtures = fixtureTransport('available');
      // A provider whose portal is in Mexican Spanish.
      const transport = async (request: Request) => {
        const response = await fixtures(request);
        if (request.method !== 'GET' || !new URL(request.url).pathname.endsWith('/session')) return response;
        const body = (await response.json()) as Session;
        return Response.json({ ...body, provider: { ...body.provider, locale: 'es-MX' } });
      };
      const app = await fixture<TestPortalApp>(
        html`<lp-test-portal-app base-path=${BASE} provider-name="Acme Leads" .transport=${transport}></lp-test-portal-app>`,
      );
      const portal = await shadowQuery<LpPortal>(app, 'lp-portal');
      const heading = () => textOf(app.shadowRoot!.querySelector('h1'));
      const links = () => [...app.shadowRoot!.querySelectorAll('nav a')].map((a) => textOf(a));
      await waitUntil(() => heading() === 'Panel', 'no Spanish');
      expect(links()).to.include.members(['Panel', 'Pujas', 'Mercado', 'Facturación']);
      await waitUntil(() => document.title === `Panel — ${session.provider.name}`, 'no Spanish title');
      expect(textOf(app.shadowRoot!.querySelector('.account button'))).to.equal('Cerrar sesión');
      expect(await a11yViolations(app)).to.deep.equal([]);

      portal.locale = 'fr-CA';
      await waitUntil(() => heading() === 'Tableau de bord', 'no French');
      expect(links()).to.include.members(['Tableau de bord', 'Mises', 'Marché', 'Facturation']);
      await waitUntil(() => document.title === `Tableau de bord — ${session.provider.name}`, 'no French title');

      portal.locale = 'en-US';
      await waitUntil(() => heading() === 'Dashboard', 'English did not come back');
      expect(textOf(app.shadowRoot!.querySelector('.account button'))).to.equal('Sign out');
    });
  });
});
