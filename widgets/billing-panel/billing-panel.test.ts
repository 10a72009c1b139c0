import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Session } from '../core/api.js';
import { useLocale } from '../core/i18n.js';
import { a11yViolations } from '../core/testing/axe.js';
import { hasFocus, shadowQuery, shadowText, textOf } from '../core/testing/dom.js';
import { money } from '../core/testing/expected.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { loadFixture, type FixtureTransport } from '../core/testing/fixture-transport.js';
import { depositPolling } from './add-funds.js';
import './billing-panel.js';
import type { LpBillingPanel } from './billing-panel.js';
import type { BillingConfig, Payment, PaymentMethodList, TransactionList } from './billing-types.js';
import { billingTransport, type BillingFixtureOptions } from './testing/billing-transport.js';
import { stripeDouble, type StripeDouble, type StripeDoubleOptions } from './testing/stripe-double.js';

let transport: FixtureTransport;
let stripe: StripeDouble;

async function mount(scenario: string, options: BillingFixtureOptions & { stripe?: StripeDoubleOptions } = {}) {
  transport = billingTransport(scenario, options);
  stripe = stripeDouble(options.stripe);
  return fixture<LpBillingPanel>(
    html`<lp-billing-panel token=${fakeToken()} locale="en-US" .transport=${transport} .stripeLoader=${stripe.load}></lp-billing-panel>`,
  );
}

/** Loaded: the transactions, and for those who may add funds, the lazily loaded add-funds form. */
async function loaded(element: LpBillingPanel) {
  await shadowQuery(element, '#tx-caption');
  if (element.shadowRoot!.querySelector('form.auto')) await shadowQuery(element, 'form.funds');
}
const $ = <E extends Element = HTMLElement>(element: LpBillingPanel, selector: string) => element.shadowRoot!.querySelector<E>(selector)!;
const path = (request: Request) => new URL(request.url).pathname.replace('/api/v1', '');
const sent = (method: string, route: string) => transport.requests.filter((r) => r.method === method && path(r) === route);
const cardName = (brand: string, last4: string) => `${brand} ending in ${last4}`;
const feeOf = (cents: number, bps: number) => Math.round((cents * bps) / 10_000);

async function type(input: HTMLInputElement, text: string) {
  input.focus();
  input.select();
  await sendKeys({ press: 'Backspace' });
  if (text) await sendKeys({ type: text });
}

async function chooseOther(element: LpBillingPanel, text: string) {
  $(element, 'input[name="preset"][value="other"]').click();
  const input = await shadowQuery<HTMLInputElement>(element, '#funds-other');
  await waitUntil(() => hasFocus(input), 'the amount input gets focus');
  await type(input, text);
}

