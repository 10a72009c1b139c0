import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { useLocale } from '../core/i18n.js';
import { a11yViolations } from '../core/testing/axe.js';
import { hasFocus, shadowText, textOf } from '../core/testing/dom.js';
import { loadFixture } from '../core/testing/fixture-transport.js';
import './app-account.js';
import type { LpAppAccount } from './app-account.js';

/** Replays `widgets/fixtures/app-account/<name>.json` (a recorded `{ status, body }`) for each POST path, in turn. */
function accountTransport(replies: Record<string, string[]>) {
  const requests: { path: string; method: string; body: Record<string, unknown>; csrf: string | null }[] = [];
  const transport = async (request: Request) => {
    const path = new URL(request.url).pathname;
    requests.push({ path, method: request.method, body: await request.json(), csrf: request.headers.get('X-LP-CSRF') });
    const name = replies[path]?.shift();
    if (!name) throw new Error(`no reply for ${path}`);
    const { status, body } = await loadFixture<{ status: number; body: unknown }>('app-account', name);
    return new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  };
  return { transport, requests };
}

const startUrl = window.location.href;
let visited: string[];

async function mount(page: string, replies: Record<string, string[]> = {}, extra = {}) {
  const { transport, requests } = accountTransport(replies);
  visited = [];
  const element = await fixture<LpAppAccount>(html`<lp-app-account
    page=${page}
    base-path="/app"
    provider-name="Acme Leads"
    appearance='{"colorPrimary":"#0b5cad"}'
    .transport=${transport}
    .navigate=${(url: string) => visited.push(url)}
    .consents=${(extra as { consents?: unknown }).consents ?? []}
    registration=${(extra as { registration?: string }).registration ?? ''}
    demo-email=${(extra as { demo?: string }).demo ?? ''}
    demo-password=${(extra as { demo?: string }).demo ? 'lead-portal-demo' : ''}
  ></lp-app-account>`);
  return { element, requests };
}

const root = (element: LpAppAccount) => element.shadowRoot!;
const input = (element: LpAppAccount, id: string) => root(element).getElementById(id) as HTMLInputElement & HTMLSelectElement;
const errorOf = (element: LpAppAccount, id: string) => textOf(root(element).getElementById(`${id}-error`));
const button = (element: LpAppAccount, label: string) => [...root(element).querySelectorAll('button')].find((b) => textOf(b) === label)!;
const alertText = (element: LpAppAccount) => textOf(root(element).querySelector('[role="alert"]'));
const submit = (element: LpAppAccount) => root(element).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

function type(element: LpAppAccount, id: string, value: string) {
  const field = input(element, id);
  field.value = value;
  field.dispatchEvent(new Event(field.localName === 'select' ? 'change' : 'input', { bubbles: true }));
}

