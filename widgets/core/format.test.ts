import { expect } from '@open-wc/testing';
import { formatDate, formatMoney, formatPercentFromBps, formatRelativeTime } from './format.js';

const spaces = (text: string) => text.replace(/\s/g, ' ');

describe('format', () => {
  it('formats integer minor units in the currency and locale', () => {
    expect(formatMoney(125000, 'USD', 'en-US')).to.equal('$1,250.00');
    expect(spaces(formatMoney(125000, 'EUR', 'de-DE'))).to.equal('1.250,00 €');
    expect(formatMoney(1250, 'JPY', 'ja-JP')).to.equal('￥1,250');
    expect(formatMoney(-500, 'USD', 'en-US')).to.equal('-$5.00');
  });

  it('formats basis points as a percentage', () => {
    expect(formatPercentFromBps(420, 'en-US')).to.equal('4.2%');
    expect(formatPercentFromBps(0, 'en-US')).to.equal('0%');
    expect(formatPercentFromBps(1234, 'en-US')).to.equal('12.34%');
  });

  it('formats dates and relative times', () => {
    expect(formatDate('2026-11-26T18:00:00.000Z', 'en-US', { dateStyle: 'medium', timeZone: 'UTC' })).to.equal('Nov 26, 2026');
    const now = new Date('2026-11-26T18:00:00.000Z');
    expect(formatRelativeTime('2026-11-26T17:00:00.000Z', 'en-US', now)).to.equal('1 hour ago');
    expect(formatRelativeTime('2026-11-28T18:00:00.000Z', 'en-US', now)).to.equal('in 2 days');
    expect(formatRelativeTime('2026-11-26T18:00:00.000Z', 'en-US', now)).to.equal('now');
  });
});
