import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { components } from '../core/api-types.js';
import type { Transport } from '../core/api-client.js';
import type { CustomerSummary } from '../core/api.js';
import { useLocale } from '../core/i18n.js';
import { a11yViolations } from '../core/testing/axe.js';
import { hasFocus, shadowQuery, shadowText, textOf } from '../core/testing/dom.js';
import { money } from '../core/testing/expected.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport, loadFixture, type FixtureOptions } from '../core/testing/fixture-transport.js';
import './dashboard.js';
import type { LpDashboard } from './dashboard.js';

type Dashboard = components['schemas']['Dashboard'];

const day = (date: string) => new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(date));
const leads = (n: number) => `${n} ${n === 1 ? 'lead' : 'leads'}`;

async function mount(scenario = 'available', options?: FixtureOptions, transport: Transport = fixtureTransport(scenario, options)) {
  return fixture<LpDashboard>(html`<lp-dashboard token=${fakeToken()} .transport=${transport}></lp-dashboard>`);
}

/** Waits until the dashboard and the widgets inside it have loaded. */
async function loaded(element: LpDashboard) {
  await shadowQuery(element, '.grid');
  const inner = [...element.shadowRoot!.querySelectorAll('lp-wallet-balance, lp-customer-badge')];
  await waitUntil(() => inner.every((widget) => widget.shadowRoot?.querySelector('[part="amount"]')), 'the funding widgets did not load');
}

/** Each row's cells (th and td), as text. */
const cells = (rows: Iterable<Element>) => [...rows].map((row) => [...row.children].map(textOf));

const navigations = (element: HTMLElement) => {
  const seen: { section: string; item?: string }[] = [];
  element.addEventListener('lp-navigate', (event) => seen.push(event.detail));
  return seen;
};