describe('<lp-app-account>', () => {
  afterEach(() => window.history.replaceState(null, '', startUrl));

  it('signs in: demo credentials to fill in, client checks, the server’s generic refusal, then to ?next', async () => {
    window.history.replaceState(null, '', `${location.pathname}?next=${encodeURIComponent('/app/limits')}`);
    const { element, requests } = await mount('sign-in', { '/app/session': ['session-refused', 'session'] }, { demo: 'dana@roofpros.example' });
    expect(textOf(root(element).querySelector('h1'))).to.equal('Sign in');
    expect(document.title).to.equal('Sign in — Acme Leads');
    expect(element.style.getPropertyValue('--lp-sys-color-primary')).to.equal('#0b5cad');
    expect(shadowText(element)).to.contain('Demo account: dana@roofpros.example, password lead-portal-demo');
    submit(element);
    await waitUntil(() => errorOf(element, 'email'), 'no client errors');
    expect([errorOf(element, 'email'), errorOf(element, 'password')]).to.deep.equal(['Enter an email address', 'Enter your password']);
    expect(hasFocus(input(element, 'email'))).to.be.true;
    expect(input(element, 'email').getAttribute('aria-describedby')).to.equal('email-error');
    expect(await a11yViolations(element)).to.deep.equal([]);
    expect(requests).to.have.length(0);

    button(element, 'Fill in').click();
    await element.updateComplete;
    expect(input(element, 'email').value).to.equal('dana@roofpros.example');
    expect(errorOf(element, 'email')).to.be.undefined;
    submit(element);
    await waitUntil(() => alertText(element)?.includes('not right'), 'no refusal');
    expect(alertText(element)).to.equal('The email or password is not right');
    expect(requests[0]).to.deep.equal({ path: '/app/session', method: 'POST', body: { email: 'dana@roofpros.example', password: 'lead-portal-demo' }, csrf: '1' });
    submit(element);
    await waitUntil(() => visited.length, 'did not go on');
    expect(visited).to.deep.equal(['/app/limits']);
  });

  it('never follows a ?next outside the portal', async () => {
    for (const next of ['//evil.example/app', 'https://evil.example/app', '/application', '/app/sign-in']) {
      window.history.replaceState(null, '', `${location.pathname}?next=${encodeURIComponent(next)}`);
      const { element } = await mount('sign-in', { '/app/session': ['session'] });
      type(element, 'email', 'ava@crewroofing.example');
      type(element, 'password', 'whatever');
      submit(element);
      await waitUntil(() => visited.length, 'did not go on');
      expect(visited, next).to.deep.equal(['/app']);
    }
  });

  it('registers in two steps: checks each step, puts server errors on their fields (reopening step 1), then goes to /app', async () => {
    const consents = [{ label: 'Terms', url: 'https://acme.example/terms' }];
    const { element, requests } = await mount('register', { '/app/register': ['register-invalid', 'register-taken', 'register'] }, { consents });
    submit(element);
    await waitUntil(() => errorOf(element, 'user-name'), 'no client errors');
    expect([errorOf(element, 'user-name'), errorOf(element, 'user-email'), errorOf(element, 'user-password')]).to.deep.equal(['Enter your name', 'Enter an email address', 'Use at least 10 characters']);
    type(element, 'user-name', 'Riley Park');
    type(element, 'user-email', 'riley@parkroofing.example');
    type(element, 'user-password', 'long enough');
    await element.updateComplete;
    expect(errorOf(element, 'user-password')).to.be.undefined; // checked again as the user types
    submit(element);
    await waitUntil(() => shadowText(element).includes('Step 2 of 2'), 'no step 2');
    expect(hasFocus(root(element).querySelector('h1')!)).to.be.true;
    expect(input(element, 'business-billing_email').value).to.equal('riley@parkroofing.example');
    expect(requests).to.have.length(0);

    // Canada: provinces, a postal code; the chosen state goes.
    type(element, 'business-region', 'TX');
    type(element, 'business-country', 'CA');
    await element.updateComplete;
    expect(textOf(root(element).querySelector('label[for="business-region"]'))).to.equal('Province or territory');
    expect(textOf(root(element).querySelector('label[for="business-postal_code"]'))).to.equal('Postal code');
    expect(input(element, 'business-region').value).to.equal('');
    expect([...input(element, 'business-region').options].map((o) => o.value)).to.include.members(['ON', 'QC', 'BC']);
    submit(element);
    await waitUntil(() => errorOf(element, 'business-name'), 'no client errors');
    expect(errorOf(element, 'business-region')).to.equal('Choose a province or territory of CA');
    expect(errorOf(element, 'business-postal_code')).to.equal('Enter a postal code such as K1A 0B1');
    expect(errorOf(element, 'accepted_consents')).to.equal('Accept Terms to continue');
    expect(await a11yViolations(element)).to.deep.equal([]);

    type(element, 'business-country', 'US');
    await element.updateComplete; // the US states are the region's options now
    for (const [id, value] of [['business-name', 'Park Roofing'], ['business-phone', '+1 512 555 0142'], ['business-address-line1', '100 Congress Ave'], ['business-address-city', 'Austin'], ['business-region', 'TX'], ['business-postal_code', '78701']]) type(element, id!, value!);
    root(element).querySelector<HTMLInputElement>('#accepted_consents input')!.click();
    await element.updateComplete;
    // The server refuses the password (recorded: a short one) and the ZIP: step 1 reopens with the password's error.
    submit(element);
    await waitUntil(() => errorOf(element, 'user-password'), 'step 1 did not reopen');
    expect(errorOf(element, 'user-password')).to.equal('Use at least 10 characters');
    expect(alertText(element)).to.equal('Check the highlighted fields. Enter a ZIP code such as 78701');
    expect(requests[0]!.body).to.deep.include({ accepted_consents: ['https://acme.example/terms'] });
    expect(requests[0]!.body['business']).to.deep.include({ country: 'US', region: 'TX', postal_code: '78701', address: { line1: '100 Congress Ave', city: 'Austin' } });

    submit(element);
    await waitUntil(() => shadowText(element).includes('Step 2 of 2'), 'no step 2');
    submit(element);
    await waitUntil(() => errorOf(element, 'user-email'), 'no email error');
    expect(errorOf(element, 'user-email')).to.equal('An account with this email already exists');
    submit(element);
    await waitUntil(() => shadowText(element).includes('Step 2 of 2'), 'no step 2');
    submit(element);
    await waitUntil(() => visited.length, 'did not go on');
    expect(visited).to.deep.equal(['/app']);
  });

  it('says so when the provider takes no registrations', async () => {
    const { element } = await mount('register', {}, { registration: 'closed' });
    expect(shadowText(element)).to.contain('This provider does not take new registrations here.');
    expect(root(element).querySelector('form')).to.be.null;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('requests a reset link and shows the server’s answer', async () => {
    const { element } = await mount('forgot-password', { '/app/password-reset': ['password-reset'] });
    type(element, 'email', 'ava@crewroofing.example');
    submit(element);
    await waitUntil(() => root(element).querySelector('[role="status"]'), 'no answer');
    expect(textOf(root(element).querySelector('[role="status"]'))).to.equal('If an account has this email, a link to reset its password is on its way');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('resets the password with the token from the fragment (dropped from the address bar); a used link says so', async () => {
    const { element: none } = await mount('reset-password');
    expect(alertText(none)).to.equal('This link is incomplete. Open it again from your email.');

    window.history.replaceState(null, '', `${location.pathname}#token=tok_from_mail`);
    const { element, requests } = await mount('reset-password', { '/app/password-reset/confirm': ['password-reset-used', 'password-reset-confirm'] });
    expect(location.hash).to.equal('');
    type(element, 'password', 'short');
    submit(element);
    await waitUntil(() => errorOf(element, 'password'), 'no client error');
    type(element, 'password', 'a-new-password-1');
    submit(element);
    await waitUntil(() => alertText(element)?.includes('expired'), 'no refusal');
    expect(alertText(element)).to.equal('This link has expired or was already used; ask for a new one');
    submit(element);
    await waitUntil(() => root(element).querySelector('[role="status"]'), 'not done');
    expect(textOf(root(element).querySelector('[role="status"]'))).to.equal('Your password is changed. Sign in with it.');
    expect(requests.map((r) => r.body)).to.deep.equal([{ token: 'tok_from_mail', password: 'a-new-password-1' }, { token: 'tok_from_mail', password: 'a-new-password-1' }]);
    expect(root(element).querySelector('a')!.getAttribute('href')).to.equal('/app/sign-in');
  });

  it('accepts an invitation: without an account the server asks for a name and a password', async () => {
    window.history.replaceState(null, '', `${location.pathname}#token=inv_token`);
    const { element, requests } = await mount('accept-invite', { '/app/invites/accept': ['invites-accept-new-user', 'invites-accept'] });
    const signIn = root(element).querySelector('a')!.getAttribute('href')!;
    expect(decodeURIComponent(signIn)).to.equal('/app/sign-in?next=/app/invites/accept#token=inv_token');
    button(element, 'Accept invitation').click();
    await waitUntil(() => input(element, 'name'), 'no name field');
    expect(alertText(element)).to.be.undefined;
    expect(await a11yViolations(element)).to.deep.equal([]);
    type(element, 'name', 'Dee Buyer');
    type(element, 'password', 'dee-password-1');
    submit(element);
    await waitUntil(() => visited.length, 'did not go on');
    expect(visited).to.deep.equal(['/app']);
    expect(requests.map((r) => r.body)).to.deep.equal([{ token: 'inv_token' }, { token: 'inv_token', name: 'Dee Buyer', password: 'dee-password-1' }]);
  });

  it('confirms an email address when the link is opened', async () => {
    window.history.replaceState(null, '', `${location.pathname}#token=verify_token`);
    const { element, requests } = await mount('verify-email', { '/app/verify-email': ['verify-email'] });
    await waitUntil(() => shadowText(element).includes('Your email address is confirmed.'), 'not confirmed');
    expect(requests.map((r) => r.body)).to.deep.equal([{ token: 'verify_token' }]);
    expect(root(element).querySelector('a')!.getAttribute('href')).to.equal('/app');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('changes the password of the signed-in user: the current one is checked by the server, on its field', async () => {
    const { element, requests } = await mount('change-password', { '/app/password': ['password-change-wrong', 'password-change'] });
    expect(textOf(root(element).querySelector('h1'))).to.equal('Change your password');
    submit(element);
    await waitUntil(() => errorOf(element, 'current_password'), 'no client check');
    expect(errorOf(element, 'new_password')).to.equal('Use at least 10 characters');
    type(element, 'current_password', 'not the password');
    type(element, 'new_password', 'another-password-2');
    submit(element);
    await waitUntil(() => errorOf(element, 'current_password') === 'This is not your current password', 'no server refusal on the field');
    expect(hasFocus(input(element, 'current_password'))).to.be.true;
    type(element, 'current_password', 'a-new-password-1');
    submit(element);
    await waitUntil(() => root(element).querySelector('[role="status"]'), 'not done');
    expect(textOf(root(element).querySelector('[role="status"]'))).to.match(/^Your password is changed/);
    expect(requests.map((r) => [r.method, r.path, r.body, r.csrf])).to.deep.equal([
      ['PUT', '/app/password', { current_password: 'not the password', new_password: 'another-password-2' }, '1'],
      ['PUT', '/app/password', { current_password: 'a-new-password-1', new_password: 'another-password-2' }, '1'],
    ]);
    expect(root(element).querySelector('a')!.getAttribute('href')).to.equal('/app');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('asks for a new email with the current password and says where the confirmation link went', async () => {
    const { element, requests } = await mount('change-email', { '/app/email': ['email-change'] });
    const links = [...root(element).querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).to.deep.equal(['/app', '/app/account/password']);
    type(element, 'new_email', 'not an email');
    type(element, 'current_password', 'a-new-password-1');
    submit(element);
    await waitUntil(() => errorOf(element, 'new_email'), 'no client check');
    type(element, 'new_email', ' ava.new@crewroofing.example ');
    submit(element);
    await waitUntil(() => root(element).querySelector('[role="status"]'), 'not done');
    expect(textOf(root(element).querySelector('[role="status"]'))).to.equal('Check ava.new@crewroofing.example: the change takes effect when you open the link we sent there.');
    expect(requests.map((r) => [r.method, r.body])).to.deep.equal([['PUT', { current_password: 'a-new-password-1', new_email: 'ava.new@crewroofing.example' }]]);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  describe('in other languages', () => {
    const lang = document.documentElement.lang;
    afterEach(async () => {
      document.documentElement.lang = lang;
      await useLocale('en');
    });

    it('speaks the page’s language (<html lang>) and switches when the page does, its checks too', async () => {
      document.documentElement.lang = 'es-MX';
      const { element } = await mount('register');
      const heading = () => textOf(root(element).querySelector('h1'));
      await waitUntil(() => heading() === 'Crea tu cuenta', 'no Spanish');
      expect(document.title).to.equal('Crea tu cuenta — Acme Leads');
      submit(element);
      await waitUntil(() => errorOf(element, 'user-name'), 'no client errors');
      expect([errorOf(element, 'user-name'), errorOf(element, 'user-password')]).to.deep.equal(['Escribe tu nombre', 'Usa al menos 10 caracteres']);
      expect(await a11yViolations(element)).to.deep.equal([]);

      document.documentElement.lang = 'fr-CA';
      await useLocale('fr-CA');
      await waitUntil(() => heading() === 'Créez votre compte', 'no French');
      expect(textOf(root(element).querySelector('label[for="user-name"]'))).to.equal('Votre nom');
      submit(element);
      await waitUntil(() => errorOf(element, 'user-name') === 'Entrez votre nom', 'checks not in French');

      document.documentElement.lang = 'en-US';
      await useLocale('en-US');
      await waitUntil(() => heading() === 'Create your account', 'English did not come back');
    });
  });
});
