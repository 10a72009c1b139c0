import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { components } from '../core/api-types.js';
import { useLocale } from '../core/i18n.js';
import { a11yViolations } from '../core/testing/axe.js';
import { hasFocus, shadowQuery, shadowText, textOf } from '../core/testing/dom.js';
import { money } from '../core/testing/expected.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport, loadFixture, type FixtureOptions, type FixtureTransport } from '../core/testing/fixture-transport.js';
import './bidding-limits.js';
import type { LpBiddingLimits } from './bidding-limits.js';

type Limits = components['schemas']['Limits'];

let transport: FixtureTransport;

async function mount(scenario: string, options?: FixtureOptions) {
  transport = fixtureTransport(scenario, options);
  const element = await fixture<LpBiddingLimits>(html`<lp-bidding-limits token=${fakeToken()} locale="en-US" .transport=${transport}></lp-bidding-limits>`);
  return element;
}

const loaded = (element: LpBiddingLimits) => shadowQuery(element, '#timezone-title');
const $ = <E extends Element = HTMLElement>(element: LpBiddingLimits, selector: string) => element.shadowRoot!.querySelector<E>(selector)!;
const puts = () => transport.requests.filter((r) => r.method === 'PUT');
const resets = (iso: string, timeZone: string) =>
  `Resets ${new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone }).format(new Date(iso))}`;

async function type(input: HTMLInputElement, text: string) {
  input.focus();
  input.select();
  await sendKeys({ press: 'Backspace' });
  if (text) await sendKeys({ type: text });
}

