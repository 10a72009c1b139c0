import { expect, fixture, html, waitUntil } from '@open-wc/testing';

describe('embed.js, the autoloader', () => {
  it('loads a widget whose tag is on the page, and one added later', async () => {
    const page = await fixture(html`<div><lp-account-status></lp-account-status></div>`);
    expect(customElements.get('lp-account-status')).to.be.undefined;
    expect(customElements.get('lp-customer-badge')).to.be.undefined;

    await import('./embed.js');
    await waitUntil(() => customElements.get('lp-account-status'), 'the tag on the page was not loaded');
    expect(customElements.get('lp-customer-badge'), 'nothing loads before its tag appears').to.be.undefined;

    const later = document.createElement('section');
    later.innerHTML = '<lp-customer-badge></lp-customer-badge>';
    page.append(later);
    await waitUntil(() => customElements.get('lp-customer-badge'), 'a tag added later was not loaded');
    expect(customElements.get('lp-portal-app')).to.be.undefined;
  });
});
