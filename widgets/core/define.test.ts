import { expect } from '@open-wc/testing';
import { define } from './define.js';
import '../index.js';

describe('define()', () => {
  it('defines every element through widgets/index.ts', () => {
    for (const tag of ['lp-portal', 'lp-portal-app', 'lp-wallet-balance', 'lp-customer-badge', 'lp-customer-switcher', 'lp-account-status']) {
      expect(customElements.get(tag), tag).to.exist;
    }
  });

  it('skips a tag that is already defined instead of throwing, and warns when the versions differ', () => {
    const original = customElements.get('lp-wallet-balance')!;
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      define('lp-wallet-balance', original);
      expect(warnings).to.be.empty;
      define('lp-wallet-balance', class extends HTMLElement {
        static version = '0.0.1-other-copy';
      });
    } finally {
      console.warn = warn;
    }
    expect(customElements.get('lp-wallet-balance')).to.equal(original);
    expect(String(warnings[0]?.[0])).to.contain('<lp-wallet-balance> is already defined');
  });

  it('never throws, even for a name the registry refuses', () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      expect(() => define('not-valid-Name', class extends HTMLElement {})).not.to.throw();
    } finally {
      console.warn = warn;
    }
  });
});
