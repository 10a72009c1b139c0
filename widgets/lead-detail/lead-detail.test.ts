import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { useLocale } from '../core/i18n.js';
import { a11yViolations } from '../core/testing/axe.js';
import { hasFocus, shadowQuery, shadowText, textOf } from '../core/testing/dom.js';
import { money } from '../core/testing/expected.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport, loadFixture, type FixtureOptions, type FixtureTransport } from '../core/testing/fixture-transport.js';
import type { LeadDetail, LeadList, LeadReturn } from '../leads-table/lead-types.js';
import { leadsTransport } from '../leads-table/testing/leads-transport.js';
import '../portal/portal.js';
import '../wallet-balance/wallet-balance.js';
import './lead-detail.js';
import type { LpLeadDetail } from './lead-detail.js';

let transport: FixtureTransport;
const $ = <E extends Element = HTMLElement>(element: LpLeadDetail, selector: string) => element.shadowRoot!.querySelector<E>(selector)!;

/** The recorded details of a customer, found through its recorded pages (each lead's file is named by its id). */
async function details(scenario: string): Promise<LeadDetail[]> {
  const pages = await Promise.all(['leads', 'leads/page-2'].map((route) => loadFixture<LeadList>(scenario, route).catch(() => undefined)));
  const found = await Promise.all(pages.flatMap((page) => page?.items ?? []).map((lead) => loadFixture<LeadDetail>(scenario, `leads/${lead.id}`).catch(() => undefined)));
  return found.filter((d): d is LeadDetail => d !== undefined);
}

async function leadWhere(scenario: string, test: (lead: LeadDetail) => boolean): Promise<LeadDetail> {
  const lead = (await details(scenario)).find(test);
  if (!lead) throw new Error(`no recorded ${scenario} lead fits`);
  return lead;
}

/** A returnable lead whose recorded return request answers with `status`. */
async function returnable(status: 201 | 400 | 409): Promise<LeadDetail> {
  for (const lead of await details('available')) {
    if (!lead.return_eligibility.allowed) continue;
    const reply = await loadFixture<{ error?: { code: string } }>('available', `leads/${lead.id}/return.post`).catch(() => undefined);
    const code = reply?.error?.code;
    if (reply && (status === 201 ? !code : status === 400 ? code === 'invalid_request' : code === 'conflict')) return lead;
  }
  throw new Error(`no returnable lead answers ${status}`);
}

async function mount(scenario: string, leadId: string, options: FixtureOptions = {}) {
  transport = fixtureTransport(scenario, options);
  return fixture<LpLeadDetail>(html`<lp-lead-detail token=${fakeToken()} locale="en-US" lead-id=${leadId} .transport=${transport}></lp-lead-detail>`);
}

const loaded = (element: LpLeadDetail) => shadowQuery(element, 'h2');
const posts = () => transport.requests.filter((r) => r.method === 'POST');

async function requestReturn(element: LpLeadDetail, reason: string, note: string) {
  const select = await shadowQuery<HTMLSelectElement>(element, '#reason');
  select.value = reason;
  $(element, '#note').focus();
  await sendKeys({ type: note });
  $<HTMLButtonElement>(element, 'form button[type="submit"]').click();
}