describe('<lp-billing-panel>', () => {
  const polling = { ...depositPolling };
  before(() => Object.assign(depositPolling, { tries: 3, intervalMs: 10 }));
  after(() => Object.assign(depositPolling, polling));

  it('shows a skeleton while loading', async () => {
    const element = await mount('available', { delayMs: Infinity });
    expect(element.shadowRoot!.querySelector('.skeleton')).to.exist;
    expect(shadowText(element)).to.contain('Loading billing…');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('lists cards with brand, last 4, expiry and the default; presets, fee and transactions', async () => {
    const [cards, billing, transactions] = await Promise.all([
      loadFixture<PaymentMethodList>('available', 'payment-methods'),
      loadFixture<BillingConfig>('available', 'billing'),
      loadFixture<TransactionList>('available', 'transactions'),
    ]);
    const element = await mount('available');
    await loaded(element);

    const items = [...element.shadowRoot!.querySelectorAll('.payment-method')];
    expect(items.map((item) => textOf(item.querySelector('.payment-method__name')))).to.deep.equal([cardName('Visa', '4242'), cardName('Mastercard', '4444')]);
    expect(textOf(items[0])).to.contain(`Expires ${String(cards.items[0]!.exp_month).padStart(2, '0')}/${cards.items[0]!.exp_year}`);
    expect(textOf(items[0]!.querySelector('.chip'))).to.equal('Default');
    expect(items[1]!.querySelector('.chip')).to.be.null;

    const presets = [...element.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="preset"]')];
    expect(presets.map((p) => textOf(p.parentElement))).to.deep.equal([...billing.presets_cents.map((c) => money(c)), 'Other amount']);
    const chosen = billing.presets_cents[1]!;
    const fee = feeOf(chosen, billing.deposit_fee_bps);
    expect(textOf($(element, '#funds-summary'))).to.equal(
      `Your card is charged ${money(chosen + fee)}: ${money(chosen)} plus a ${money(fee)} fee. Your wallet receives ${money(chosen)}.`,
    );
    expect(textOf($(element, 'form.funds button[type="submit"]'))).to.equal(`Add ${money(chosen)}`);

    const rows = [...element.shadowRoot!.querySelectorAll('tbody tr')];
    expect(rows).to.have.length(transactions.items.length);
    const first = transactions.items[0]!;
    expect(textOf(rows[0]!.querySelector('th'))).to.equal('Funds added');
    expect(textOf(rows[0]!.querySelector('[part="amount"]'))).to.equal(`+${money(first.amount_cents)}`);
    expect(textOf(rows[0]!.querySelector('td:last-child'))).to.equal(money(first.balance_after_cents));
    const purchase = transactions.items.findIndex((t) => t.lead_id);
    expect(textOf(rows[purchase])).to.contain(transactions.items[purchase]!.description);
    expect(rows[purchase]!.querySelector('a'), 'no lead link without lead-href').to.be.null;
    expect(textOf(rows[purchase]!.querySelector('[part="amount"]'))).to.equal(money(transactions.items[purchase]!.amount_cents));
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('links leads when lead-href is set', async () => {
    const transactions = await loadFixture<TransactionList>('available', 'transactions');
    const element = await mount('available');
    element.leadHref = '/app/leads/{id}';
    await loaded(element);
    const lead = transactions.items.find((t) => t.lead_id)!.lead_id!;
    await waitUntil(() => element.shadowRoot!.querySelector(`a[href="/app/leads/${lead}"]`), 'the lead is a link');
    expect(textOf(element.shadowRoot!.querySelector(`a[href="/app/leads/${lead}"]`))).to.equal('View lead');
  });

  it('shows an error with a retry, and loads on retry', async () => {
    const element = await mount('available', { fail: 'server-error', failures: 1 });
    const retry = await shadowQuery<HTMLButtonElement>(element, '[role="alert"] button');
    expect(textOf(retry)).to.equal('Try again');
    expect(await a11yViolations(element)).to.deep.equal([]);
    retry.click();
    await loaded(element);
  });

  it('adds a card through the Payment Element, mounted in light DOM (D31), and saves it', async () => {
    const setup = await loadFixture<{ setup_intent_id: string; client_secret: string; publishable_key: string }>('available', 'payment-methods/setup-intent.post');
    const element = await mount('available');
    await loaded(element);
    $(element, '[data-add-card]').click();
    const dialog = await shadowQuery<HTMLDialogElement>(element, 'dialog.card-dialog');
    await waitUntil(() => dialog.open && stripe.mountedInto, 'the card form is mounted');
    const node = stripe.mountedInto!;
    expect(node.getRootNode() === document, 'the mount node is in the document, not a shadow root').to.be.true;
    expect(node.parentElement === element && node.slot === 'card-element').to.be.true;
    expect(stripe.calls.find((c) => c.method === 'loadStripe')!.args).to.deep.equal([setup.publishable_key]);
    expect(stripe.calls.find((c) => c.method === 'elements')!.args[0]).to.deep.include({ clientSecret: setup.client_secret });
    const save = $(element, '[data-save-card]');
    await waitUntil(() => save.getAttribute('aria-disabled') === null, 'save waits for the element to be ready');
    expect(await a11yViolations(element)).to.deep.equal([]);

    save.click();
    await waitUntil(() => !dialog.open, 'the dialog closes');
    expect(stripe.calls.some((c) => c.method === 'confirmSetup')).to.be.true;
    const [saveRequest] = sent('POST', '/payment-methods');
    expect(await saveRequest!.json()).to.deep.equal({ setup_intent_id: setup.setup_intent_id });
    expect(node.isConnected, 'the mount node is removed').to.be.false;
    expect(element.shadowRoot!.querySelectorAll('.payment-method')).to.have.length(3);
    await waitUntil(() => hasFocus($(element, '[data-add-card]')), 'focus returns to "Add a card"');
    expect(textOf($(element, '.visually-hidden[role="status"]'))).to.match(/ending in \d{4} saved\.$/);
  });

  it('shows Stripe’s message when the card is refused, and a clear one when Stripe.js cannot load', async () => {
    let element = await mount('available', { stripe: { setupError: 'Your card number is incomplete.' } });
    await loaded(element);
    $(element, '[data-add-card]').click();
    const save = await shadowQuery(element, '[data-save-card]');
    await waitUntil(() => save.getAttribute('aria-disabled') === null, 'ready');
    save.click();
    await waitUntil(() => textOf(element.shadowRoot!.querySelector('dialog [role="alert"]')) === 'Your card number is incomplete.');
    expect(sent('POST', '/payment-methods')).to.have.length(0);

    element = await mount('available', { stripe: { unavailable: true } });
    await loaded(element);
    $(element, '[data-add-card]').click();
    await waitUntil(() => textOf(element.shadowRoot!.querySelector('dialog [role="alert"]')) === 'The card form could not be loaded. Check your connection and try again.');
  });

  it('adds funds: a typed amount as exact cents, the fee before confirming, then follows the payment until credited', async () => {
    const [billing, cards, started] = await Promise.all([
      loadFixture<BillingConfig>('available', 'billing'),
      loadFixture<PaymentMethodList>('available', 'payment-methods'),
      loadFixture<Payment>('available', 'deposits.post'),
    ]);
    const element = await mount('available');
    await loaded(element);
    await chooseOther(element, '$150.50');
    const fee = feeOf(15_050, billing.deposit_fee_bps);
    expect(textOf($(element, '#funds-summary'))).to.contain(`Your card is charged ${money(15_050 + fee)}: ${money(15_050)} plus a ${money(fee)} fee.`);

    const added = oneEvent(element, 'lp-funds-added');
    $(element, 'form.funds button[type="submit"]').click();
    expect((await added).detail).to.deep.equal({ payment_id: started.id, amount_cents: started.amount_cents });
    const [request] = sent('POST', '/deposits');
    expect(await request!.clone().json()).to.deep.equal({ amount_cents: 15_050, payment_method_id: cards.items.find((c) => c.is_default)!.id });
    expect(request!.headers.get('Idempotency-Key')).to.match(/^[\w-]{36}$/);
    expect(sent('GET', `/deposits/${started.id}`).length).to.be.greaterThan(0);
    expect(textOf($(element, '.outcome'))).to.equal(`${money(started.amount_cents)} added to your wallet.`);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('checks a typed amount against the provider’s bounds before charging', async () => {
    const billing = await loadFixture<BillingConfig>('available', 'billing');
    const element = await mount('available');
    await loaded(element);
    await chooseOther(element, '5');
    $(element, 'form.funds button[type="submit"]').click();
    const error = await shadowQuery(element, '#funds-other-error');
    expect(textOf(error)).to.equal(`Enter an amount from ${money(billing.min_deposit_cents)} to ${money(billing.max_deposit_cents)}`);
    await waitUntil(() => hasFocus($(element, '#funds-other')), 'the amount gets focus');
    await type($(element, '#funds-other'), '12.345');
    $(element, 'form.funds button[type="submit"]').click();
    await waitUntil(() => textOf(element.shadowRoot!.querySelector('#funds-other-error')) === 'Enter an amount such as 250.50');
    expect(sent('POST', '/deposits')).to.have.length(0);
  });

  it('shows Stripe’s message when the card is declined, and fires nothing', async () => {
    const declined = await loadFixture<Payment>('available', 'deposits/declined.post');
    const element = await mount('available', { deposit: 'declined' });
    await loaded(element);
    let fired = false;
    element.addEventListener('lp-funds-added', () => (fired = true));
    $(element, 'form.funds button[type="submit"]').click();
    await waitUntil(() => $(element, '.outcome').dataset['phase'] === 'failed', 'the payment fails');
    expect(textOf($(element, '.outcome'))).to.equal(`The payment did not go through: ${declined.failure_message}`);
    expect($(element, '.outcome').getAttribute('role')).to.equal('alert');
    expect(fired).to.be.false;
  });

  it('finishes 3-D Secure through Stripe.js with the payment’s client secret, then confirms', async () => {
    const action = await loadFixture<Payment>('available', 'deposits/three-d-secure.post');
    const element = await mount('available', { deposit: 'three-d-secure' });
    await loaded(element);
    const added = oneEvent(element, 'lp-funds-added');
    $(element, 'form.funds button[type="submit"]').click();
    expect((await added).detail.payment_id).to.equal(action.id);
    expect(stripe.calls.find((c) => c.method === 'handleNextAction')!.args).to.deep.equal([{ clientSecret: action.client_secret }]);
    expect(textOf($(element, '.outcome'))).to.equal(`${money(action.amount_cents)} added to your wallet.`);
  });

  it('says a cancelled 3-D Secure did not go through', async () => {
    const element = await mount('available', { deposit: 'three-d-secure', stripe: { nextActionError: 'We are unable to authenticate your payment method.' } });
    await loaded(element);
    $(element, 'form.funds button[type="submit"]').click();
    await waitUntil(() => textOf(element.shadowRoot!.querySelector('.outcome')) === 'The payment did not go through: We are unable to authenticate your payment method.');
  });

  it('says a payment is still processing when the confirmation takes longer than it waits', async () => {
    const element = await mount('available', { deposit: 'processing' });
    await loaded(element);
    let fired = false;
    element.addEventListener('lp-funds-added', () => (fired = true));
    $(element, 'form.funds button[type="submit"]').click();
    await waitUntil(() => $(element, '.outcome').dataset['phase'] === 'processing', 'processing');
    expect(textOf($(element, '.outcome'))).to.contain('is processing; your wallet is credited once Stripe confirms it');
    const processing = await loadFixture<Payment>('available', 'deposits/processing.post');
    expect(sent('GET', `/deposits/${processing.id}`)).to.have.length(depositPolling.tries);
    expect(fired).to.be.false;
  });

  it('removes a card only after confirming, and makes another the default', async () => {
    const element = await mount('available');
    await loaded(element);
    const mastercard = $(element, '.payment-method:nth-child(2)');
    const id = mastercard.dataset['card']!;
    mastercard.querySelector<HTMLElement>('[data-default]')!.click();
    await waitUntil(() => textOf($(element, '.payment-method:first-child .payment-method__name')) === cardName('Mastercard', '4444'), 'mastercard is first');
    expect(textOf($(element, '.payment-method:first-child .chip'))).to.equal('Default');
    expect(sent('POST', `/payment-methods/${id}/default`)).to.have.length(1);

    const remove = $(element, `[data-card="${id}"] [data-remove]`);
    expect(remove.getAttribute('aria-label')).to.equal(`Remove ${cardName('Mastercard', '4444')}`);
    remove.click();
    const confirm = $<HTMLDialogElement>(element, 'dialog.confirm');
    await waitUntil(() => confirm.open, 'the confirmation opens');
    expect(textOf(confirm)).to.contain(cardName('Mastercard', '4444'));
    expect(await a11yViolations(element)).to.deep.equal([]);
    confirm.querySelector<HTMLElement>('.dialog-actions .button:not(.danger-solid)')!.click();
    await waitUntil(() => !confirm.open);
    expect(sent('DELETE', `/payment-methods/${id}`)).to.have.length(0);

    remove.click();
    await waitUntil(() => confirm.open);
    $(element, '[data-confirm]').click();
    await waitUntil(() => element.shadowRoot!.querySelectorAll('.payment-method').length === 1, 'the card is gone');
    expect(sent('DELETE', `/payment-methods/${id}`)).to.have.length(1);
    expect(textOf($(element, '.payment-method .chip'))).to.equal('Default');
    expect(textOf($(element, '.visually-hidden[role="status"]'))).to.equal(`${cardName('Mastercard', '4444')} removed.`);
  });

  it('checks auto-recharge as the server does, then saves it', async () => {
    const billing = await loadFixture<BillingConfig>('available', 'billing');
    const element = await mount('available');
    await loaded(element);
    const input = (name: string) => $<HTMLInputElement>(element, `form.auto [name="${name}"]`);
    input('enabled').click();
    await type(input('threshold_cents'), 'abc');
    await type(input('amount_cents'), '5');
    $(element, 'form.auto button[type="submit"]').click();
    await waitUntil(() => element.shadowRoot!.querySelector('#auto-threshold_cents-error'), 'errors show');
    expect(textOf($(element, '#auto-threshold_cents-error'))).to.equal('Enter 0 or more, such as 100.50');
    expect(textOf($(element, '#auto-amount_cents-error'))).to.equal(`Enter an amount from ${money(billing.min_deposit_cents)} to ${money(billing.max_deposit_cents)}`);
    await waitUntil(() => hasFocus(input('threshold_cents')), 'the first invalid field gets focus');
    expect(sent('PUT', '/auto-recharge')).to.have.length(0);

    await type(input('threshold_cents'), '200');
    await type(input('amount_cents'), '500');
    const fee = feeOf(50_000, billing.deposit_fee_bps);
    expect(textOf($(element, '#auto-fee'))).to.equal(`Each recharge adds ${money(50_000)} to your wallet and charges your card ${money(50_000 + fee)} (a ${money(fee)} fee).`);
    $(element, 'form.auto button[type="submit"]').click();
    await waitUntil(() => textOf($(element, '.visually-hidden[role="status"]')) === 'Auto-recharge saved.');
    expect(await sent('PUT', '/auto-recharge')[0]!.json()).to.deep.equal({ enabled: true, threshold_cents: 20_000, amount_cents: 50_000, payment_method_id: null });
    expect(input('enabled').checked).to.be.true;
    expect(input('amount_cents').value).to.equal('500.00');
  });

  it('loads more transactions with the cursor, filters by type, and exports CSV with progress', async () => {
    const [first, second] = await Promise.all([
      loadFixture<TransactionList>('available', 'transactions'),
      loadFixture<TransactionList>('available', 'transactions/page-2'),
    ]);
    const element = await mount('available');
    await loaded(element);
    $(element, '[data-more]').click();
    await waitUntil(() => element.shadowRoot!.querySelectorAll('tbody tr').length === first.items.length + second.items.length, 'the second page is added');
    const more = sent('GET', '/transactions').at(-1)!;
    expect(new URL(more.url).searchParams.get('cursor')).to.equal(first.next_cursor);
    expect(element.shadowRoot!.querySelector('[data-more]'), 'no more pages').to.be.null;

    $<HTMLSelectElement>(element, '#tx-type').value = 'lead_assigned';
    $(element, 'form.filters button[type="submit"]').click();
    await waitUntil(() => new URL(sent('GET', '/transactions').at(-1)!.url).searchParams.get('type') === 'lead_assigned', 'the filter is sent');

    $(element, '[data-export]').click();
    await waitUntil(() => /^Exported [\d.]+ kB\.$/.test(textOf($(element, '.feedback')) ?? ''), 'the export finishes');
    expect(sent('GET', '/transactions/export')).to.have.length(1);
    expect(new URL(sent('GET', '/transactions/export')[0]!.url).searchParams.get('type')).to.equal('lead_assigned');
  });

  it('refuses a date range that ends before it starts', async () => {
    const element = await mount('available');
    await loaded(element);
    $<HTMLInputElement>(element, '#tx-from').value = '2026-11-20';
    $<HTMLInputElement>(element, '#tx-to').value = '2026-11-10';
    const before = sent('GET', '/transactions').length;
    $(element, 'form.filters button[type="submit"]').click();
    await waitUntil(() => element.shadowRoot!.querySelector('#tx-to-error'));
    expect(textOf($(element, '#tx-to-error'))).to.equal('Pick a date on or after the start date');
    expect(sent('GET', '/transactions')).to.have.length(before);
  });

  for (const [scenario, role] of [['limited', 'buyer'], ['read-only', 'viewer']] as const) {
    it(`is read-only for a ${role}: cards and settings shown, nothing to change`, async () => {
      const session = await loadFixture<Session>(scenario, 'session');
      expect(session.active_customer.role).to.equal(role);
      const element = await mount(scenario);
      await loaded(element);
      expect(shadowText(element)).to.contain('Only an admin or billing user can add cards and funds.');
      expect(element.shadowRoot!.querySelectorAll('.payment-method')).to.have.length(1);
      for (const selector of ['[data-add-card]', '[data-remove]', '[data-default]', 'form.funds', 'form.auto', 'dialog']) {
        expect(element.shadowRoot!.querySelector(selector), selector).to.be.null;
      }
      expect(textOf($(element, '.auto-summary'))).to.equal('Off.');
      expect(element.shadowRoot!.querySelectorAll('tbody tr').length).to.be.greaterThan(0);
      expect(await a11yViolations(element)).to.deep.equal([]);
    });
  }

  it('says card payments are not set up by the provider, and still shows transactions', async () => {
    const [session, transactions] = await Promise.all([loadFixture<Session>('tiers-off', 'session'), loadFixture<TransactionList>('tiers-off', 'transactions')]);
    const element = await mount('tiers-off');
    await loaded(element);
    expect(textOf($(element, '.not-configured'))).to.equal(
      `Card payments are not set up yet. To add cards or funds, contact ${session.provider.name}.`,
    );
    for (const selector of ['[data-add-card]', 'form.funds', 'form.auto']) expect(element.shadowRoot!.querySelector(selector), selector).to.be.null;
    expect(element.shadowRoot!.querySelectorAll('tbody tr')).to.have.length(transactions.items.length);
    expect(stripe.calls, 'Stripe.js is never loaded').to.deep.equal([]);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('has no add button, and says why, when the provider does not allow adding cards', async () => {
    // The recorded reply with the provider's `allow_adding_cards: false` applied (the only field it changes).
    const billing = { ...(await loadFixture<BillingConfig>('available', 'billing')), can_add_cards: false };
    const replay = billingTransport('available');
    const element = await fixture<LpBillingPanel>(html`<lp-billing-panel token=${fakeToken()} .transport=${(request: Request) =>
      new URL(request.url).pathname.endsWith('/billing') ? Promise.resolve(Response.json(billing)) : replay(request)}></lp-billing-panel>`);
    await loaded(element);
    expect(element.shadowRoot!.querySelector('[data-add-card]')).to.be.null;
    expect(shadowText(element)).to.contain('Contact Acme Leads to change your cards.');
  });
});

describe('<lp-billing-panel> in other languages', () => {
  afterEach(() => useLocale('en'));

  it('switches between Spanish, French and English with its locale, its lazily loaded parts too', async () => {
    transport = billingTransport('available');
    stripe = stripeDouble();
    const element = await fixture<LpBillingPanel>(
      html`<lp-billing-panel token=${fakeToken()} locale="es-MX" .transport=${transport} .stripeLoader=${stripe.load}></lp-billing-panel>`,
    );
    await loaded(element);
    const text = (selector: string) => textOf($(element, selector));
    const firstCard = () => textOf(element.shadowRoot!.querySelector('.payment-method__name'));
    await waitUntil(() => text('#cards-title') === 'Métodos de pago', 'no Spanish');
    expect(firstCard()).to.equal('Visa terminada en 4242');
    expect(text('#funds-title')).to.equal('Agregar fondos');
    expect(text('#tx-caption')).to.equal('Transacciones de la billetera, las más recientes primero');
    expect(await a11yViolations(element)).to.deep.equal([]);

    element.locale = 'fr-CA';
    await waitUntil(() => text('#cards-title') === 'Modes de paiement', 'no French');
    expect(firstCard()).to.equal('Visa se terminant par 4242');
    expect(text('#auto-title')).to.equal('Recharge automatique');

    element.locale = 'en-US';
    await waitUntil(() => text('#cards-title') === 'Payment methods', 'English did not come back');
    expect(firstCard()).to.equal(cardName('Visa', '4242'));
  });
});