describe('<lp-dashboard>', () => {
  it('shows a skeleton while loading', async () => {
    const element = await mount('available', { delayMs: Infinity });
    expect(element.shadowRoot!.querySelector('.skeleton')).to.exist;
    expect(shadowText(element)).to.contain('Loading dashboard…');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('shows spend and leads today, this week and this month as recorded, and passes axe', async () => {
    const d = await loadFixture<Dashboard>('available', 'dashboard');
    const element = await mount();
    await loaded(element);
    const totals = [...element.shadowRoot!.querySelectorAll('.totals > div')].map((pair) => [textOf(pair.querySelector('dt')), textOf(pair.querySelector('dd'))]);
    expect(totals).to.deep.equal([
      ['Today', `${money(d.totals.today.spend_cents)} ${leads(d.totals.today.lead_count)}`],
      ['This week', `${money(d.totals.week.spend_cents)} ${leads(d.totals.week.lead_count)}`],
      ['This month', `${money(d.totals.month.spend_cents)} ${leads(d.totals.month.lead_count)}`],
    ]);
    expect(d.totals.month.spend_cents).to.be.above(100_000); // a real amount, formatted with grouping
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('draws 30 days of spend and leads, zero days included, with a text alternative', async () => {
    const d = await loadFixture<Dashboard>('available', 'dashboard');
    expect(d.per_day).to.have.length(30);
    expect(d.per_day.some((x) => x.lead_count === 0)).to.be.true;
    const element = await mount();
    const chart = await shadowQuery(element, '[part="chart"]');

    const svgs = [...chart.querySelectorAll('svg')];
    expect(svgs).to.have.length(2);
    for (const [i, svg] of svgs.entries()) {
      const values = i === 0 ? d.per_day.map((x) => x.spend_cents) : d.per_day.map((x) => x.lead_count);
      const bars = [...svg.querySelectorAll('rect:not(.baseline)')];
      expect(bars).to.have.length(30);
      // Heights follow the values: the tallest day is full height, a day without purchases is zero.
      const heights = bars.map((bar) => Number(bar.getAttribute('height')));
      expect(heights[values.indexOf(Math.max(...values))]).to.equal(96);
      expect(heights[values.indexOf(0)]).to.equal(0);
      expect(svg.getAttribute('role')).to.equal('img');
      const labelledBy = svg.getAttribute('aria-labelledby')!.split(' ').map((id) => textOf(element.shadowRoot!.getElementById(id)));
      const total = values.reduce((a, b) => a + b, 0);
      expect(labelledBy).to.deep.equal(
        i === 0
          ? ['Spend per day', `${money(total)} in total, highest ${money(Math.max(...values))} a day.`]
          : ['Leads per day', `${leads(total)} in total, highest ${leads(Math.max(...values))} a day.`],
      );
    }
    expect(cells(chart.querySelectorAll('table tbody tr'))).to.deep.equal(d.per_day.map((x) => [day(x.date), String(x.lead_count), money(x.spend_cents)]));
    expect([...chart.querySelector('.axis')!.children].map(textOf)).to.deep.equal([day(d.per_day[0]!.date), day(d.per_day[29]!.date)]);
  });

  it('lists recent leads; activating one (click, Enter, Space) fires lp-navigate with its id', async () => {
    const d = await loadFixture<Dashboard>('available', 'dashboard');
    const element = await mount();
    await shadowQuery(element, '#recent');
    const rows = [...element.shadowRoot!.querySelectorAll('section[aria-labelledby="recent"] tbody tr')];
    expect(rows).to.have.length(d.recent_leads.length);
    const named = d.recent_leads.findIndex((lead) => lead.fields['first_name']);
    const lead = d.recent_leads[named]!;
    expect(textOf(rows[named])).to.contain(`${lead.fields['first_name']} ${lead.fields['last_name']} ${lead.lead_type.name} ${lead.county}, ${lead.state} ${money(lead.price_cents)}`);

    const seen = navigations(element);
    const open = rows[1]!.querySelector('button')!;
    open.click();
    open.focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Space' });
    const second = { section: 'leads', item: d.recent_leads[1]!.id };
    expect(seen).to.deep.equal([second, second, second]);

    [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === 'All leads')!.click();
    expect(seen.at(-1)).to.deep.equal({ section: 'leads', item: undefined });
  });

  it('sums up bid activity and caps usage, a reached cap with an icon and text', async () => {
    const d = await loadFixture<Dashboard>('available', 'dashboard');
    const element = await mount();
    await loaded(element);
    const { won, losses } = d.bid_activity;
    expect(cells(element.shadowRoot!.querySelectorAll('.activity > div'))).to.deep.equal(
      [['Won', won], ['Outbid', losses.outbid], ['Capped', losses.capped], ['Low funds', losses.wallet], ['Filters', losses.filters], ['Schedule', losses.schedule], ['Paused', losses.paused]].map(([label, n]) => [label, String(n)]),
    );

    const caps = [...element.shadowRoot!.querySelectorAll('.caps li')];
    const day = d.caps.customer.day;
    expect(textOf(caps[0])).to.equal(`Account · Today ${day.count.used} of ${day.count.cap} leads`);
    expect(textOf(caps[1])).to.equal(`Account · Today ${money(day.spend_cents.used)} of ${money(day.spend_cents.cap!)} spent`);
    const bid = d.caps.bids[0]!;
    expect(bid.limits.day.count.used).to.be.at.least(bid.limits.day.count.cap!);
    const reached = element.shadowRoot!.querySelectorAll('.caps li.reached');
    expect([...reached].map(textOf)).to.deep.equal([`${bid.name} · Today ${bid.limits.day.count.used} of ${bid.limits.day.count.cap} leads`]);
    expect(reached[0]!.querySelector('svg.icon')).to.exist;
    expect(reached[0]!.querySelector('[part="bar"] rect:last-child')!.getAttribute('width')).to.equal('100');
    expect(caps[0]!.querySelector('[part="bar"] rect:last-child')!.getAttribute('width')).to.equal(String((day.count.used / day.count.cap!) * 100));
  });

  it('offers the caps section when no cap is set', async () => {
    const element = await mount('limited');
    const caps = await shadowQuery(element, 'section[aria-labelledby="caps"]');
    expect(textOf(caps)).to.contain('No caps set.');
    const seen = navigations(element);
    caps.querySelector('button')!.click();
    expect(seen).to.deep.equal([{ section: 'limits', item: undefined }]);
  });

  it('shows the getting-started steps, each leading to its section', async () => {
    const d = await loadFixture<Dashboard>('available', 'dashboard');
    const element = await mount();
    const checklist = await shadowQuery(element, 'section[aria-labelledby="checklist"]');
    const steps = [...checklist.querySelectorAll('li')];
    expect(steps.map(textOf)).to.deep.equal(
      d.getting_started.steps.map((s) => `${{ payment_method: 'Add a payment method', bid: 'Create a bid', notifications: 'Set up notifications', limits: 'Set bidding limits' }[s.key]}${s.done ? ' Done' : ''}`),
    );
    expect(textOf(checklist.querySelector('.head'))).to.contain(`${d.getting_started.steps.filter((s) => s.done).length} of 4 done`);
    const seen = navigations(element);
    for (const step of steps) step.querySelector('button')!.click();
    expect(seen.map((n) => n.section)).to.deep.equal(d.getting_started.steps.map((s) => s.section));
  });

  it('dismisses the checklist with a PUT, announces it and moves focus on', async () => {
    const transport = fixtureTransport('available');
    const element = await mount('available', {}, transport);
    await loaded(element);
    const dismiss = [...(await shadowQuery(element, 'section[aria-labelledby="checklist"]')).querySelectorAll('button')].find((b) => textOf(b) === 'Dismiss')!;
    dismiss.focus();
    await sendKeys({ press: 'Enter' });

    await waitUntil(() => !element.shadowRoot!.querySelector('section[aria-labelledby="checklist"]'), 'the checklist stayed');
    const put = transport.requests.find((r) => r.method === 'PUT')!;
    expect(new URL(put.url).pathname).to.equal('/api/v1/dashboard/getting-started');
    expect(await put.clone().json()).to.deep.equal({ dismissed: true });
    expect(textOf(element.shadowRoot!.querySelector('[role="status"]'))).to.equal('Checklist dismissed.');
    expect(hasFocus(element.shadowRoot!.querySelector('#totals')!)).to.be.true;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('keeps the checklist and says so when dismissing fails', async () => {
    const replay = fixtureTransport('available');
    const failing = fixtureTransport('available', { fail: 'server-error' });
    const element = await mount('available', {}, (request) => (request.method === 'PUT' ? failing(request) : replay(request)));
    const checklist = await shadowQuery(element, 'section[aria-labelledby="checklist"]');
    [...checklist.querySelectorAll('button')].find((b) => textOf(b) === 'Dismiss')!.click();
    const alert = await shadowQuery(element, '[role="alert"]');
    expect(textOf(alert)).to.equal('Could not dismiss the checklist. Try again.');
    expect(element.shadowRoot!.querySelector('section[aria-labelledby="checklist"]')).to.exist;
  });

  it('shows a new customer what to do first: no chart, no recent leads, every step to do', async () => {
    // The customer `available` creates in the recording: its folder is its public id, new in every recording.
    const NEW_CUSTOMER = (await loadFixture<CustomerSummary>('available', 'customers.post')).external_id;
    const d = await loadFixture<Dashboard>(NEW_CUSTOMER, 'dashboard');
    expect(d.recent_leads).to.be.empty;
    const element = await mount(NEW_CUSTOMER);
    await loaded(element);
    const totals = element.shadowRoot!.querySelector('section[aria-labelledby="totals"]')!;
    expect(textOf(totals)).to.equal('Leads and spend No leads yet When your bids win leads, your spend shows here. Go to bids');
    expect(element.shadowRoot!.querySelector('figure')).to.be.null;
    expect(element.shadowRoot!.querySelector('#recent')).to.be.null;
    expect(element.shadowRoot!.querySelectorAll('.steps .chip')).to.have.length(0);
    const seen = navigations(element);
    totals.querySelector('button')!.click();
    expect(seen).to.deep.equal([{ section: 'bids', item: undefined }]);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('shows an error with a retry that reloads, and fires lp-load-error', async () => {
    const loadError = oneEvent(document, 'lp-load-error');
    const element = await mount('available', { fail: 'server-error', failures: 1 });
    expect((await loadError).detail.path).to.equal('/dashboard');
    const alert = await shadowQuery(element, '[role="alert"]');
    expect(textOf(alert)).to.contain('This could not be loaded.');
    expect(await a11yViolations(element)).to.deep.equal([]);
    alert.querySelector('button')!.click();
    await shadowQuery(element, '.totals');
  });

  it('ends the session when the token is refused', async () => {
    const expired = oneEvent(document, 'lp-session-expired');
    const element = await mount('available', { fail: 'unauthorized' });
    await expired;
    await waitUntil(() => shadowText(element).includes('Your session has ended.'));
    expect(element.shadowRoot!.querySelector('.grid')).to.be.null;
  });

  it('reaches every control with the keyboard, in reading order', async () => {
    const element = await mount();
    await loaded(element);
    const first = (await shadowQuery(element, 'section[aria-labelledby="checklist"] button'));
    first.focus();
    const names: string[] = [];
    for (let i = 0; i < 9; i++) {
      names.push(textOf(element.shadowRoot!.activeElement)!);
      await sendKeys({ press: 'Tab' });
    }
    const d = await loadFixture<Dashboard>('available', 'dashboard');
    expect(names.slice(0, 5)).to.deep.equal(['Dismiss', 'Add a payment method', 'Create a bid', 'Set up notifications', 'Set bidding limits']);
    expect(names[5]).to.equal(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: d.timezone }).format(new Date(d.recent_leads[0]!.purchased_at)));
  });

  describe('in other languages', () => {
    afterEach(() => useLocale('en'));

    it('switches its language at run time with its locale', async () => {
      const d = await loadFixture<Dashboard>('available', 'dashboard');
      const element = await fixture<LpDashboard>(
        html`<lp-dashboard token=${fakeToken()} locale="es-MX" .transport=${fixtureTransport('available')}></lp-dashboard>`,
      );
      await loaded(element);
      const periods = () => [...element.shadowRoot!.querySelectorAll('.totals dt')].map(textOf);
      const monthLeads = () => textOf(element.shadowRoot!.querySelectorAll('.totals dd')[2]!);
      await waitUntil(() => periods().join() === 'Hoy,Esta semana,Este mes', 'no Spanish');
      expect(monthLeads()).to.match(new RegExp(` ${d.totals.month.lead_count} leads$`));
      expect(shadowText(element)).to.contain('Leads y gasto');
      expect(await a11yViolations(element)).to.deep.equal([]);

      element.locale = 'fr-CA';
      await waitUntil(() => periods().join() === 'Aujourd’hui,Cette semaine,Ce mois-ci', 'no French');
      expect(monthLeads()).to.match(new RegExp(` ${d.totals.month.lead_count} prospects$`));
      expect(shadowText(element)).to.contain('Prospects et dépenses');

      element.locale = 'en-US';
      await waitUntil(() => periods().join() === 'Today,This week,This month', 'English did not come back');
    });
  });
});
