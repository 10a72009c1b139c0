import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ApiErrorBody } from '../core/api.js';
import { useLocale } from '../core/i18n.js';
import { a11yViolations } from '../core/testing/axe.js';
import { hasFocus, shadowQuery, shadowText, textOf } from '../core/testing/dom.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { loadFixture, type FixtureTransport } from '../core/testing/fixture-transport.js';
import type { BidList, DeliveryList, RecipientList, RecipientSaved, RotatedSecret } from './notification-types.js';
import './notifications.js';
import type { LpNotifications } from './notifications.js';
import { notificationsTransport, type NotificationsFixtureOptions } from './testing/notifications-transport.js';

let transport: FixtureTransport;

async function mount(scenario: string, options: NotificationsFixtureOptions = {}) {
  transport = notificationsTransport(scenario, options);
  return fixture<LpNotifications>(html`<lp-notifications token=${fakeToken()} customer-id=${scenario} locale="en-US" .transport=${transport}></lp-notifications>`);
}

/** Mounted, with the recipients, the role and the first page of the log shown. */
async function ready(scenario: string, options?: NotificationsFixtureOptions) {
  const element = await mount(scenario, options);
  await waitUntil(() => element.shadowRoot!.querySelector('#log') && !element.shadowRoot!.querySelector('.skeleton'), 'not loaded');
  return element;
}

const root = (element: LpNotifications) => element.shadowRoot!;
const rows = (element: LpNotifications) => [...root(element).querySelectorAll<HTMLTableRowElement>('tr[part="row"]')];
const rowOf = (element: LpNotifications, name: string) => rows(element).find((row) => textOf(row.querySelector('th')) === name)!;
const logRows = (element: LpNotifications) => [...root(element).querySelectorAll<HTMLTableRowElement>('[part="log"] tbody tr')];
const button = (scope: ParentNode, label: string) => [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === label)!;
const status = (element: LpNotifications) => textOf(root(element).querySelector('p[role="status"]'));
const path = (request: Request) => new URL(request.url).pathname.replace('/api/v1', '');
const sent = (method: string, route: RegExp) => transport.requests.filter((r) => r.method === method && route.test(path(r)));
const dialog = (element: LpNotifications, name: 'form' | 'confirm') => root(element).querySelector<HTMLDialogElement>(`dialog.${name}`)!;
const errorOf = (element: LpNotifications, key: string) => textOf(root(element).getElementById(`${key}-error`));
const submit = (element: LpNotifications) => dialog(element, 'form').querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function channel(element: LpNotifications, label: string) {
  const radio = [...root(element).querySelectorAll<HTMLInputElement>('input[name="channel"]')].find((r) => textOf(r.parentElement) === label)!;
  radio.click();
}

async function openCreate(element: LpNotifications) {
  const create = root(element).querySelector<HTMLButtonElement>('[part="create"]')!;
  create.focus();
  create.click();
  await waitUntil(() => dialog(element, 'form').open, 'the form did not open');
}

