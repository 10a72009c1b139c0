import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CustomerSummary, Session } from '../core/api.js';
import { useLocale } from '../core/i18n.js';
import { a11yViolations } from '../core/testing/axe.js';
import { hasFocus, shadowQuery, shadowText, textOf } from '../core/testing/dom.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport, loadFixture, type FixtureOptions } from '../core/testing/fixture-transport.js';
import './customer-switcher.js';
import type { LpCustomerSwitcher } from './customer-switcher.js';

async function mount(scenario: string, options?: FixtureOptions & { fetchToken?: () => Promise<string> }) {
  const transport = fixtureTransport(scenario, options);
  const element = await fixture<LpCustomerSwitcher>(
    options?.fetchToken
      ? html`<lp-customer-switcher .fetchToken=${options.fetchToken} .transport=${transport}></lp-customer-switcher>`
      : html`<lp-customer-switcher token=${fakeToken()} .transport=${transport}></lp-customer-switcher>`,
  );
  return { element, transport };
}

const menuOf = (element: LpCustomerSwitcher) => element.shadowRoot!.querySelector<HTMLElement>('[role="menu"]')!;
const items = (element: LpCustomerSwitcher) => [...menuOf(element).querySelectorAll<HTMLElement>('.item')];
const focusedItem = (element: LpCustomerSwitcher) => items(element).findIndex(hasFocus);

async function openMenu(element: LpCustomerSwitcher, key = 'ArrowDown') {
  const trigger = await shadowQuery(element, '.trigger');
  trigger.focus();
  await sendKeys({ press: key });
  await waitUntil(() => menuOf(element).matches(':popover-open'), 'the menu did not open');
  return trigger;
}

