import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

export const styles = css`
  :host {
    display: inline-block;
    max-width: 100%;
  }

  :host([variant='detail']) {
    display: block;
  }

  .summary {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${space(1)} ${space(2)};
    max-width: 100%;
    min-height: 2.5rem;
    padding: ${space(1.5)} ${space(3)};
    border: 1px solid transparent;
    border-radius: ${sys.radius};
    background: var(--lp-wallet-balance-background, ${sys.colorSurface});
    color: inherit;
    font: inherit;
    text-align: start;
    text-decoration: none;
    cursor: pointer;
  }

  .summary:hover {
    background: var(--lp-wallet-balance-hover-background, ${sys.colorSurfaceHover});
  }

  .label {
    display: inline-flex;
    align-items: center;
    gap: ${space(1)};
    color: ${sys.colorTextMuted};
    font-size: ${text(0.875)};
  }

  .amount {
    color: var(--lp-wallet-balance-amount-color, ${sys.colorText});
    font-size: var(--lp-wallet-balance-amount-font-size, ${text(1.125)});
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }


  .skeleton {
    width: 14rem;
    max-width: 100%;
    height: 2.5rem;
  }

  /* The detail variant brings no frame of its own: it sits in the page's card, or the tag gets styled. */
  .detail {
    display: grid;
    gap: ${space(4)};
  }

  .detail .summary {
    justify-self: start;
  }

  .totals {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(7rem, 1fr));
    gap: ${space(3)};
    margin: 0;
  }

  .held,
  .totals dt {
    color: ${sys.colorTextMuted};
    font-size: ${text(0.875)};
  }

  .totals dd {
    margin: 0;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  p {
    margin: 0;
  }
`;