describe('<lp-lead-detail>', () => {
  it('shows a skeleton while loading', async () => {
    const element = await mount('available', 'lead_x', { delayMs: Infinity });
    expect(shadowText(element)).to.contain('Loading the lead…');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('shows every deliverable field, the price, source and timeline, and the return form with the provider’s reasons', async () => {
    const lead = await returnable(201);
    const element = await mount('available', lead.id);
    await loaded(element);
    await shadowQuery(element, 'form');
    const name = `${lead.fields.find((f) => f.key === 'first_name')!.value} ${lead.fields.find((f) => f.key === 'last_name')!.value}`;
    expect(textOf($(element, 'h2'))).to.equal(name);
    expect(textOf($(element, '[part="amount"]'))).to.equal(money(lead.price_cents));
    const terms = [...element.shadowRoot!.querySelectorAll('dt')].map((dt) => textOf(dt));
    expect(terms).to.include.members(['Price', 'Purchased', 'Lead type', 'Source', 'Location', ...lead.fields.map((f) => f.label)]);
    expect(shadowText(element)).to.contain(`Bid: ${lead.source.bid!.name}`);
    const phone = lead.fields.find((f) => f.key === 'phone')!.value as string;
    expect($(element, 'a[href^="tel:"]').textContent).to.equal(phone);
    const entries = [...element.shadowRoot!.querySelectorAll('ol li')];
    expect(entries).to.have.length(lead.timeline.length);
    expect(textOf(entries[0])).to.contain(`Purchased for ${money(lead.price_cents)}`);
    const options = [...element.shadowRoot!.querySelectorAll('#reason option')].map((o) => textOf(o));
    expect(options).to.deep.equal(['Choose a reason', ...lead.return_eligibility.reasons]);
    expect(shadowText(element)).to.contain('Returns are accepted until');
    expect($(element, 'a[href="' + lead.return_eligibility.policy_url + '"]')).to.exist;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('asks for a reason before sending', async () => {
    const lead = await returnable(201);
    const element = await mount('available', lead.id);
    await shadowQuery(element, 'form');
    $<HTMLButtonElement>(element, 'form button[type="submit"]').click();
    await waitUntil(() => hasFocus($(element, '#reason')), 'the reason gets focus');
    expect(textOf($(element, '#reason_code-error'))).to.equal('Choose a reason');
    expect(posts()).to.have.length(0);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('requests a return: sends reason and note, shows it pending and fires lp-return-requested', async () => {
    const lead = await returnable(201);
    const reply = await loadFixture<LeadReturn>('available', `leads/${lead.id}/return.post`);
    const element = await mount('available', lead.id);
    await shadowQuery(element, 'form');
    const fired = oneEvent(element, 'lp-return-requested');
    await requestReturn(element, lead.return_eligibility.reasons[0]!, 'Not in service');
    const event = await fired;
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail).to.deep.equal({ lead_id: lead.id, return: reply });
    expect(await posts()[0]!.json()).to.deep.equal({ reason_code: lead.return_eligibility.reasons[0], note: 'Not in service' });
    await waitUntil(() => !$(element, 'form'), 'the form is gone');
    expect(textOf($(element, '[role="status"]'))).to.equal('Return requested. Your provider will review it.');
    expect(shadowText(element)).to.contain('Return pending');
    expect(shadowText(element)).to.contain(reply.reason_code);
    expect(hasFocus($(element, '#return-title'))).to.equal(true);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('shows the server’s field error beside the reason (400)', async () => {
    const lead = await returnable(400);
    const element = await mount('available', lead.id);
    await shadowQuery(element, 'form');
    await requestReturn(element, lead.return_eligibility.reasons[1]!, '');
    await waitUntil(() => $(element, '#reason_code-error'), 'the field error shows');
    expect(textOf($(element, '#reason_code-error'))).to.equal('Pick one of the listed reasons');
    expect($(element, '#reason').getAttribute('aria-invalid')).to.equal('true');
    await waitUntil(() => hasFocus($(element, '#reason')), 'the invalid field gets focus');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('shows the server’s message when the return was taken meanwhile (409), and keeps the form', async () => {
    const lead = await returnable(409);
    const reply = await loadFixture<{ error: { message: string } }>('available', `leads/${lead.id}/return.post`);
    const element = await mount('available', lead.id);
    await shadowQuery(element, 'form');
    await requestReturn(element, lead.return_eligibility.reasons[3]!, '');
    await waitUntil(() => $(element, 'form [role="alert"]'), 'the error shows');
    expect(textOf($(element, 'form [role="alert"]'))).to.equal(reply.error.message);
    expect(textOf($(element, 'form button[type="submit"]'))).to.equal('Request return');
  });

  for (const [state, test, expected] of [
    ['pending', (l: LeadDetail) => l.return?.status === 'pending', 'Return pending'],
    ['approved', (l: LeadDetail) => l.return?.status === 'approved', 'Return approved'],
    ['denied', (l: LeadDetail) => l.return?.status === 'denied', 'Return denied'],
  ] as const) {
    it(`shows a ${state} return with its reason and history, and no form`, async () => {
      const lead = await leadWhere('available', test);
      const element = await mount('available', lead.id);
      await loaded(element);
      expect(shadowText(element)).to.contain(expected);
      expect(shadowText(element)).to.contain(lead.return!.reason_code);
      if (lead.return!.decision_note) expect(shadowText(element)).to.contain(`Provider’s note: ${lead.return!.decision_note}`);
      expect($(element, 'form')).to.be.null;
      const kinds = lead.timeline.map((e) => e.kind);
      expect(kinds).to.include('return_requested');
      expect(shadowText(element)).to.contain('Return requested:');
      expect(await a11yViolations(element)).to.deep.equal([]);
    });
  }

  it('says why a lead cannot be returned: the window closed, or returns are off', async () => {
    for (const [scenario, refusal] of [['available', 'window_closed'], ['tiers-off', 'returns_disabled']] as const) {
      const lead = await leadWhere(scenario, (l) => l.return_eligibility.refusal === refusal);
      const element = await mount(scenario, lead.id);
      await loaded(element);
      expect(textOf($(element, '.notice__text'))).to.equal(lead.return_eligibility.message);
      expect($(element, 'form')).to.be.null;
      expect(await a11yViolations(element)).to.deep.equal([]);
      element.remove();
    }
  });

  it('shows a viewer no form, even where a return is allowed', async () => {
    const lead = await leadWhere('read-only', (l) => l.return_eligibility.allowed);
    const element = await mount('read-only', lead.id);
    await waitUntil(() => shadowText(element).includes('Your role can view leads but not return them.'), 'the viewer note');
    expect($(element, 'form')).to.be.null;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('shows an error with a retry, and loads on retry', async () => {
    const lead = await returnable(201);
    const element = await mount('available', lead.id, { fail: 'server-error', failures: 2 });
    const retry = await shadowQuery<HTMLButtonElement>(element, '[role="alert"] button');
    expect(await a11yViolations(element)).to.deep.equal([]);
    retry.click();
    await loaded(element);
  });

  it('makes <lp-portal> refresh the wallet after a return request', async () => {
    const lead = await returnable(201);
    transport = leadsTransport('available');
    const portal = await fixture(html`<lp-portal token=${fakeToken()} .transport=${transport}>
      <lp-wallet-balance></lp-wallet-balance>
      <lp-lead-detail lead-id=${lead.id}></lp-lead-detail>
    </lp-portal>`);
    const element = portal.querySelector('lp-lead-detail')!;
    const wallets = () => transport.requests.filter((r) => new URL(r.url).pathname.endsWith('/wallet')).length;
    await shadowQuery(element, 'form');
    await waitUntil(() => wallets() === 1, 'the wallet loaded');
    await requestReturn(element, lead.return_eligibility.reasons[0]!, '');
    await waitUntil(() => wallets() === 2, 'the wallet reloads');
    // The reload of the lead (recorded before the request) does not hide the pending return.
    await waitUntil(() => transport.requests.filter((r) => new URL(r.url).pathname.endsWith(`/leads/${lead.id}`)).length === 2, 'the lead reloads');
    await element.updateComplete;
    expect(shadowText(element)).to.contain('Return pending');
    expect(element.shadowRoot!.querySelector('form')).to.be.null;
  });
});

describe('<lp-lead-detail> in other languages', () => {
  afterEach(() => useLocale('en'));

  it('switches to Spanish, French and back to English with its locale', async () => {
    const lead = await returnable(201);
    transport = fixtureTransport('available');
    const element = await fixture<LpLeadDetail>(html`<lp-lead-detail token=${fakeToken()} locale="es-MX" lead-id=${lead.id} .transport=${transport}></lp-lead-detail>`);
    await loaded(element);
    await shadowQuery(element, 'form');
    const status = () => textOf($(element, '[part="status"]'));
    const submit = () => textOf($(element, 'form button[type="submit"]'));
    await waitUntil(() => status() === 'Comprado', 'no Spanish');
    expect(submit()).to.equal('Solicitar devolución');
    expect(shadowText(element)).to.contain(`Puja: ${lead.source.bid!.name}`);
    expect(await a11yViolations(element)).to.deep.equal([]);

    element.locale = 'fr-CA';
    await waitUntil(() => status() === 'Acheté', 'no French');
    expect(submit()).to.equal('Demander un retour');
    // textOf() collapses whitespace, so the no-break space French puts before ":" reads as a plain one here.
    expect(shadowText(element)).to.contain(`Mise : ${lead.source.bid!.name}`);

    element.locale = 'en-US';
    await waitUntil(() => status() === 'Purchased', 'English did not come back');
    expect(submit()).to.equal('Request return');
  });
});