describe('<lp-bidding-limits>', () => {
  it('shows a skeleton while loading', async () => {
    const element = await mount('available', { delayMs: Infinity });
    expect(element.shadowRoot!.querySelector('.skeleton')).to.exist;
    expect(shadowText(element)).to.contain('Loading bidding limits…');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('shows the account’s caps with usage bars, text and reset times in the customer’s zone', async () => {
    const limits = await loadFixture<Limits>('available', 'limits');
    const element = await mount('available');
    await loaded(element);

    const periods = [...$(element, '[aria-labelledby="account-title"]').querySelectorAll('.period')];
    expect(periods.map((p) => textOf(p.querySelector('.period__name')))).to.deep.equal(['Today', 'This week', 'This month']);
    const day = limits.customer.day;
    expect(textOf(periods[0])).to.contain(`${day.count.used} of ${day.count.cap} leads`);
    expect(textOf(periods[0])).to.contain(`${money(day.spend_cents.used)} of ${money(day.spend_cents.cap!)} spent`);
    expect(textOf(periods[0])).to.contain(resets(day.end, 'America/Chicago'));
    expect(textOf(periods[1])).to.contain(`${limits.customer.week.count.used} leads, no cap`);
    const bars = [...periods[0]!.querySelectorAll('progress')];
    expect(bars.map((b) => [b.max, b.value])).to.deep.equal([
      [day.count.cap, day.count.used],
      [day.spend_cents.cap, day.spend_cents.used],
    ]);
    expect(periods[1]!.querySelector('progress'), 'no bar without a cap').to.be.null;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('marks a reached cap with an icon and words, not colour alone, and lists every bid', async () => {
    const limits = await loadFixture<Limits>('available', 'limits');
    const element = await mount('available');
    await loaded(element);
    const bids = [...element.shadowRoot!.querySelectorAll('.bid')];
    expect(bids.map((b) => textOf(b.querySelector('h3')))).to.deep.equal(limits.bids.map((b) => b.name));
    const [capped, open] = bids;
    const chip = capped!.querySelector('.chip')!;
    expect(textOf(chip)).to.equal('Cap reached');
    expect(chip.querySelector('svg.icon')).to.exist;
    expect(textOf(capped!.querySelector('.usage--reached'))).to.equal(`${limits.bids[0]!.limits.day.count.cap} of ${limits.bids[0]!.limits.day.count.cap} leads`);
    expect(textOf(open)).to.contain('No caps');
    expect(open!.querySelector('.chip')).to.be.null;
  });

  it('explains caps when none is set, and “Set a cap” opens the editor', async () => {
    const element = await mount('archived');
    await loaded(element);
    expect(shadowText(element)).to.contain('No caps set');
    expect(shadowText(element)).to.contain('Without caps, your bids compete');
    expect(shadowText(element)).to.contain('Caps per bid Count only the leads a bid wins. No bids yet.');
    expect(await a11yViolations(element)).to.deep.equal([]);
    $(element, '[data-edit="customer"]').click();
    const first = await shadowQuery<HTMLInputElement>(element, 'form.editor input');
    await waitUntil(() => hasFocus(first), 'the first cap input gets focus');
    expect(first.value).to.equal('');
  });

  it('shows an error with a retry, and loads on retry', async () => {
    const element = await mount('available', { fail: 'server-error', failures: 2 });
    const retry = await shadowQuery<HTMLButtonElement>(element, '[role="alert"] button');
    expect(textOf(retry)).to.equal('Try again');
    expect(await a11yViolations(element)).to.deep.equal([]);
    retry.click();
    await loaded(element);
  });

  it('edits the account’s caps: dollars in, exact cents out; fires lp-limits-changed and shows the saved caps', async () => {
    const element = await mount('available');
    await loaded(element);
    $(element, '[data-edit="customer"]').click();
    const input = (name: string) => element.shadowRoot!.querySelector<HTMLInputElement>(`form.editor input[name="${name}"]`)!;
    await shadowQuery(element, 'form.editor');
    expect([input('day.count').value, input('day.spend_cents').value, input('week.count').value, input('month.spend_cents').value]).to.deep.equal(['20', '600.00', '', '12000.00']);

    await type(input('day.count'), '25');
    await type(input('day.spend_cents'), '$750');
    const changed = oneEvent(element, 'lp-limits-changed');
    $(element, 'form.editor button[type="submit"]').click();
    expect((await changed).detail).to.deep.equal({ subject: 'customer' });

    const [request] = puts();
    expect(new URL(request!.url).pathname).to.equal('/api/v1/limits');
    expect(await request!.json()).to.deep.equal({ day: { count: 25, spend_cents: 75_000 }, week: { count: null, spend_cents: null }, month: { count: 400, spend_cents: 1_200_000 } });
    await waitUntil(() => !element.shadowRoot!.querySelector('form.editor'), 'the editor closes');
    expect(textOf($(element, '[aria-labelledby="account-title"] .period'))).to.contain('6 of 25 leads');
    expect(textOf($(element, '[role="status"]'))).to.equal('Caps saved.');
    await waitUntil(() => hasFocus($(element, '[data-edit="customer"]')), 'focus returns to the edit button');
  });

  it('checks inputs as the server does before sending anything', async () => {
    const element = await mount('available');
    await loaded(element);
    $(element, '[data-edit="customer"]').click();
    const input = (name: string) => element.shadowRoot!.querySelector<HTMLInputElement>(`form.editor input[name="${name}"]`)!;
    await shadowQuery(element, 'form.editor');
    await type(input('day.count'), '2.5');
    await type(input('week.spend_cents'), '10.999');
    await type(input('month.count'), '-3');
    $(element, 'form.editor button[type="submit"]').click();
    await shadowQuery(element, '.field-error');

    expect(puts()).to.have.length(0);
    const invalid = [...element.shadowRoot!.querySelectorAll('[aria-invalid="true"]')].map((e) => e.getAttribute('name'));
    expect(invalid).to.deep.equal(['day.count', 'week.spend_cents', 'month.count']);
    expect(textOf($(element, `#${input('day.count').getAttribute('aria-describedby')}`))).to.contain('whole number');
    await waitUntil(() => hasFocus(input('day.count')), 'focus moves to the first invalid input');
    expect(textOf($(element, 'form.editor [role="alert"]'))).to.contain('Fix the highlighted caps');
    expect(await a11yViolations(element)).to.deep.equal([]);

    await type(input('day.count'), '3');
    expect(input('day.count').getAttribute('aria-invalid'), 'typing clears the field’s error').to.equal('false');
  });

  it('puts the server’s field errors on their inputs', async () => {
    const recorded = await loadFixture<{ error: { fields: Record<string, string> } }>('limited', 'limits.put');
    const element = await mount('limited');
    await loaded(element);
    $(element, '[data-edit="customer"]').click();
    const input = await shadowQuery<HTMLInputElement>(element, 'form.editor input[name="day.count"]');
    await type(input, '5');
    $(element, 'form.editor button[type="submit"]').click();
    await shadowQuery(element, '.field-error');
    for (const [name, message] of Object.entries(recorded.error.fields)) {
      const field = $(element, `form.editor input[name="${name}"]`);
      expect(field.getAttribute('aria-invalid'), name).to.equal('true');
      expect(textOf($(element, `#${field.getAttribute('aria-describedby')}`))).to.equal(message);
    }
    expect(element.shadowRoot!.querySelector('form.editor'), 'the editor stays open').to.exist;
  });

  it('edits one bid’s caps through its own route', async () => {
    const limits = await loadFixture<Limits>('available', 'limits');
    const bid = limits.bids[0]!;
    const element = await mount('available');
    await loaded(element);
    const edit = $(element, `[data-edit="${bid.bid_id}"]`);
    expect(edit.getAttribute('aria-label')).to.equal(`Edit caps of ${bid.name}`);
    edit.click();
    const input = await shadowQuery<HTMLInputElement>(element, 'form.editor input[name="day.count"]');
    expect(input.value).to.equal(String(bid.limits.day.count.cap));
    await type(input, '8');
    const changed = oneEvent(element, 'lp-limits-changed');
    $(element, 'form.editor button[type="submit"]').click();
    expect((await changed).detail).to.deep.equal({ subject: bid.bid_id });
    expect(new URL(puts()[0]!.url).pathname).to.equal(`/api/v1/limits/bids/${bid.bid_id}`);
    expect(await puts()[0]!.json()).to.deep.equal({ day: { count: 8, spend_cents: null }, week: { count: null, spend_cents: null }, month: { count: null, spend_cents: null } });
    await waitUntil(() => textOf($(element, '.bid'))?.includes('6 of 8 leads'), 'the saved cap shows');
  });

  it('closes the editor on Escape without saving', async () => {
    const element = await mount('available');
    await loaded(element);
    $(element, '[data-edit="customer"]').click();
    const input = await shadowQuery<HTMLInputElement>(element, 'form.editor input');
    await waitUntil(() => hasFocus(input));
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !element.shadowRoot!.querySelector('form.editor'));
    await waitUntil(() => hasFocus($(element, '[data-edit="customer"]')), 'focus returns to the edit button');
    expect(puts()).to.have.length(0);
  });

  it('is read-only for a viewer: no edit buttons, no timezone editor', async () => {
    const element = await mount('read-only');
    await loaded(element);
    await waitUntil(() => shadowText(element).includes('Your role can view caps'));
    expect(element.shadowRoot!.querySelectorAll('[data-edit]')).to.have.length(0);
    expect(element.shadowRoot!.querySelector('select')).to.be.null;
    expect(shadowText(element)).to.contain('Only an admin can change the timezone.');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('lets a buyer edit caps but not the timezone', async () => {
    const element = await mount('limited');
    await loaded(element);
    await waitUntil(() => shadowText(element).includes('Only an admin'));
    expect(element.shadowRoot!.querySelectorAll('[data-edit]').length).to.be.greaterThan(0);
    expect(element.shadowRoot!.querySelector('select')).to.be.null;
  });

  it('lets an admin change the timezone, explaining that it takes effect at the next local midnight', async () => {
    const reply = await loadFixture<Limits>('available', 'limits/timezone.put');
    const element = await mount('available');
    const select = await shadowQuery<HTMLSelectElement>(element, 'select#timezone');
    expect(select.value).to.equal('America/Chicago');
    expect(shadowText(element)).to.contain('A change applies from the next local midnight');
    expect(await a11yViolations(element)).to.deep.equal([]);

    select.value = 'America/New_York';
    const changed = oneEvent(element, 'lp-limits-changed');
    $(element, 'form.timezone button[type="submit"]').click();
    expect((await changed).detail).to.deep.equal({ subject: 'timezone' });
    expect(await puts()[0]!.json()).to.deep.equal({ timezone: 'America/New_York' });

    const midnight = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone: 'America/Chicago' }).format(new Date(reply.timezone_change!.at));
    await waitUntil(() => shadowText(element).includes(`Changes to America/New_York`), 'the pending change shows');
    expect(shadowText(element)).to.contain(`at midnight (${midnight})`);
    expect(shadowText(element)).to.contain('Periods follow America/Chicago');
    expect(select.value).to.equal('America/New_York');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });
});

describe('<lp-bidding-limits> in other languages', () => {
  afterEach(() => useLocale('en'));

  it('switches to Spanish, French and back to English with its locale', async () => {
    const limits = await loadFixture<Limits>('available', 'limits');
    transport = fixtureTransport('available');
    const element = await fixture<LpBiddingLimits>(html`<lp-bidding-limits token=${fakeToken()} locale="es-MX" .transport=${transport}></lp-bidding-limits>`);
    await loaded(element);
    const title = () => textOf(element.shadowRoot!.querySelector('#account-title'));
    const periods = () => [...element.shadowRoot!.querySelectorAll('[aria-labelledby="account-title"] .period__name')].map(textOf);
    const day = limits.customer.day;
    await waitUntil(() => title() === 'Límites de la cuenta', 'no Spanish');
    expect(periods()).to.deep.equal(['Hoy', 'Esta semana', 'Este mes']);
    expect(shadowText(element)).to.contain(`${day.count.used} de ${day.count.cap} leads`);
    expect(await a11yViolations(element)).to.deep.equal([]);

    element.locale = 'fr-CA';
    await waitUntil(() => title() === 'Plafonds du compte', 'no French');
    expect(periods()).to.deep.equal(['Aujourd’hui', 'Cette semaine', 'Ce mois-ci']);
    expect(textOf(element.shadowRoot!.querySelector('#timezone-title'))).to.equal('Fuseau horaire');

    element.locale = 'en-US';
    await waitUntil(() => title() === 'Account caps', 'English did not come back');
    expect(periods()).to.deep.equal(['Today', 'This week', 'This month']);
  });
});
