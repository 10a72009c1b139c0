import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { components } from '../core/api-types.js';
import { useLocale } from '../core/i18n.js';
import { a11yViolations } from '../core/testing/axe.js';
import { shadowText, textOf } from '../core/testing/dom.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport, loadFixture } from '../core/testing/fixture-transport.js';
import './marketplace.js';
import type { LpMarketplace } from './marketplace.js';

type Schemas = components['schemas'];

async function mount(scenario: string) {
  const transport = fixtureTransport(scenario);
  const element = await fixture<LpMarketplace>(html`<lp-marketplace token=${fakeToken()} customer-id=${scenario} .transport=${transport}></lp-marketplace>`);
  await waitUntil(() => element.shadowRoot!.querySelector('.tiles, .empty'), 'no listings shown');
  return { element, transport };
}

const root = (element: LpMarketplace) => element.shadowRoot!;
const tiles = (element: LpMarketplace) => [...root(element).querySelectorAll<HTMLElement>('[part="tile"]')];
const tileOf = (element: LpMarketplace, id: string) => root(element).querySelector<HTMLElement>(`[data-id="${id}"]`);
const button = (scope: ParentNode, label: string) => [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b)?.startsWith(label))!;
const dialog = (element: LpMarketplace) => root(element).querySelector<HTMLDialogElement>('dialog.confirm')!;
const posts = (transport: ReturnType<typeof fixtureTransport>, path: RegExp) => transport.requests.filter((r) => r.method === 'POST' && path.test(new URL(r.url).pathname));