describe('<lp-customer-switcher>', () => {
  it('shows a skeleton while loading', async () => {
    const { element } = await mount('available', { delayMs: Infinity });
    expect(element.shadowRoot!.querySelector('.skeleton')).to.exist;
    expect(shadowText(element)).to.contain('Loading customers…');
  });

  it('shows the active customer on a menu button', async () => {
    const session = await loadFixture<Session>('available', 'session');
    const { element } = await mount('available');
    const trigger = await shadowQuery(element, '.trigger');
    expect(textOf(trigger)).to.equal(`Customer ${session.active_customer.name}`);
    expect(trigger.getAttribute('aria-haspopup')).to.equal('menu');
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('lists every customer with its status, the active one checked', async () => {
    const session = await loadFixture<Session>('available', 'session');
    expect(session.customers.length).to.be.at.least(3);
    const { element } = await mount('available');
    await openMenu(element);

    const radios = items(element).filter((item) => item.getAttribute('role') === 'menuitemradio');
    expect(radios.map(textOf)).to.deep.equal(
      session.customers.map((customer) => `${customer.name} ${customer.status[0]!.toUpperCase()}${customer.status.slice(1)}`),
    );
    const checked = radios.filter((item) => item.getAttribute('aria-checked') === 'true');
    expect(checked.map(textOf)).to.have.length(1);
    expect(textOf(checked[0]!)).to.contain(session.active_customer.name);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('is operable with arrow keys, Home, End and Escape', async () => {
    const { element } = await mount('available');
    const trigger = await openMenu(element, 'ArrowDown');
    await element.updateComplete;
    expect(trigger.getAttribute('aria-expanded')).to.equal('true');
    const count = items(element).length;
    expect(focusedItem(element)).to.equal(0);

    await sendKeys({ press: 'ArrowDown' });
    expect(focusedItem(element)).to.equal(1);
    await sendKeys({ press: 'End' });
    expect(focusedItem(element)).to.equal(count - 1);
    await sendKeys({ press: 'ArrowDown' });
    expect(focusedItem(element), 'wraps to the first').to.equal(0);
    await sendKeys({ press: 'ArrowUp' });
    expect(focusedItem(element), 'wraps to the last').to.equal(count - 1);
    await sendKeys({ press: 'Home' });
    expect(focusedItem(element)).to.equal(0);

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !menuOf(element).matches(':popover-open'), 'Escape did not close the menu');
    expect(hasFocus(trigger), 'focus is back on the button').to.be.true;
    await element.updateComplete;
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
  });

  it('opens on ArrowUp at the last item, and on Enter at the active customer', async () => {
    const { element } = await mount('limited');
    await openMenu(element, 'ArrowUp');
    expect(focusedItem(element)).to.equal(items(element).length - 1);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !menuOf(element).matches(':popover-open'));

    await openMenu(element, 'Enter');
    expect(items(element)[focusedItem(element)]!.getAttribute('aria-checked')).to.equal('true');
  });

  it('fires lp-customer-switched with the external id, then (alone) shows that customer', async () => {
    const session = await loadFixture<Session>('available', 'session');
    const target = session.customers.find((customer) => customer.external_id !== session.active_customer.external_id)!;
    const { element, transport } = await mount('available');
    await openMenu(element);

    const switched = oneEvent(element, 'lp-customer-switched');
    items(element).find((item) => textOf(item)!.startsWith(target.name))!.click();
    const { detail } = await switched;
    expect(detail.customerId).to.equal(target.external_id);
    expect(detail.customer).to.deep.equal(target);
    expect(menuOf(element).matches(':popover-open')).to.be.false;

    await waitUntil(() => textOf(element.shadowRoot!.querySelector('.trigger'))?.includes(target.name));
    expect(transport.requests.at(-1)!.headers.get('X-Customer-Id')).to.equal(target.external_id);
  });

  it('renders nothing for one customer when self-service is off', async () => {
    const session = await loadFixture<Session>('tiers-off', 'session');
    expect(session.customers).to.have.length(1);
    expect(session.provider.self_service_customers).to.be.false;
    const { element, transport } = await mount('tiers-off');
    await waitUntil(() => transport.requests.length === 1);
    await element.updateComplete;
    await waitUntil(() => !element.shadowRoot!.querySelector('.skeleton'));
    expect(element.shadowRoot!.querySelector('button, [role="menu"]')).to.be.null;
    expect(shadowText(element)).to.equal('');
  });

  it('offers to set up a customer even with one customer when self-service is on', async () => {
    const { element } = await mount('exhausted');
    await openMenu(element);
    expect(items(element).map(textOf).at(-1)).to.equal('Set up a new customer account');
  });

  it('validates the new customer form, creates the customer, renews the token and switches to it', async () => {
    const created = await loadFixture<CustomerSummary>('available', 'customers.post');
    let tokensFetched = 0;
    const fetchToken = async () => (tokensFetched++, fakeToken());
    const { element, transport } = await mount('available', { fetchToken });
    await openMenu(element, 'ArrowUp');
    items(element).at(-1)!.click();
    const dialog = element.shadowRoot!.querySelector('dialog')!;
    await waitUntil(() => dialog.open, 'the dialog did not open');
    const input = element.shadowRoot!.querySelector<HTMLInputElement>('#name')!;
    expect(hasFocus(input), 'the name field has focus').to.be.true;

    await sendKeys({ press: 'Enter' }); // submit empty
    await element.updateComplete;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    const error = element.shadowRoot!.getElementById(input.getAttribute('aria-describedby')!);
    expect(textOf(error)).to.equal('Enter the business name.');
    expect(transport.requests.filter((request) => request.method === 'POST')).to.be.empty;
    expect(await a11yViolations(element)).to.deep.equal([]);

    await sendKeys({ type: created.name });
    const events: string[] = [];
    element.addEventListener('lp-customer-created', (event) => events.push(`created ${event.detail.customer.external_id}`));
    element.addEventListener('lp-customer-switched', (event) => events.push(`switched ${event.detail.customerId}`));
    const switched = oneEvent(element, 'lp-customer-switched');
    await sendKeys({ press: 'Enter' });
    await switched;

    expect(events).to.deep.equal([`created ${created.external_id}`, `switched ${created.external_id}`]);
    const post = transport.requests.find((request) => request.method === 'POST')!;
    expect(await post.json()).to.deep.equal({ name: created.name });
    expect(dialog.open).to.be.false;
    await waitUntil(() => tokensFetched === 2, 'the token was not fetched again after creating the customer (D3)');
  });

  it('shows the server refusing a name next to the field', async () => {
    const { error } = await loadFixture<{ error: { fields: { name: string } } }>('exhausted', 'customers.post');
    const { element } = await mount('exhausted');
    await openMenu(element, 'ArrowUp');
    items(element).at(-1)!.click();
    const input = element.shadowRoot!.querySelector<HTMLInputElement>('#name')!;
    await waitUntil(() => hasFocus(input));
    await sendKeys({ type: 'Peak Plumbing' });
    await sendKeys({ press: 'Enter' });

    await waitUntil(() => input.getAttribute('aria-invalid') === 'true', 'the server error was not shown');
    const message = element.shadowRoot!.getElementById(input.getAttribute('aria-describedby')!);
    expect(textOf(message)).to.equal(error.fields.name);
    expect(element.shadowRoot!.querySelector('dialog')!.open).to.be.true;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  describe('in other languages', () => {
    afterEach(() => useLocale('en'));

    it('switches its language at run time with its locale', async () => {
      const session = await loadFixture<Session>('available', 'session');
      const element = await fixture<LpCustomerSwitcher>(
        html`<lp-customer-switcher token=${fakeToken()} locale="es-MX" .transport=${fixtureTransport('available')}></lp-customer-switcher>`,
      );
      const trigger = await shadowQuery(element, '.trigger');
      await waitUntil(() => textOf(trigger) === `Cliente ${session.active_customer.name}`, 'no Spanish');
      expect(menuOf(element).getAttribute('aria-label')).to.equal('Cambiar de cliente');
      expect(await a11yViolations(element)).to.deep.equal([]);

      element.locale = 'fr-CA';
      await waitUntil(() => textOf(trigger) === `Client ${session.active_customer.name}`, 'no French');
      expect(menuOf(element).getAttribute('aria-label')).to.equal('Changer de client');

      element.locale = 'en-US';
      await waitUntil(() => textOf(trigger) === `Customer ${session.active_customer.name}`, 'English did not come back');
    });
  });
});
