import { expect } from '@open-wc/testing';
import { amountProblem, amountText, parseAmount } from './bid-draft.js';
import type { LeadTypeOption } from './bid-types.js';

const usd = { locale: 'en-US', currency: 'USD' };

describe('bid amounts', () => {
  it('reads typed amounts into exact cents, never through a float', () => {
    expect(parseAmount('0.29', usd)).to.equal(29);
    expect(parseAmount('1.1', usd)).to.equal(110);
    expect(parseAmount('$1,234.56', usd)).to.equal(123456);
    expect(parseAmount(' 45 ', usd)).to.equal(4500);
    expect(parseAmount('1.234,5', { locale: 'de-DE', currency: 'EUR' })).to.equal(123450);
    expect(parseAmount('1500', { locale: 'ja-JP', currency: 'JPY' })).to.equal(1500);
    for (const bad of ['', '-5', '12.345', 'abc', '1.2.3']) expect(parseAmount(bad, usd), bad).to.be.null;
  });

  it('writes cents back as input text', () => {
    expect(amountText(4505, usd)).to.equal('45.05');
    expect(amountText(4505, { locale: 'de-DE', currency: 'EUR' })).to.equal('45,05');
  });

  it('applies the lead type’s pricing as the server does: > 0, min <= amount <= max, steps from min', () => {
    const range = { pricing: 'range', price_cents: null, min_cents: 1500, max_cents: 15000, step_cents: 500 } as LeadTypeOption;
    expect(amountProblem(0, range, usd)).to.equal('Bid more than 0');
    expect(amountProblem(1000, range, usd)).to.equal('Bid at least $15.00');
    expect(amountProblem(15500, range, usd)).to.equal('Bid at most $150.00');
    expect(amountProblem(1750, range, usd)).to.equal('Bid in steps of $5.00 from $15.00');
    expect(amountProblem(2000, range, usd)).to.equal('');
    const fixed = { pricing: 'fixed', price_cents: 3000, min_cents: null, max_cents: null, step_cents: null } as LeadTypeOption;
    expect(amountProblem(3500, fixed, usd)).to.equal('This lead type has a fixed price of $30.00');
    expect(amountProblem(3000, fixed, usd)).to.equal('');
  });
});
