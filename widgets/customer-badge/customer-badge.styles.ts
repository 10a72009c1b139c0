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

  .trigger,
  .summary {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${space(1)} ${space(2)};
    min-height: 2.5rem;
    padding: ${space(1.5)} ${space(3)};
    border-radius: ${sys.radius};
  }

  .trigger {
    border: 1px solid transparent;
    background: var(--lp-customer-badge-background, ${sys.colorSurface});
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
    anchor-name: --lp-customer-badge;
  }

  .trigger:hover {
    background: var(--lp-customer-badge-hover-background, ${sys.colorSurfaceHover});
  }

  .tier-name {
    font-weight: 600;
  }

  .label {
    color: ${sys.colorTextMuted};
    font-size: ${text(0.875)};
  }

  .rate {
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }

  .skeleton {
    width: 10rem;
    height: 2.5rem;
  }

  .popover {
    width: var(--lp-customer-badge-popover-width, min(28rem, calc(100vw - 2rem)));
    max-height: min(36rem, calc(100vh - 4rem));
    padding: ${space(4)};
    position-anchor: --lp-customer-badge;
  }

  /* Narrow screens: a sheet along the bottom edge instead of a popover beside the badge. */
  @media (max-width: 40rem) {
    .popover {
      position-area: none;
      inset: auto ${space(2)} ${space(2)};
      width: auto;
      margin: 0;
    }
  }

  .popover__header {
    display: flex;
    align-items: start;
    justify-content: space-between;
    gap: ${space(2)};
    margin-bottom: ${space(3)};
  }

  h2,
  p {
    margin: 0;
  }

  h2 {
    font-size: ${text(1.125)};
  }

  .close {
    min-width: 2.25rem;
    padding: 0;
    border-color: transparent;
    background: transparent;
  }

  .tier-icon {
    flex: none;
    width: 1.25em;
    height: 1.25em;
    stroke: currentColor;
    stroke-width: 1.5;
    stroke-linejoin: round;
  }

  .details {
    display: grid;
    gap: ${space(3)};
  }

  .rate-line {
    display: flex;
    align-items: baseline;
    gap: ${space(2)};
  }

  .rate-line .rate {
    font-size: var(--lp-customer-badge-rate-font-size, ${text(1.5)});
  }

  .current-tier {
    display: flex;
    gap: ${space(3)};
    align-items: start;
  }

  .current-tier .tier-icon {
    width: 2rem;
    height: 2rem;
  }

  .current-tier div {
    display: grid;
    gap: ${space(1)};
  }

  .tier-cell {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${space(1)} ${space(2)};
  }

  tr.is-current {
    background: var(--lp-customer-badge-current-background, ${sys.colorSelected});
  }

  tr.is-current th {
    font-weight: 600;
  }
`;
