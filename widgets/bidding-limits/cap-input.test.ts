import { expect } from '@open-wc/testing';
import { moneyFormat, parseSpend, spendText } from '../core/money-input.js';
import { parseCount } from './cap-input.js';

describe('cap inputs', () => {
  const usd = moneyFormat('en-US', 'USD');

  it('reads a count as a whole number of leads, empty as no cap', () => {
    expect(parseCount(' 20 ')).to.deep.equal({ ok: true, value: 20 });
    expect(parseCount('0')).to.deep.equal({ ok: true, value: 0 });
    expect(parseCount('')).to.deep.equal({ ok: true, value: null });
    for (const bad of ['-1', '1.5', '2e3', 'ten']) expect(parseCount(bad), bad).to.deep.equal({ ok: false, problem: 'count' });
    expect(parseCount('9007199254740992')).to.deep.equal({ ok: false, problem: 'tooLarge' });
  });

  it('reads dollars into exact cents without floats', () => {
    expect(parseSpend('0.29', usd)).to.deep.equal({ ok: true, value: 29 });
    expect(parseSpend('$1,250.5', usd)).to.deep.equal({ ok: true, value: 125_050 });
    expect(parseSpend('600', usd)).to.deep.equal({ ok: true, value: 60_000 });
    expect(parseSpend('  ', usd)).to.deep.equal({ ok: true, value: null });
    for (const bad of ['-5', '1.234', '1.2.3', 'abc', '.']) expect(parseSpend(bad, usd), bad).to.deep.equal({ ok: false, problem: 'spend' });
  });

  it('follows the locale’s separators and the currency’s minor units', () => {
    const eur = moneyFormat('de-DE', 'EUR');
    expect(parseSpend('1.250,50 €', eur)).to.deep.equal({ ok: true, value: 125_050 });
    expect(spendText(125_050, eur)).to.equal('1250,50');
    const yen = moneyFormat('ja-JP', 'JPY');
    expect(parseSpend('1500', yen)).to.deep.equal({ ok: true, value: 1500 });
    expect(parseSpend('1500.5', yen)).to.deep.equal({ ok: false, problem: 'spend' });
  });

  it('writes cents back as text that reads back the same', () => {
    for (const cents of [0, 5, 29, 60_000, 125_050]) expect(parseSpend(spendText(cents, usd), usd)).to.deep.equal({ ok: true, value: cents });
  });
});