describe('<lp-notifications>', () => {
  it('shows a skeleton while loading', async () => {
    const element = await mount('available', { delayMs: Infinity });
    expect(root(element).querySelector('.skeleton')).to.exist;
    expect(shadowText(element)).to.contain('Loading notifications…');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('lists recipients with channel, address, notices, bids and whether each is on; the secret’s status and the delivery log', async () => {
    const [list, bids, log] = await Promise.all([
      loadFixture<RecipientList>('available', 'notifications/recipients'),
      loadFixture<BidList>('available', 'bids'),
      loadFixture<DeliveryList>('available', 'notifications/deliveries'),
    ]);
    const element = await ready('available');
    expect(rows(element).map((row) => textOf(row.querySelector('th')))).to.deep.equal(list.items.map((r) => r.name));

    const phone = list.items.find((r) => r.channel === 'sms')!;
    const cells = [...rowOf(element, phone.name).querySelectorAll('td')].map((td) => textOf(td));
    expect(cells.slice(0, 4)).to.deep.equal([
      'Text message',
      phone.address,
      'New lead',
      phone.bid_ids!.map((id) => bids.items.find((b) => b.id === id)!.name).join(', '),
    ]);
    const zapier = list.items.find((r) => r.http_method === 'GET')!;
    expect(textOf(rowOf(element, zapier.name).querySelector('td'))).to.equal('Webhook GET');
    expect(textOf(rowOf(element, zapier.name).querySelectorAll('td')[3])).to.equal('All bids');
    const off = list.items.find((r) => !r.enabled)!;
    expect(rowOf(element, off.name).querySelector<HTMLInputElement>('[role="switch"]')!.checked).to.be.false;
    expect(rowOf(element, phone.name).querySelector('[role="switch"]')!.getAttribute('aria-label')).to.equal(`Send to ${phone.name}`);

    expect(textOf(root(element).getElementById('secret-status'))).to.equal('Webhooks are signed with a secret made Nov 26, 2026, 12:00 PM.');

    expect(logRows(element)).to.have.length(log.items.length);
    const statuses = logRows(element).map((row) => textOf(row.querySelector('.chip')));
    expect(new Set(statuses)).to.deep.equal(new Set(['Pending', 'Retrying', 'Sent', 'Failed']));
    const retrying = log.items.findIndex((d) => d.status === 'failed');
    const cellsOf = (i: number) => [...logRows(element)[i]!.children].map((c) => textOf(c));
    expect(cellsOf(retrying).slice(1)).to.deep.equal([
      log.items[retrying]!.recipient_name, 'New lead', log.items[retrying]!.lead_id, 'Retrying', String(log.items[retrying]!.attempts), '500', log.items[retrying]!.last_error, 'Nov 26, 2026, 12:02 PM',
    ]);
    const lowBalance = log.items.findIndex((d) => d.kind === 'wallet.low_balance');
    expect(cellsOf(lowBalance).slice(2, 7)).to.deep.equal(['Low balance', '—', 'Pending', '0', '—']);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('loads more of the log with the cursor', async () => {
    const [first, second] = await Promise.all([loadFixture<DeliveryList>('available', 'notifications/deliveries'), loadFixture<DeliveryList>('available', 'notifications/deliveries/page-2')]);
    const element = await ready('available');
    button(root(element), 'Load more').click();
    await waitUntil(() => logRows(element).length === first.items.length + second.items.length, 'no second page');
    const [more] = sent('GET', /^\/notifications\/deliveries$/).filter((r) => new URL(r.url).searchParams.has('cursor'));
    expect(new URL(more!.url).searchParams.get('cursor')).to.equal(first.next_cursor);
    expect(button(root(element), 'Load more')).to.be.undefined;
  });

  it('shows one recipient’s deliveries (its row’s Deliveries button) or one lead’s (a lead id in the log), then all again', async () => {
    const list = await loadFixture<RecipientList>('available', 'notifications/recipients');
    const crm = list.items.find((r) => r.name === 'CRM')!;
    const [byRecipient, all] = await Promise.all([loadFixture<DeliveryList>('available', `notifications/deliveries/${crm.id}`), loadFixture<DeliveryList>('available', 'notifications/deliveries')]);
    const element = await ready('available');
    const caption = () => textOf(root(element).getElementById('log-title'));
    expect(caption()).to.equal('Delivery log');
    rowOf(element, 'CRM').querySelector<HTMLButtonElement>('[aria-label="Deliveries to CRM"]')!.click();
    await waitUntil(() => caption() === 'Delivery log: CRM' && logRows(element).length === byRecipient.items.length, 'not filtered');
    expect(logRows(element).every((row) => textOf(row.querySelector('th')) === 'CRM')).to.be.true;
    expect(sent('GET', /deliveries$/).some((r) => new URL(r.url).searchParams.get('recipient_id') === crm.id)).to.be.true;
    await waitUntil(() => hasFocus(root(element).getElementById('log')!), 'the log gets focus');

    const lead = all.items.at(-1)!.lead_id!; // the first lead, whose log is recorded
    const byLead = await loadFixture<DeliveryList>('available', `notifications/deliveries/${lead}`);
    button(root(element), 'All deliveries').click();
    await waitUntil(() => logRows(element).length === all.items.length && caption() === 'Delivery log', 'not all again');
    button(root(element), lead).click();
    await waitUntil(() => caption() === `Delivery log: ${lead}` && logRows(element).length === byLead.items.length, 'not filtered by lead');
    expect(sent('GET', /deliveries$/).some((r) => new URL(r.url).searchParams.get('lead_id') === lead)).to.be.true;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('checks a new recipient as the server does, then shows the server’s field error on the URL', async () => {
    const refused = await loadFixture<ApiErrorBody & { error: { fields: Record<string, string> } }>('available', 'notifications/recipients/invalid.post');
    const element = await ready('available', { create: 'invalid' });
    await openCreate(element);
    const input = (id: string) => root(element).getElementById(id) as HTMLInputElement;
    expect(hasFocus(input('name'))).to.be.true;

    submit(element);
    await waitUntil(() => errorOf(element, 'name'), 'no client errors');
    expect(errorOf(element, 'name')).to.equal('Enter a name');
    expect(errorOf(element, 'address')).to.equal('Enter an email address, e.g. leads@example.com');
    expect(input('name').getAttribute('aria-invalid')).to.equal('true');
    expect(input('name').getAttribute('aria-describedby')).to.equal('name-error');
    expect(hasFocus(input('name'))).to.be.true;
    expect(textOf(dialog(element, 'form').querySelector('[role="alert"]'))).to.equal('Check the fields marked below.');
    expect(await a11yViolations(element)).to.deep.equal([]);

    // Checked as typed from now on, with each channel's own rule.
    type(input('name'), 'Internal');
    type(input('address'), 'desk@example');
    await element.updateComplete;
    expect(errorOf(element, 'name')).to.be.undefined;
    expect(errorOf(element, 'address')).to.equal('Enter an email address, e.g. leads@example.com');
    channel(element, 'Text message');
    type(input('address'), '512-555-0100');
    await element.updateComplete;
    expect(errorOf(element, 'address')).to.equal('Enter the number in international form, e.g. +15125550100');
    channel(element, 'Webhook');
    type(input('address'), 'http://10.0.0.5/leads');
    await element.updateComplete;
    expect(errorOf(element, 'address')).to.equal('Use an https:// URL');
    expect(input('address').getAttribute('aria-describedby')).to.equal('address-error');
    type(input('address'), 'https://10.0.0.5/leads');
    const kinds = [...root(element).querySelectorAll<HTMLInputElement>('#kinds input[type="checkbox"]')];
    kinds[0]!.click(); // New lead off: nothing chosen
    await element.updateComplete;
    expect(errorOf(element, 'kinds')).to.equal('Pick at least one notification');
    kinds[0]!.click();
    await element.updateComplete;
    expect(errorOf(element, 'address')).to.be.undefined;

    submit(element);
    await waitUntil(() => errorOf(element, 'address'), 'no server error');
    const [post] = sent('POST', /^\/notifications\/recipients$/);
    expect(await post!.clone().json()).to.deep.equal({
      name: 'Internal', channel: 'webhook', address: 'https://10.0.0.5/leads', http_method: 'POST', payload_template: null, kinds: ['lead.purchased'], bid_ids: null, fields: null, enabled: true,
    });
    expect(errorOf(element, 'address')).to.equal(refused.error.fields.address);
    expect(hasFocus(input('address'))).to.be.true;
    expect(dialog(element, 'form').open).to.be.true;
  });

  it('adds a recipient: the list shows it, and the first webhook’s signing secret is shown once', async () => {
    const saved = await loadFixture<RecipientSaved>('limited', 'notifications/recipients.post');
    const element = await ready('limited');
    expect(textOf(root(element).querySelector('.empty__title'))).to.equal('No recipients yet');
    expect(textOf(root(element).getElementById('secret-status'))).to.equal('Your first webhook creates a signing secret.');
    expect(await a11yViolations(element)).to.deep.equal([]);
    await openCreate(element);
    expect(root(element).querySelectorAll('input[name="channel"]')).to.have.length(2); // no SMS gateway here
    type(root(element).getElementById('name') as HTMLInputElement, 'Dispatch');
    channel(element, 'Webhook');
    await element.updateComplete;
    type(root(element).getElementById('address') as HTMLInputElement, 'https://dispatch.gutterkings.example/leads');
    submit(element);

    const secret = await shadowQuery<HTMLInputElement>(element, '#secret');
    expect(secret.value).to.equal(saved.signing_secret);
    await waitUntil(() => hasFocus(secret), 'the secret gets focus');
    expect(dialog(element, 'form').open).to.be.false;
    expect(rows(element).map((row) => textOf(row.querySelector('th')))).to.deep.equal([saved.recipient.name]);
    expect(status(element)).to.equal(`${saved.recipient.name} added.`);
    expect(await sent('POST', /^\/notifications\/recipients$/)[0]!.clone().json()).to.include({ channel: 'webhook', address: 'https://dispatch.gutterkings.example/leads', http_method: 'POST', payload_template: null });
    expect(textOf(root(element).getElementById('secret-status'))).to.match(/^Webhooks are signed with a secret made /);
    expect(await a11yViolations(element)).to.deep.equal([]);

    button(root(element), 'Copy').click();
    // Copied, or (no clipboard permission) selected for the user to copy.
    await waitUntil(() => status(element) === 'Copied.' || secret.selectionEnd === secret.value.length, 'not copied');
    button(root(element), 'Done').click();
    await element.updateComplete;
    expect(root(element).querySelector('#secret')).to.be.null;
  });

  it('edits a recipient: the form starts from it and sends a PATCH', async () => {
    const list = await loadFixture<RecipientList>('available', 'notifications/recipients');
    const crm = list.items.find((r) => r.name === 'CRM')!;
    const saved = await loadFixture<RecipientSaved>('available', `notifications/recipients/${crm.id}.patch`);
    const element = await ready('available');
    button(rowOf(element, 'CRM'), 'Edit').click();
    await waitUntil(() => dialog(element, 'form').open, 'the form did not open');
    expect(textOf(root(element).getElementById('form-title'))).to.equal('Edit recipient');
    expect((root(element).getElementById('address') as HTMLInputElement).value).to.equal(crm.address);
    const checked = (id: string) => [...root(element).querySelectorAll<HTMLInputElement>(`#${id} input[type="checkbox"]`)].filter((c) => c.checked).map((c) => textOf(c.parentElement));
    expect(checked('kinds')).to.deep.equal(['New lead']);

    type(root(element).getElementById('name') as HTMLInputElement, 'CRM (Austin office)');
    [...root(element).querySelectorAll<HTMLInputElement>('#kinds input')].find((c) => textOf(c.parentElement) === 'Return decided')!.click();
    submit(element);
    await waitUntil(() => !dialog(element, 'form').open, 'the form stayed open');
    const [patch] = sent('PATCH', new RegExp(`/notifications/recipients/${crm.id}$`));
    expect(await patch!.clone().json()).to.include({ name: 'CRM (Austin office)', channel: 'webhook', address: crm.address });
    expect((await patch!.clone().json()).kinds).to.deep.equal(['lead.purchased', 'return.decided']);
    expect(rowOf(element, saved.recipient.name)).to.exist;
    expect(status(element)).to.equal(`${saved.recipient.name} saved.`);
  });

  it('turns a recipient off with its switch, sends tests and shows each result', async () => {
    const element = await ready('available');
    const toggle = rowOf(element, 'Sales desk').querySelector<HTMLInputElement>('[role="switch"]')!;
    expect(toggle.checked).to.be.true;
    toggle.click();
    await waitUntil(() => status(element) === 'Sales desk turned off.', 'not turned off');
    expect(rowOf(element, 'Sales desk').querySelector<HTMLInputElement>('[role="switch"]')!.checked).to.be.false;
    expect(await sent('PATCH', /recipients\/rcp_/)[0]!.clone().json()).to.deep.equal({ enabled: false });

    const cases: [string, string][] = [
      ['CRM', 'Test sent to CRM: answered 200.'],
      ['Zapier', 'Test to Zapier failed: The receiver answered 500'],
      ['Sales desk', 'Test to Sales desk failed: Email is not configured on this server (SMTP_URL)'],
    ];
    for (const [name, result] of cases) {
      button(rowOf(element, name), 'Send test').click();
      await waitUntil(() => status(element) === result, `no result for ${name}`);
    }
    expect(sent('POST', /\/test$/)).to.have.length(3);
  });

  it('removes a recipient only after confirmation', async () => {
    const list = await loadFixture<RecipientList>('available', 'notifications/recipients');
    const inbox = list.items.find((r) => r.name === 'Old inbox')!;
    const element = await ready('available');
    button(rowOf(element, inbox.name), 'Delete').click();
    await waitUntil(() => dialog(element, 'confirm').open, 'no confirmation');
    expect(textOf(dialog(element, 'confirm').querySelector('p'))).to.equal('Old inbox gets no more notices; its log stays.');
    expect(await a11yViolations(element)).to.deep.equal([]);
    button(dialog(element, 'confirm'), 'Cancel').click();
    expect(sent('DELETE', /./)).to.have.length(0);

    button(rowOf(element, inbox.name), 'Delete').click();
    button(dialog(element, 'confirm'), 'Remove').click();
    await waitUntil(() => !rowOf(element, inbox.name), 'still listed');
    expect(path(sent('DELETE', /./)[0]!)).to.equal(`/notifications/recipients/${inbox.id}`);
    expect(status(element)).to.equal('Old inbox removed.');
    expect(hasFocus(root(element).querySelector('[part="create"]')!)).to.be.true;
  });

  it('rotates the signing secret after confirmation and shows the new one once', async () => {
    const rotated = await loadFixture<RotatedSecret>('available', 'notifications/signing-secret/rotate.post');
    const element = await ready('available');
    button(root(element), 'Rotate secret').click();
    await waitUntil(() => dialog(element, 'confirm').open, 'no confirmation');
    button(dialog(element, 'confirm'), 'Rotate').click();
    const secret = await shadowQuery<HTMLInputElement>(element, '#secret');
    expect(secret.value).to.equal(rotated.secret);
    expect(textOf(root(element).getElementById('secret-status'))).to.contain('The previous one also signs until Nov 27, 2026, 12:00 PM.');
  });

  it('shows a viewer the recipients and the log without any write control', async () => {
    const list = await loadFixture<RecipientList>('read-only', 'notifications/recipients');
    const element = await ready('read-only');
    expect(rows(element)).to.have.length(list.items.length);
    expect(textOf(root(element).querySelector('.row .muted'))).to.equal('Your role may view these settings, not change them.');
    for (const selector of ['[part="create"]', '[role="switch"]', 'dialog']) expect(root(element).querySelector(selector), selector).to.be.null;
    for (const label of ['Edit', 'Send test', 'Delete', 'Rotate secret']) expect(button(root(element), label), label).to.be.undefined;
    expect(textOf(rowOf(element, 'Job board').querySelector('.chip'))).to.equal('Off');
    expect(textOf(root(element).getElementById('log'))).to.equal('No deliveries yet.');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('shows an error with a retry, and loads on retry', async () => {
    const element = await mount('available', { fail: 'server-error', failures: 1 });
    const retry = await shadowQuery<HTMLButtonElement>(element, '[role="alert"] button');
    expect(textOf(retry)).to.equal('Try again');
    expect(await a11yViolations(element)).to.deep.equal([]);
    retry.click();
    await waitUntil(() => rows(element).length > 0, 'not loaded on retry');
  });

  it('works from the keyboard: open the form, close it with Escape, focus back on the button', async () => {
    const element = await ready('archived');
    const create = root(element).querySelector<HTMLButtonElement>('[part="create"]')!;
    create.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => dialog(element, 'form').open, 'Enter did not open the form');
    expect(hasFocus(root(element).getElementById('name')!)).to.be.true;
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog(element, 'form').open, 'Escape did not close the form');
    expect(hasFocus(create)).to.be.true;
  });
});

describe('<lp-notifications> in other languages', () => {
  afterEach(() => useLocale('en'));

  it('switches between Spanish, French and English with its locale', async () => {
    const list = await loadFixture<RecipientList>('available', 'notifications/recipients');
    const phone = list.items.find((r) => r.channel === 'sms')!;
    transport = notificationsTransport('available');
    const element = await fixture<LpNotifications>(html`<lp-notifications token=${fakeToken()} customer-id="available" locale="es-MX" .transport=${transport}></lp-notifications>`);
    const caption = () => textOf(root(element).querySelector('#recipients'));
    const channelOf = () => textOf(rowOf(element, phone.name).querySelector('td'));
    const statuses = () => new Set(logRows(element).map((row) => textOf(row.querySelector('.chip'))));
    await waitUntil(() => caption() === 'Destinatarios' && logRows(element).length, 'no Spanish');
    expect(channelOf()).to.equal('SMS');
    expect(statuses()).to.contain('Reintentando');
    expect(textOf(root(element).querySelector('[part="create"]'))).to.equal('Agregar destinatario');
    expect(await a11yViolations(element)).to.deep.equal([]);

    element.locale = 'fr-CA';
    await waitUntil(() => caption() === 'Destinataires', 'no French');
    expect(channelOf()).to.equal('Texto');
    expect(statuses()).to.contain('Nouvelle tentative');

    element.locale = 'en-US';
    await waitUntil(() => caption() === 'Recipients', 'English did not come back');
    expect(channelOf()).to.equal('Text message');
  });
});
