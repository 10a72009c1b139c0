import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CustomerSummary } from '../core/api.js';
import { useLocale } from '../core/i18n.js';
import { a11yViolations } from '../core/testing/axe.js';
import { hasFocus, shadowQuery, shadowText, textOf } from '../core/testing/dom.js';
import { money } from '../core/testing/expected.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport, loadFixture, type FixtureOptions, type FixtureTransport } from '../core/testing/fixture-transport.js';
import '../portal/portal.js';
import '../wallet-balance/wallet-balance.js';
import type { LpBidForm } from './bid-form.js';
import type { Bid, BidList, LeadTypeList } from './bid-types.js';
import './bids-manager.js';
import type { LpBidsManager } from './bids-manager.js';

async function mount(scenario: string, options: FixtureOptions = {}, customerId?: string) {
  const transport = fixtureTransport(scenario, options);
  const element = await fixture<LpBidsManager>(
    html`<lp-bids-manager token=${fakeToken()} customer-id=${customerId ?? scenario} .transport=${transport}></lp-bids-manager>`,
  );
  return { element, transport };
}

const rows = (element: LpBidsManager) => [...element.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr')];
const rowOf = (element: LpBidsManager, name: string) => rows(element).find((row) => textOf(row.querySelector('th')) === name)!;
const button = (scope: ParentNode, label: string) =>
  [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === label)!;
const formOf = (element: LpBidsManager) => element.shadowRoot!.querySelector('lp-bid-form') as LpBidForm;
const formRoot = (element: LpBidsManager) => formOf(element).shadowRoot!;
const requestsTo = (transport: FixtureTransport, method: string, path: RegExp) =>
  transport.requests.filter((r) => r.method === method && path.test(new URL(r.url).pathname));

async function ready(scenario: string, options?: FixtureOptions, customerId?: string) {
  const mounted = await mount(scenario, options, customerId);
  await waitUntil(() => mounted.element.shadowRoot!.querySelector('table, .empty'), 'no bids shown');
  // Write controls wait for the session (the role).
  await waitUntil(() => mounted.element.shadowRoot!.querySelector('[part="create"], .toolbar .muted'), 'no session');
  return mounted;
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function choose(select: HTMLSelectElement, value: string) {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

async function openCreate(element: LpBidsManager) {
  const create = element.shadowRoot!.querySelector<HTMLButtonElement>('[part="create"]')!;
  create.focus(); // as a click or a key press would
  create.click();
  // The form is its own chunk, loaded on the first click.
  await waitUntil(() => formRoot(element)?.querySelector('dialog')?.open, 'the form did not open');
  return formRoot(element);
}

const submit = (root: ShadowRoot) => root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
const errorOf = (root: ShadowRoot, id: string) => textOf(root.getElementById(`${id}-error`));

describe('<lp-bids-manager>', () => {
  it('shows a skeleton while loading', async () => {
    const { element } = await mount('limited', { delayMs: Infinity });
    expect(element.shadowRoot!.querySelector('.skeleton')).to.exist;
    expect(shadowText(element)).to.contain('Loading bids…');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('lists each bid with lead type, scope, amount, status, position, whether it competes (D15, D16) and today’s wins', async () => {
    const [list, types] = await Promise.all([loadFixture<BidList>('limited', 'bids'), loadFixture<LeadTypeList>('limited', 'lead-types')]);
    const { element } = await ready('limited');
    const reasons: Record<string, string> = { wallet: 'Funds are below its amount' };
    const scope = (bid: Bid) => (bid.scope.kind === 'state' ? 'Texas' : `${bid.scope.county_name}, TX`);
    expect(rows(element).map((row) => [...row.cells].slice(0, 8).map(textOf))).to.deep.equal(
      list.items.map((bid) => [
        bid.name,
        types.items.find((t) => t.id === bid.lead_type_id)!.name,
        scope(bid),
        money(bid.amount_cents),
        'Active',
        `#${bid.position}`,
        bid.competing ? 'Competing' : `Not competing ${reasons[bid.not_competing_reason!]}`,
        bid.today.wins === 0 ? 'No wins' : `${bid.today.wins} won · ${money(bid.today.spend_cents)}`,
      ]),
    );
    expect(list.items.some((bid) => !bid.competing)).to.be.true;
    // Status is an icon and a word, never colour alone.
    expect(rows(element)[0]!.querySelector('[part="status"] svg.icon')).to.exist;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('names the reason of a capped bid', async () => {
    const list = await loadFixture<BidList>('available', 'bids');
    const capped = list.items.find((bid) => bid.not_competing_reason === 'capped')!;
    const { element } = await ready('available');
    expect(textOf(rowOf(element, capped.name).querySelector('[part="competing"]'))).to.equal(
      'Not competing A cap is reached',
    );
  });

  it('shows a viewer the bids and their reasons, without any write control', async () => {
    const session = await loadFixture<{ active_customer: CustomerSummary }>('read-only', 'session');
    expect(session.active_customer.role).to.equal('viewer');
    const { element } = await ready('read-only');
    expect(textOf(rowOf(element, 'Roofing — nationwide').querySelector('[part="competing"]'))).to.equal('Not competing The bid is paused');
    expect(textOf(rowOf(element, 'Roofing — nationwide').querySelector('[part="status"]'))).to.equal('Paused');
    expect(textOf(rowOf(element, 'Roofing — Harris County weekends').querySelector('[part="competing"]'))).to.equal(
      'Not competing Outside its schedule',
    );
    expect(textOf(rowOf(element, 'Roofing — nationwide').cells[2])).to.equal('Nationwide');
    expect(element.shadowRoot!.querySelectorAll('button')).to.have.length(0);
    expect(element.shadowRoot!.querySelector('lp-bid-form, dialog')).to.be.null;
    expect(shadowText(element)).to.contain('Your role can view bids, not change them.');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('says "No bids yet" with a create button when there are none', async () => {
    const created = await loadFixture<CustomerSummary>('available', 'customers.post');
    const { element } = await ready('available', {}, created.external_id);
    const empty = element.shadowRoot!.querySelector('.empty')!;
    expect(textOf(empty)).to.contain('No bids yet');
    expect(empty.querySelector('[part="create"]')).to.exist;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('shows an error with a retry that reloads, and fires lp-load-error', async () => {
    const errors: string[] = [];
    const collect = (e: GlobalEventHandlersEventMap['lp-load-error']) => errors.push(e.detail.path);
    document.addEventListener('lp-load-error', collect);
    const { element } = await mount('limited', { fail: 'server-error', failures: 3 });
    const alert = await shadowQuery(element, '[role="alert"]');
    expect(textOf(alert)).to.contain('This could not be loaded.');
    document.removeEventListener('lp-load-error', collect);
    expect(errors.sort()).to.deep.equal(['/bids', '/lead-types', '/session']);
    expect(await a11yViolations(element)).to.deep.equal([]);
    alert.querySelector('button')!.click();
    await shadowQuery(element, '[part="create"]');
    expect(rows(element)).to.have.length(2);
  });

  it('checks a new bid as the server does, then creates it with an Idempotency-Key and fires lp-bid-changed', async () => {
    const created = await loadFixture<Bid>('limited', 'bids.post');
    const { element, transport } = await ready('limited');
    const root = await openCreate(element);
    expect(hasFocus(root.getElementById('name')!)).to.be.true;

    type(root.getElementById('amount_cents') as HTMLInputElement, '17.50');
    type(root.getElementById('filters-zips') as HTMLTextAreaElement, '78701, 7870');
    submit(root);
    await waitUntil(() => errorOf(root, 'name'), 'no client errors');
    expect(errorOf(root, 'name')).to.equal('Enter a name');
    expect(errorOf(root, 'amount_cents')).to.equal('Bid in steps of $5.00 from $15.00');
    expect(errorOf(root, 'scope-state')).to.equal('Choose a state');
    expect(errorOf(root, 'filters-zips')).to.equal('“7870” is not a 5-digit ZIP code');
    expect(root.getElementById('amount_cents')!.getAttribute('aria-invalid')).to.equal('true');
    expect(root.getElementById('amount_cents')!.getAttribute('aria-describedby')).to.equal('amount-hint amount_cents-error');
    expect(hasFocus(root.getElementById('name')!)).to.be.true;
    expect(textOf(root.querySelector('[role="alert"]'))).to.equal('Some fields need your attention.');
    expect(requestsTo(transport, 'POST', /\/bids$/)).to.have.length(0);
    expect(await a11yViolations(element)).to.deep.equal([]);

    // Fixed as typed: each error goes once its field is right.
    type(root.getElementById('name') as HTMLInputElement, 'Austin ZIPs');
    type(root.getElementById('amount_cents') as HTMLInputElement, '$1,235.00');
    await formOf(element).updateComplete;
    expect(errorOf(root, 'name')).to.be.undefined;
    expect(errorOf(root, 'amount_cents')).to.equal('Bid at most $150.00');
    type(root.getElementById('amount_cents') as HTMLInputElement, '35');
    type(root.getElementById('filters-zips') as HTMLTextAreaElement, '78701, 78702');
    choose(root.getElementById('scope-state') as HTMLSelectElement, 'TX');

    const changed = oneEvent(element, 'lp-bid-changed');
    submit(root);
    const event = await changed;
    expect(event.detail).to.deep.equal({ action: 'created', bid_id: created.id });
    expect(event.bubbles && event.composed).to.be.true;
    const [post] = requestsTo(transport, 'POST', /\/bids$/);
    expect(post!.headers.get('Idempotency-Key')).to.match(/^[0-9a-f-]{36}$/);
    expect(await post!.clone().json()).to.deep.equal({
      name: 'Austin ZIPs',
      lead_type_id: created.lead_type_id,
      amount_cents: 3500,
      scope: { kind: 'state', state: 'TX', county_fips: null },
      filters: { zips: ['78701', '78702'], radius: null, rules: [] },
      schedule: null,
    });
    await waitUntil(() => !formRoot(element).querySelector('dialog')!.open, 'the form stayed open');
    await waitUntil(() => rows(element).length === 3);
    expect(textOf(rows(element)[0]!.querySelector('th'))).to.equal(created.name);
    expect(textOf(element.shadowRoot!.querySelector('[role="status"]'))).to.equal(`Bid “${created.name}” created.`);
  });

  it('builds filters, field rules and a schedule in the customer’s time zone', async () => {
    const { element, transport } = await ready('limited');
    const root = await openCreate(element);
    const form = formOf(element);
    type(root.getElementById('name') as HTMLInputElement, 'Old roofs');
    (root.querySelectorAll<HTMLInputElement>('input[name="scope"]')[0]!).click(); // nationwide
    type(root.getElementById('filters-radius-zip') as HTMLInputElement, '78701');
    type(root.getElementById('filters-radius-miles') as HTMLInputElement, '25');
    button(root, 'Add a field rule').click();
    await form.updateComplete;
    choose(root.getElementById('filters-rules-0-field') as HTMLSelectElement, 'roof_age_years');
    await form.updateComplete;
    choose(root.getElementById('filters-rules-0-op') as HTMLSelectElement, 'range');
    await form.updateComplete;
    type(root.getElementById('filters-rules-0-min') as HTMLInputElement, '20');
    type(root.getElementById('filters-rules-0-max') as HTMLInputElement, '10');
    (root.querySelectorAll<HTMLInputElement>('input[name="scheduled"]')[1]!).click();
    await form.updateComplete;
    expect((root.getElementById('schedule-timezone') as HTMLSelectElement).value).to.equal('America/Denver');
    type(root.getElementById('schedule-hours-0-end') as HTMLInputElement, '07:00');
    submit(root);
    await waitUntil(() => errorOf(root, 'filters-rules-0-max'));
    expect(errorOf(root, 'filters-rules-0-max')).to.equal('Max must be at least min');
    expect(errorOf(root, 'schedule-hours-0-end')).to.equal('End must be after start');
    expect(await a11yViolations(element)).to.deep.equal([]);

    type(root.getElementById('filters-rules-0-max') as HTMLInputElement, '');
    type(root.getElementById('schedule-hours-0-end') as HTMLInputElement, '00:00');
    submit(root);
    await waitUntil(() => requestsTo(transport, 'POST', /\/bids$/).length === 1, 'not sent');
    const body = await requestsTo(transport, 'POST', /\/bids$/)[0]!.clone().json();
    expect(body.scope).to.deep.equal({ kind: 'nationwide', state: null, county_fips: null });
    expect(body.filters).to.deep.equal({ zips: [], radius: { zip: '78701', miles: 25 }, rules: [{ field: 'roof_age_years', op: 'range', min: 20 }] });
    expect(body.schedule).to.deep.equal({
      timezone: 'America/Denver',
      weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      hours: [{ start: '08:00', end: '24:00' }],
    });
  });

  it('puts the server’s field errors beside their inputs and reuses the Idempotency-Key on retry', async () => {
    const reply = await loadFixture<{ error: { fields: Record<string, string> } }>('available', 'bids.post');
    const { element, transport } = await ready('available');
    const root = await openCreate(element);
    type(root.getElementById('name') as HTMLInputElement, 'Somewhere');
    (root.querySelectorAll<HTMLInputElement>('input[name="scope"]')[2]!).click(); // county
    await formOf(element).updateComplete;
    choose(root.getElementById('scope-state') as HTMLSelectElement, 'TX');
    type(root.getElementById('scope-county_fips') as HTMLInputElement, '48999');
    type(root.getElementById('filters-zips') as HTMLTextAreaElement, '00000');
    submit(root);
    await waitUntil(() => errorOf(root, 'scope-county_fips'), 'server errors not shown');
    expect(errorOf(root, 'scope-county_fips')).to.equal(reply.error.fields['scope.county_fips']);
    // `filters.zips.0` names the first ZIP of the list: shown at the list.
    expect(errorOf(root, 'filters-zips')).to.equal(reply.error.fields['filters.zips.0']);
    expect(hasFocus(root.getElementById('scope-county_fips')!)).to.be.true;
    expect(root.querySelector('dialog')!.open).to.be.true;
    expect(await a11yViolations(element)).to.deep.equal([]);

    submit(root);
    await waitUntil(() => requestsTo(transport, 'POST', /\/bids$/).length === 2);
    const [first, second] = requestsTo(transport, 'POST', /\/bids$/).map((r) => r.headers.get('Idempotency-Key'));
    expect(second).to.equal(first);

    // Closed with Escape: focus returns to the button that opened it; a new form gets a new key.
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !root.querySelector('dialog')!.open);
    await waitUntil(() => hasFocus(element.shadowRoot!.querySelector('[part="create"]')!), 'focus did not return');
    await openCreate(element);
    type(root.getElementById('name') as HTMLInputElement, 'Again');
    choose(root.getElementById('scope-state') as HTMLSelectElement, 'TX');
    submit(root);
    await waitUntil(() => requestsTo(transport, 'POST', /\/bids$/).length === 3);
    expect(requestsTo(transport, 'POST', /\/bids$/)[2]!.headers.get('Idempotency-Key')).not.to.equal(first);
  });

  it('shows why bidding is locked (409 bidding_locked) in the form', async () => {
    const created = await loadFixture<CustomerSummary>('available', 'customers.post');
    const reply = await loadFixture<{ error: { code: string; message: string } }>(created.external_id, 'bids.post');
    expect(reply.error.code).to.equal('bidding_locked');
    const { element } = await ready('available', {}, created.external_id);
    const root = await openCreate(element);
    type(root.getElementById('name') as HTMLInputElement, 'First bid');
    choose(root.getElementById('scope-state') as HTMLSelectElement, 'TX');
    submit(root);
    await waitUntil(() => root.querySelector('[role="alert"]'), 'no message');
    expect(textOf(root.querySelector('[role="alert"]'))).to.equal(reply.error.message);
  });

  it('edits a bid: the form starts from it and sends a PATCH', async () => {
    const list = await loadFixture<BidList>('limited', 'bids');
    const bid = list.items[0]!;
    const { element, transport } = await ready('limited');
    button(rowOf(element, bid.name), 'Edit').click();
    const root = formRoot(element);
    await waitUntil(() => root.querySelector('dialog')!.open);
    expect((root.getElementById('name') as HTMLInputElement).value).to.equal(bid.name);
    expect((root.getElementById('amount_cents') as HTMLInputElement).value).to.equal((bid.amount_cents / 100).toFixed(2));
    expect(textOf(root.getElementById('title'))).to.equal('Edit bid');
    type(root.getElementById('amount_cents') as HTMLInputElement, '25');
    const changed = oneEvent(element, 'lp-bid-changed');
    submit(root);
    expect((await changed).detail).to.deep.equal({ action: 'updated', bid_id: bid.id });
    const [patch] = requestsTo(transport, 'PATCH', new RegExp(`/bids/${bid.id}$`));
    expect((await patch!.clone().json()).amount_cents).to.equal(2500);
    await waitUntil(() => textOf(rowOf(element, bid.name).querySelector('[part="amount"]')) === money(2500));
  });

  it('pauses, resumes and duplicates a bid, firing lp-bid-changed each time', async () => {
    const list = await loadFixture<BidList>('limited', 'bids');
    const bid = list.items[0]!;
    const copy = await loadFixture<Bid>('limited', `bids/${bid.id}/duplicate.post`);
    const { element } = await ready('limited');
    const actions: unknown[] = [];
    element.addEventListener('lp-bid-changed', (e) => actions.push(e.detail));

    const toggle = button(rowOf(element, bid.name), 'Pause');
    toggle.focus();
    toggle.click();
    await waitUntil(() => textOf(rowOf(element, bid.name).querySelector('[part="status"]')) === 'Paused');
    // The same button now resumes, and keeps the focus.
    expect(textOf(toggle)).to.equal('Resume');
    expect(hasFocus(toggle)).to.be.true;
    toggle.click();
    await waitUntil(() => textOf(rowOf(element, bid.name).querySelector('[part="status"]')) === 'Active');
    button(rowOf(element, bid.name), 'Duplicate').click();
    await waitUntil(() => rows(element).length === 3);
    expect(textOf(rows(element)[0]!.querySelector('[part="status"]'))).to.equal('Paused');
    expect(actions).to.deep.equal([
      { action: 'paused', bid_id: bid.id },
      { action: 'resumed', bid_id: bid.id },
      { action: 'duplicated', bid_id: copy.id },
    ]);
  });

  it('deletes a bid only after confirmation', async () => {
    const list = await loadFixture<BidList>('limited', 'bids');
    const bid = list.items[1]!;
    const { element, transport } = await ready('limited');
    const dialog = element.shadowRoot!.querySelector<HTMLDialogElement>('dialog.confirm')!;

    button(rowOf(element, bid.name), 'Delete').click();
    await waitUntil(() => dialog.open);
    expect(textOf(dialog)).to.contain(`“${bid.name}” stops competing at once;`);
    expect(hasFocus(button(dialog, 'Cancel'))).to.be.true;
    expect(await a11yViolations(element)).to.deep.equal([]);
    button(dialog, 'Cancel').click();
    expect(dialog.open).to.be.false;
    expect(requestsTo(transport, 'DELETE', /\/bids\//)).to.have.length(0);

    button(rowOf(element, bid.name), 'Delete').click();
    const changed = oneEvent(element, 'lp-bid-changed');
    button(dialog, 'Delete bid').click();
    expect((await changed).detail).to.deep.equal({ action: 'deleted', bid_id: bid.id });
    expect(requestsTo(transport, 'DELETE', new RegExp(`/bids/${bid.id}$`))).to.have.length(1);
    await waitUntil(() => rows(element).length === 1);
    expect(dialog.open).to.be.false;
    await waitUntil(() => hasFocus(element.shadowRoot!.querySelector('[part="create"]')!), 'focus was lost');
  });

  it('archives a bid only after confirmation; the archived bid stays listed without pause or archive', async () => {
    const list = await loadFixture<BidList>('limited', 'bids');
    const bid = list.items[0]!; // the bid the fixtures pause, resume, duplicate and archive
    const { element, transport } = await ready('limited');
    const dialog = element.shadowRoot!.querySelector<HTMLDialogElement>('dialog.confirm')!;

    button(rowOf(element, bid.name), 'Archive').click();
    await waitUntil(() => dialog.open);
    expect(textOf(dialog)).to.contain('stops competing for good');
    expect(await a11yViolations(element)).to.deep.equal([]);
    const changed = oneEvent(element, 'lp-bid-changed');
    button(dialog, 'Archive bid').click();
    expect((await changed).detail).to.deep.equal({ action: 'archived', bid_id: bid.id });
    expect(requestsTo(transport, 'POST', new RegExp(`/bids/${bid.id}/archive$`))).to.have.length(1);
    await waitUntil(() => textOf(rowOf(element, bid.name))?.includes('Archived'));
    const actions = [...rowOf(element, bid.name).querySelectorAll('button')].map((b) => b.textContent!.trim());
    expect(actions).to.not.include('Archive');
    expect(actions).to.not.include('Pause');
  });
});

describe('<lp-bids-manager> in other languages', () => {
  afterEach(() => useLocale('en'));

  it('switches to Spanish, French and back to English with its locale', async () => {
    const transport = fixtureTransport('limited');
    const element = await fixture<LpBidsManager>(
      html`<lp-bids-manager token=${fakeToken()} customer-id="limited" locale="es-MX" .transport=${transport}></lp-bids-manager>`,
    );
    const caption = () => textOf(element.shadowRoot!.querySelector('caption'));
    const create = () => textOf(element.shadowRoot!.querySelector('[part="create"]'));
    const status = () => textOf(rows(element)[0]?.querySelector('[part="status"]') ?? null);
    await waitUntil(() => caption() === 'Tus pujas' && create() === 'Nueva puja', 'no Spanish');
    expect(status()).to.equal('Activa');
    expect(await a11yViolations(element)).to.deep.equal([]);

    element.locale = 'fr-CA';
    await waitUntil(() => caption() === 'Vos mises', 'no French');
    expect(create()).to.equal('Nouvelle mise');
    expect(status()).to.equal('Active');

    element.locale = 'en-US';
    await waitUntil(() => caption() === 'Your bids', 'English did not come back');
    expect(create()).to.equal('New bid');
  });
});

describe('funding follows a bid or limits change', () => {
  const walletLoads = (transport: FixtureTransport) => requestsTo(transport, 'GET', /\/wallet$/).length;

  it('inside <lp-portal>: the wallet reloads after lp-bid-changed and lp-limits-changed', async () => {
    const bids = await loadFixture<BidList>('limited', 'bids');
    const transport = fixtureTransport('limited');
    const portal = await fixture(html`<lp-portal .fetchToken=${async () => fakeToken()} customer-id="limited" .transport=${transport}>
      <lp-wallet-balance></lp-wallet-balance>
      <div><lp-bids-manager></lp-bids-manager></div>
    </lp-portal>`);
    const wallet = portal.querySelector('lp-wallet-balance')!;
    const manager = portal.querySelector('lp-bids-manager')!;
    await shadowQuery(wallet, '[part="amount"]');
    await shadowQuery(manager, '[part="create"]');
    expect(walletLoads(transport)).to.equal(1);

    button(rowOf(manager, bids.items[0]!.name), 'Pause').click();
    await waitUntil(() => walletLoads(transport) === 2, 'the wallet did not reload after the bid change');
    // Whatever fires it (here: <lp-bidding-limits>' event), a limits change reloads it too.
    manager.dispatchEvent(new CustomEvent('lp-limits-changed', { bubbles: true, composed: true, detail: {} }));
    await waitUntil(() => walletLoads(transport) === 3, 'the wallet did not reload after the limits change');
    // One request per change: the portal's refresh, not a second one of the wallet's own.
    await shadowQuery(wallet, '[part="amount"]');
    expect(walletLoads(transport)).to.equal(3);
  });

  it('placed alone: a lone wallet reloads when a lone bids manager changes a bid', async () => {
    const bids = await loadFixture<BidList>('limited', 'bids');
    const walletTransport = fixtureTransport('limited');
    const wallet = await fixture(html`<lp-wallet-balance token=${fakeToken()} customer-id="limited" .transport=${walletTransport}></lp-wallet-balance>`);
    await shadowQuery(wallet, '[part="amount"]');
    const { element } = await ready('limited');
    button(rowOf(element, bids.items[0]!.name), 'Pause').click();
    await waitUntil(() => walletLoads(walletTransport) === 2, 'the lone wallet did not reload');
  });
});
