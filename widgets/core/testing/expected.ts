/** Expected text for tests, straight from Intl (en-US), independent of the widgets' own formatting code. */
export const money = (cents: number, currency = 'USD'): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);

export const percent = (bps: number): string =>
  new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 2 }).format(bps / 10_000);
