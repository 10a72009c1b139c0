import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Session } from '../core/api.js';
import type { Transport } from '../core/api-client.js';
import { useLocale } from '../core/i18n.js';
import { a11yViolations } from '../core/testing/axe.js';
import { hasFocus, shadowQuery, shadowText, textOf } from '../core/testing/dom.js';
import { money } from '../core/testing/expected.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { loadFixture, type FixtureTransport } from '../core/testing/fixture-transport.js';
import type { LeadList } from './lead-types.js';
import './leads-table.js';
import { countRecords, PAGE_SIZE, type LpLeadsTable } from './leads-table.js';
import { leadsTransport, type LeadsFixtureOptions } from './testing/leads-transport.js';

let transport: FixtureTransport;

async function mount(scenario = 'available', options: LeadsFixtureOptions = {}, wrap?: (replay: FixtureTransport) => Transport) {
  transport = leadsTransport(scenario, options);
  const used = wrap ? wrap(transport) : transport;
  return fixture<LpLeadsTable>(html`<lp-leads-table token=${fakeToken()} locale="en-US" .transport=${used}></lp-leads-table>`);
}

const $ = <E extends Element = HTMLElement>(element: LpLeadsTable, selector: string) => element.shadowRoot!.querySelector<E>(selector)!;
const $$ = (element: LpLeadsTable, selector: string) => [...element.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const lists = () => transport.requests.filter((r) => r.method === 'GET' && new URL(r.url).pathname.endsWith('/leads'));
const lastQuery = () => new URL(lists().at(-1)!.url).searchParams;
const rows = (element: LpLeadsTable) => $$(element, 'tbody tr[data-i]');
const name = (lead: LeadList['items'][number]) => [lead.fields['first_name'], lead.fields['last_name']].filter(Boolean).join(' ') || 'Unnamed lead';

async function loaded(element: LpLeadsTable) {
  await shadowQuery(element, 'tbody tr[data-i]');
}

async function type(input: HTMLInputElement, text: string) {
  input.focus();
  input.select();
  await sendKeys({ press: 'Backspace' });
  if (text) await sendKeys({ type: text });
}

describe('<lp-leads-table>', () => {
  afterEach(() => localStorage.clear());

  it('shows a skeleton while loading', async () => {
    const element = await mount('available', { delayMs: Infinity });
    expect($(element, '.skeleton')).to.exist;
    expect(shadowText(element)).to.contain('Loading leads…');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('lists the recorded leads newest first: name, phone, price, return status; only the rows in view are rendered', async () => {
    const list = await loadFixture<LeadList>('available', 'leads');
    const element = await mount();
    await loaded(element);
    expect(lastQuery().get('sort')).to.equal('purchased_at');
    expect(lastQuery().get('order')).to.equal('desc');
    expect(lastQuery().get('limit')).to.equal(String(PAGE_SIZE));
    expect($(element, 'table').getAttribute('aria-rowcount')).to.equal(String(list.items.length + 1));
    const first = rows(element)[0]!;
    expect(textOf(first.querySelector('th'))).to.equal(name(list.items[0]!));
    expect(textOf(first)).to.contain(String(list.items[0]!.fields['phone']));
    expect(textOf(first.querySelector('[part="amount"]'))).to.equal(money(list.items[0]!.price_cents));
    const headers = $$(element, 'thead th').map((th) => textOf(th)!.replace(/[▲▼↕]/, '').trim());
    expect(headers).to.deep.equal(['Lead', 'Purchased', 'Lead type', 'Location', 'Price', 'Return', 'Phone', 'Email']);
    // The recorded page has a pending return somewhere: its chip says so.
    const pending = list.items.findIndex((lead) => lead.return?.status === 'pending');
    if (pending >= 0 && pending < rows(element).length) expect(textOf(rows(element)[pending])).to.contain('Return pending');
    expect(rows(element).length).to.be.below(list.items.length);
    expect(textOf($(element, '[role="status"]'))).to.equal(`${list.items.length} leads shown; more to load.`);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('says when there are no leads yet', async () => {
    const element = await mount('archived');
    await shadowQuery(element, '.empty');
    expect(textOf($(element, '.empty'))).to.equal('No leads yet Leads you win or buy appear here.');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('shows an error with a retry, and loads on retry', async () => {
    // The session, lead types, bids and the list all fail first.
    const element = await mount('available', { fail: 'server-error', failures: 4 });
    const retry = await shadowQuery<HTMLButtonElement>(element, '[role="alert"] button');
    expect(await a11yViolations(element)).to.deep.equal([]);
    retry.click();
    await loaded(element);
  });

  it('sends the filters: a phone number as typed, dates, lead type, bid, return status, state', async () => {
    const [types, bids] = await Promise.all([
      loadFixture<{ items: { id: string }[] }>('available', 'lead-types'),
      loadFixture<{ items: { id: string }[] }>('available', 'bids'),
    ]);
    const element = await mount();
    await loaded(element);
    await waitUntil(() => $$(element, '#bid_id option').length > 1 && $$(element, '#lead_type_id option').length > 1, 'filter options load');
    await type($(element, '#q'), '(512) 555-1039');
    $<HTMLInputElement>(element, '#from').value = '2026-11-20';
    $<HTMLInputElement>(element, '#to').value = '2026-11-26';
    $<HTMLSelectElement>(element, '#lead_type_id').value = types.items[0]!.id;
    $<HTMLSelectElement>(element, '#bid_id').value = bids.items[0]!.id;
    $<HTMLSelectElement>(element, '#return_status').value = 'pending';
    await type($(element, '#state'), 'tx');
    const before = lists().length;
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => lists().length > before, 'the list reloads');
    const query = lastQuery();
    expect(Object.fromEntries(query)).to.deep.equal({
      q: '(512) 555-1039', from: '2026-11-20', to: '2026-11-26', lead_type_id: types.items[0]!.id, bid_id: bids.items[0]!.id,
      return_status: 'pending', state: 'TX', sort: 'purchased_at', order: 'desc', limit: String(PAGE_SIZE),
    });
  });

  it('checks the dates and the state before asking', async () => {
    const element = await mount();
    await loaded(element);
    $<HTMLInputElement>(element, '#from').value = '2026-11-20';
    $<HTMLInputElement>(element, '#to').value = '2026-11-10';
    $<HTMLInputElement>(element, '#state').value = 'Texas';
    const before = lists().length;
    $<HTMLButtonElement>(element, 'form button[type="submit"]').click();
    await waitUntil(() => hasFocus($(element, '#to')), 'the first invalid input gets focus');
    expect(textOf($(element, '#to-error'))).to.equal('Must be on or after the start date');
    expect(textOf($(element, '#state-error'))).to.equal('Use a 2-letter code such as TX');
    expect($(element, '#state').getAttribute('aria-describedby')).to.equal('state-error');
    expect(lists().length).to.equal(before);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('says when nothing matches, and clears the filters', async () => {
    const element = await mount('archived');
    await shadowQuery(element, '.empty');
    await type($(element, '#q'), 'Ada');
    $<HTMLButtonElement>(element, 'form button[type="submit"]').click();
    await waitUntil(() => textOf($(element, '.empty'))?.startsWith('No leads match'), 'the filtered empty state');
    expect(lastQuery().get('q')).to.equal('Ada');
    expect(await a11yViolations(element)).to.deep.equal([]);
    $<HTMLButtonElement>(element, '.empty button').click();
    await waitUntil(() => textOf($(element, '.empty'))?.startsWith('No leads yet'), 'back to no leads yet');
    expect(lastQuery().has('q')).to.equal(false);
    expect($<HTMLInputElement>(element, '#q').value).to.equal('');
  });

  it('loads the next page with the cursor', async () => {
    const [first, second] = await Promise.all([loadFixture<LeadList>('available', 'leads'), loadFixture<LeadList>('available', 'leads/page-2')]);
    const element = await mount();
    await loaded(element);
    $<HTMLButtonElement>(element, '[data-more]').click();
    await waitUntil(() => !$(element, '[data-more]'), 'the last page has no "Load more"');
    expect(lastQuery().get('cursor')).to.equal(first.next_cursor);
    const total = first.items.length + second.items.length;
    expect($(element, 'table').getAttribute('aria-rowcount')).to.equal(String(total + 1));
    expect(textOf($(element, '[role="status"]'))).to.equal(`${total} leads shown.`);
  });

  it('sorts by price, then the other way, and says so in aria-sort', async () => {
    const element = await mount();
    await loaded(element);
    const price = () => $(element, 'button[data-sort="price"]');
    expect(price().closest('th')!.getAttribute('aria-sort')).to.equal('none');
    price().click();
    await waitUntil(() => lastQuery().get('sort') === 'price', 'sorted by price');
    expect(lastQuery().get('order')).to.equal('desc');
    await waitUntil(() => price().closest('th')!.getAttribute('aria-sort') === 'descending', 'aria-sort follows');
    price().click();
    await waitUntil(() => lastQuery().get('order') === 'asc', 'ascending');
    await waitUntil(() => price().closest('th')!.getAttribute('aria-sort') === 'ascending', 'aria-sort follows');
    expect($(element, 'button[data-sort="purchased_at"]').closest('th')!.getAttribute('aria-sort')).to.equal('none');
  });

  it('shows the chosen columns and remembers them for the user', async () => {
    const session = await loadFixture<Session>('available', 'session');
    const element = await mount();
    await loaded(element);
    $(element, '.chooser summary').click();
    const box = (key: string) => $<HTMLInputElement>(element, `.chooser input[value="${key}"]`);
    await waitUntil(() => box('source'), 'the chooser lists the columns');
    expect(box('zip')).to.exist; // deliverable fields from the reply
    box('source').click();
    box('phone').click();
    await waitUntil(() => $$(element, 'thead th').some((th) => textOf(th) === 'Source'), 'the source column shows');
    expect($$(element, 'thead th').some((th) => textOf(th) === 'Phone')).to.equal(false);
    const stored = JSON.parse(localStorage.getItem(`lp-leads-table/columns/${session.user.id}`)!) as string[];
    expect(stored).to.include('source').and.not.include('phone');
    expect(await a11yViolations(element)).to.deep.equal([]);

    element.remove();
    const again = await mount();
    await loaded(again);
    await waitUntil(() => $$(again, 'thead th').some((th) => textOf(th) === 'Source'), 'remembered');
  });

  it('exports the filter as CSV with progress, and hands over the recorded file', async () => {
    const csv = await (await fetch(new URL('widgets/fixtures/available/leads/export.csv', document.baseURI))).text();
    const created: Blob[] = [];
    const createObjectURL = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob) => (created.push(blob), 'blob:test');
    try {
      const element = await mount();
      await loaded(element);
      await type($(element, '#q'), 'Ada');
      $<HTMLButtonElement>(element, 'form button[type="submit"]').click();
      const progress: string[] = [];
      const observer = new MutationObserver(() => progress.push(textOf($(element, '[role="status"]'))!));
      observer.observe(element.shadowRoot!, { subtree: true, characterData: true, childList: true });
      $<HTMLButtonElement>(element, '[data-export]').click();
      await waitUntil(() => created.length === 1, 'the file is handed to the browser');
      observer.disconnect();
      const exports = transport.requests.filter((r) => new URL(r.url).pathname.endsWith('/leads/export.csv'));
      expect(new URL(exports[0]!.url).searchParams.get('q')).to.equal('Ada');
      expect(await created[0]!.text()).to.equal(csv);
      expect(progress.some((text) => /^Exporting… [\d.]+ kB received$/.test(text))).to.equal(true);
      const size = new Intl.NumberFormat('en-US', { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 }).format(created[0]!.size / 1000);
      await waitUntil(() => textOf($(element, '[role="status"]'))?.startsWith('Exported'), 'done');
      expect(textOf($(element, '[role="status"]'))).to.equal(`Exported ${countRecords(csv) - 1} leads (${size}).`);
      expect($(element, '[data-export]')).to.exist;
    } finally {
      URL.createObjectURL = createObjectURL;
    }
  });

  it('cancels an export that is still streaming', async () => {
    const element = await mount('available', {}, (replay) => async (request: Request) => {
      if (!new URL(request.url).pathname.endsWith('/export.csv')) return replay(request);
      // The first rows arrive, then the server keeps streaming until the request is aborted.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`lead_id,purchased_at\n${'lead_1,2026-11-26T00:00:00Z\n'.repeat(8)}`));
          request.signal.addEventListener('abort', () => controller.error(request.signal.reason));
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'text/csv' } });
    });
    await loaded(element);
    $<HTMLButtonElement>(element, '[data-export]').click();
    await waitUntil(() => textOf($(element, '[role="status"]')) === 'Exporting… 0.2 kB received', 'progress shows');
    $<HTMLButtonElement>(element, '[data-cancel]').click();
    await waitUntil(() => textOf($(element, '[role="status"]')) === 'Export cancelled.', 'cancelled');
    expect($(element, '[role="alert"]')).to.be.null;
    expect($(element, '[data-export]')).to.exist;
  });

  it('stays bounded with 10,000 loaded rows: only the rows in view are in the DOM', async () => {
    const element = await mount('available', { generated: { count: 10_000, pageSize: 200 } });
    await loaded(element);
    for (let page = 1; page < 50; page++) {
      const shown = page * 200;
      await waitUntil(() => textOf($(element, '[role="status"]'))?.startsWith(`${shown.toLocaleString('en-US')} leads`), `page ${page}`);
      $<HTMLButtonElement>(element, '[data-more]').click();
    }
    await waitUntil(() => textOf($(element, '[role="status"]')) === '10,000 leads shown.', 'all 10,000 loaded');
    expect($(element, 'table').getAttribute('aria-rowcount')).to.equal('10001');
    expect(rows(element).length).to.be.within(10, 60);
    const scroll = $(element, '.scroll');
    scroll.scrollTop = scroll.scrollHeight;
    await waitUntil(() => textOf(rows(element).at(-1)!.querySelector('th')) === 'Lead #10000', 'the last row renders at the bottom');
    expect(rows(element).length).to.be.within(10, 60);
    expect(rows(element).at(-1)!.getAttribute('aria-rowindex')).to.equal('10001');
    scroll.scrollTop = scroll.scrollHeight / 2;
    await waitUntil(() => rows(element).some((row) => textOf(row.querySelector('th')) === 'Lead #5000'), 'the middle renders');
    expect(rows(element).length).to.be.within(10, 60);
  });

  it('moves between rows with the arrow keys and opens one with Enter; Back returns to the row', async () => {
    const list = await loadFixture<LeadList>('available', 'leads');
    const element = await mount();
    await loaded(element);
    $(element, 'button.open[data-i="0"]').focus();
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => hasFocus($(element, 'button.open[data-i="1"]')), 'the next row has focus');
    const navigate = oneEvent(element, 'lp-navigate');
    await sendKeys({ press: 'Enter' });
    const event = await navigate;
    expect(event.detail).to.deep.equal({ section: 'leads', item: list.items[1]!.id });
    const detail = await shadowQuery(element, 'lp-lead-detail');
    expect(detail.getAttribute('lead-id')).to.equal(list.items[1]!.id);
    expect(element.lead).to.equal(list.items[1]!.id);
    await waitUntil(() => hasFocus($(element, '.back')), 'Back has focus');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(element, 'button.open[data-i="1"]') && hasFocus($(element, 'button.open[data-i="1"]')), 'the row has focus again');
  });

  it('leaves the detail to the page when it handles lp-navigate (a click anywhere on the row)', async () => {
    const list = await loadFixture<LeadList>('available', 'leads');
    const element = await mount();
    await loaded(element);
    element.addEventListener('lp-navigate', (event) => event.preventDefault());
    const navigate = oneEvent(element, 'lp-navigate');
    (rows(element)[2]!.querySelector('td') as HTMLElement).click();
    expect((await navigate).detail.item).to.equal(list.items[2]!.id);
    await element.updateComplete;
    expect($(element, 'lp-lead-detail')).to.be.null;
  });
});

describe('<lp-leads-table> in other languages', () => {
  afterEach(() => useLocale('en'));

  it('switches to Spanish, French and back to English with its locale', async () => {
    transport = leadsTransport('available');
    const element = await fixture<LpLeadsTable>(html`<lp-leads-table token=${fakeToken()} locale="es-MX" .transport=${transport}></lp-leads-table>`);
    await loaded(element);
    const exportButton = () => textOf($(element, '[data-export]'));
    const columns = () => textOf($(element, 'summary'));
    const apply = () => textOf($(element, 'form.filters button[type="submit"]'));
    await waitUntil(() => exportButton() === 'Exportar CSV', 'no Spanish');
    expect(columns()).to.equal('Columnas');
    expect(apply()).to.equal('Aplicar');
    expect(await a11yViolations(element)).to.deep.equal([]);

    element.locale = 'fr-CA';
    await waitUntil(() => exportButton() === 'Exporter en CSV', 'no French');
    expect(columns()).to.equal('Colonnes');
    expect(apply()).to.equal('Appliquer');

    element.locale = 'en-US';
    await waitUntil(() => exportButton() === 'Export CSV', 'English did not come back');
    expect(columns()).to.equal('Columns');
  });
});