describe('<lp-marketplace>', () => {
  it('shows the open listings with their prices computed from the server’s clock, and no contact details (D20)', async () => {
    const reply = await loadFixture<Schemas['MarketplaceListingList']>('available', 'marketplace/listings');
    const { element } = await mount('available');
    expect(tiles(element).length).to.equal(reply.items.length);
    const travis = reply.items.find((l) => l.preview['zip'] === '78701')!;
    const tile = tileOf(element, travis.id)!;
    // Listed 20 minutes before server_time: $25.00 less one $2.50 step.
    expect(textOf(tile.querySelector('[part="price"]'))).to.equal('$22.50');
    expect(textOf(tile)).to.contain('Travis County, TX').and.contain('Floor $5.00').and.contain('$20.00 at');
    expect(textOf(tile)).not.to.contain('Di'); // the first name is never previewed
    expect(textOf(tile)).to.contain('Roof age (years)12');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('a listing arriving on the event stream animates in without a reload and is announced; a sold one leaves', async () => {
    const { element, transport } = await mount('available');
    await waitUntil(() => transport.streams.length === 1, 'no event stream');
    const before = tiles(element).length;
    const loads = transport.requests.length;
    const { listing } = await loadFixture<Schemas['MarketplaceListingReply']>('available', 'marketplace/live-listing');

    transport.push('marketplace.listed', listing);
    await waitUntil(() => tileOf(element, listing.id), 'the new listing did not appear');
    expect(tiles(element)[0]!.dataset['id']).to.equal(listing.id);
    expect(tiles(element).length).to.equal(before + 1);
    expect(transport.requests.length, 'no refetch for a pushed listing').to.equal(loads);
    await waitUntil(() => shadowText(element).includes('1 new listing'), 'not announced', { timeout: 7_000 });

    transport.push('marketplace.sold', { listing_id: listing.id, sold_count: 1, max_sales: 1, status: 'sold' });
    await waitUntil(() => !tileOf(element, listing.id), 'the sold listing stayed');
    expect(await a11yViolations(element)).to.deep.equal([]);
    element.remove();
    expect(transport.streams[0]!.signal.aborted).to.be.true;
  });

  it('buys after a confirmation naming the price, with an idempotency key, then offers the lead', async () => {
    const reply = await loadFixture<Schemas['MarketplaceListingList']>('available', 'marketplace/listings');
    const travis = reply.items.find((l) => l.preview['zip'] === '78701')!;
    const { element, transport } = await mount('available');
    button(tileOf(element, travis.id)!, 'Buy now').click();
    await waitUntil(() => dialog(element).open, 'no confirmation');
    expect(textOf(dialog(element))).to.contain('$22.50');
    expect(await a11yViolations(element)).to.deep.equal([]);

    const purchased = oneEvent(element, 'lp-purchase');
    button(dialog(element), 'Buy for $22.50').click();
    const { detail } = await purchased;
    expect(detail).to.include({ listing_id: travis.id, price_cents: 2_250 });
    const [request] = posts(transport, /\/buy$/);
    expect(request!.headers.get('Idempotency-Key')).to.match(/^[\w-]{20,}$/);
    await waitUntil(() => !dialog(element).open && !tileOf(element, travis.id));
    expect(shadowText(element)).to.contain('Bought for $22.50.');
    const navigated = oneEvent(element, 'lp-navigate');
    button(root(element), 'View lead').click();
    expect((await navigated).detail).to.deep.equal({ section: 'leads', item: detail.lead_id });
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('says a lead sold to someone else is gone and drops it', async () => {
    const reply = await loadFixture<Schemas['MarketplaceListingList']>('available', 'marketplace/listings');
    const sold = reply.items.find((l) => l.preview['zip'] === '78702')!;
    const { element } = await mount('available');
    button(tileOf(element, sold.id)!, 'Buy now').click();
    await waitUntil(() => button(dialog(element), 'Buy for'), 'no confirmation');
    button(dialog(element), 'Buy for').click();
    await waitUntil(() => root(element).querySelector('[role="alert"]'), 'no error');
    expect(textOf(root(element).querySelector('[role="alert"]'))).to.equal('This lead has already been sold');
    expect(tileOf(element, sold.id)).to.be.null;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('sends a customer without the funds to billing', async () => {
    const { element } = await mount('exhausted');
    button(tiles(element).find((t) => textOf(t)?.includes('Shared'))!, 'Buy now').click();
    await waitUntil(() => button(dialog(element), 'Buy for'), 'no confirmation');
    button(dialog(element), 'Buy for').click();
    await waitUntil(() => root(element).querySelector('[role="alert"]'), 'no error');
    expect(textOf(root(element).querySelector('[role="alert"]'))).to.contain('Not enough available funds');
    const navigated = oneEvent(element, 'lp-navigate');
    button(root(element).querySelector('[role="alert"]')!, 'Add funds').click();
    expect((await navigated).detail).to.deep.equal({ section: 'billing' });
  });

  it('shows a viewer the listings without buy controls', async () => {
    const { element } = await mount('read-only');
    await waitUntil(() => shadowText(element).includes('not buy'));
    expect(root(element).querySelector('[part="buy"]')).to.be.null;
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('lists buy orders with their progress, creates one and cancels one', async () => {
    const orders = await loadFixture<Schemas['StandingOrderList']>('available', 'marketplace/standing-orders');
    const { element, transport } = await mount('available');
    const ordersTab = root(element).querySelector<HTMLButtonElement>('#tab-orders')!;
    ordersTab.focus();
    root(element).querySelector<HTMLButtonElement>('#tab-listings')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await waitUntil(() => root(element).querySelector('tbody tr'), 'no orders');
    expect(ordersTab.getAttribute('aria-selected')).to.equal('true');
    const open = orders.items.find((o) => o.status === 'open')!;
    const rows = [...root(element).querySelectorAll('tbody tr')];
    expect(rows.length).to.equal(orders.items.length);
    expect(textOf(rows[0])).to.contain(`${open.filled} of ${open.quantity}`).and.contain('Open');
    expect(await a11yViolations(element)).to.deep.equal([]);

    button(root(element), 'New buy order').click();
    const form = root(element).querySelector('lp-order-form')!;
    await waitUntil(() => form.shadowRoot?.querySelector('dialog')?.open, 'the form did not open');
    const f = form.shadowRoot!;
    f.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => f.querySelector('#max_price_cents-error'), 'no check of the max price');
    const max = f.querySelector<HTMLInputElement>('#max_price_cents')!;
    max.value = '30';
    max.dispatchEvent(new Event('input'));
    const zips = f.querySelector<HTMLTextAreaElement>('#filters-zips')!;
    zips.value = '78745';
    zips.dispatchEvent(new Event('input'));
    expect(await a11yViolations(form)).to.deep.equal([]);
    f.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => !f.querySelector('dialog')!.open, 'the form stayed open');
    const [created] = posts(transport, /\/standing-orders$/);
    expect(await created!.clone().json()).to.deep.include({ max_price_cents: 3_000, quantity: 1, expires_at: null, filters: { zips: ['78745'], radius: null, rules: [] } });
    expect(shadowText(element)).to.contain('Buy order saved.');

    button(rows[0]!, 'Cancel order').click();
    await waitUntil(() => dialog(element).open);
    button(dialog(element), 'Cancel order').click();
    await waitUntil(() => posts(transport, /\/cancel$/).length === 1 && !dialog(element).open);
    expect(new URL(posts(transport, /\/cancel$/)[0]!.url).pathname).to.contain(open.id);
    expect(shadowText(element)).to.contain('Buy order canceled.');
  });

  describe('in other languages', () => {
    afterEach(() => useLocale('en'));

    it('switches its language at run time with its locale', async () => {
      const element = await fixture<LpMarketplace>(
        html`<lp-marketplace token=${fakeToken()} customer-id="available" locale="es-MX" .transport=${fixtureTransport('available')}></lp-marketplace>`,
      );
      const tabs = () => [...root(element).querySelectorAll('[role="tab"]')].map(textOf).join();
      await waitUntil(() => tiles(element).length > 0 && tabs() === 'Ofertas,Órdenes de compra', 'no Spanish');
      expect(button(tiles(element)[0]!, 'Comprar ahora')).to.exist;
      expect(textOf(tiles(element)[0]!)).to.contain('Mínimo');
      expect(await a11yViolations(element)).to.deep.equal([]);

      element.locale = 'fr-CA';
      await waitUntil(() => tabs() === 'Annonces,Ordres d’achat', 'no French');
      expect(button(tiles(element)[0]!, 'Acheter maintenant')).to.exist;
      expect(textOf(tiles(element)[0]!)).to.contain('Prix plancher');

      element.locale = 'en-US';
      await waitUntil(() => tabs() === 'Listings,Buy orders', 'English did not come back');
      expect(button(tiles(element)[0]!, 'Buy now')).to.exist;
    });
  });
});
