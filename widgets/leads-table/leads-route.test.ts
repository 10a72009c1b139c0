import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { shadowQuery, textOf } from '../core/testing/dom.js';
import { loadFixture } from '../core/testing/fixture-transport.js';
import '../portal-app/portal-app.js';
import type { LpPortalApp } from '../portal-app/portal-app.js';
import type { LeadList } from './lead-types.js';
import type { LpLeadsTable } from './leads-table.js';
import { leadsTransport } from './testing/leads-transport.js';

const BASE = '/app-under-test';
const startUrl = window.location.href;

/** `<lp-portal-app>` routes `/app/leads/<id>` to the leads section showing that lead, with browser history. */
describe('/app leads routes', () => {
  afterEach(() => window.history.replaceState(null, '', startUrl));

  async function mountAt(path: string) {
    window.history.replaceState(null, '', `${BASE}${path}`);
    const app = await fixture<LpPortalApp>(html`<lp-portal-app base-path=${BASE} .transport=${leadsTransport('available')}></lp-portal-app>`);
    await waitUntil(() => app.querySelector('lp-leads-table'), 'the leads section renders');
    return { app, table: app.querySelector('lp-leads-table') as LpLeadsTable };
  }

  it('lists Leads in the nav before Bids', async () => {
    const { app } = await mountAt('/leads');
    const links = [...app.shadowRoot!.querySelectorAll('nav a')].map((a) => a.getAttribute('href'));
    expect(links.indexOf(`${BASE}/leads`)).to.be.above(-1).and.below(links.indexOf(`${BASE}/bids`));
    expect(textOf(app.shadowRoot!.querySelector('h1'))).to.equal('Leads');
    expect(app.shadowRoot!.querySelector(`nav a[href="${BASE}/leads"]`)!.getAttribute('aria-current')).to.equal('page');
  });

  it('opens a deep link, goes back to the list and forward again with the browser', async () => {
    const list = await loadFixture<LeadList>('available', 'leads');
    const [first, second] = list.items;
    const { table } = await mountAt(`/leads/${first!.id}`);
    const detail = await shadowQuery(table, 'lp-lead-detail');
    expect(detail.getAttribute('lead-id')).to.equal(first!.id);

    table.shadowRoot!.querySelector<HTMLButtonElement>('.back')!.click();
    await waitUntil(() => window.location.pathname === `${BASE}/leads`, 'Back goes to the list URL');
    await shadowQuery(table, 'tbody tr[data-i]');

    window.history.back();
    await waitUntil(() => table.shadowRoot!.querySelector('lp-lead-detail'), 'the browser’s back shows the lead again');
    expect(window.location.pathname).to.equal(`${BASE}/leads/${first!.id}`);

    window.history.forward();
    await waitUntil(() => window.location.pathname === `${BASE}/leads` && !table.lead, 'forward is the list again');
    const row = await shadowQuery(table, 'button.open[data-i="1"]');
    row.click();
    await waitUntil(() => window.location.pathname === `${BASE}/leads/${second!.id}`, 'a row opens its URL');
    expect((await shadowQuery(table, 'lp-lead-detail')).getAttribute('lead-id')).to.equal(second!.id);
  });
});
