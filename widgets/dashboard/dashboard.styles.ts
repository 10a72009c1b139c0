import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

export const styles = css`
  :host {
    display: block;
    --_border: var(--lp-dashboard-card-border-color, ${sys.colorDivider});
    --_spend: var(--lp-dashboard-spend-color, ${sys.colorPrimary});
  }

  .skeleton {
    height: 24rem;
  }

  h2,
  h3 {
    margin: 0;
    font-size: ${text(1.125)};
  }

  p,
  dl,
  dd,
  figure,
  ul,
  ol {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .muted,
  dt {
    color: ${sys.colorTextMuted};
    font-size: ${text(0.875)};
  }

  .grid,
  .steps,
  .totals,
  .activity {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr));
    gap: ${space(4)};
    align-items: start;
  }

  .steps,
  .totals,
  .activity {
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 9rem), 1fr));
    gap: ${space(3)};
  }

  .card,
  .chart,
  .series,
  .empty,
  .caps,
  .caps li {
    display: grid;
    gap: ${space(2)};
  }

  .card {
    min-width: 0;
    margin-bottom: ${space(4)};
    padding: ${space(4)};
    border: 1px solid var(--_border);
    border-radius: ${sys.radius};
    background: var(--lp-dashboard-card-background, ${sys.colorSurface});
  }

  .grid .card {
    margin: 0;
  }

  .wide {
    grid-column: 1 / -1;
  }

  .button {
    justify-self: start;
  }

  .head,
  .steps li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${space(3)};
  }

  .head .button {
    margin-inline-start: auto;
  }

  dd {
    font-variant-numeric: tabular-nums;
  }

  .figure {
    display: block;
    font-size: ${text(1.5)};
  }

  .figure,
  .activity dd {
    font-weight: 700;
  }

  .empty {
    padding: ${space(4)};
    border-radius: ${sys.radius};
    background: ${sys.colorSurfaceVariant};
  }

  figcaption,
  .subject {
    font-weight: 600;
  }

  svg {
    width: 100%;
    height: 5rem;
    fill: var(--_spend);
  }

  .baseline {
    fill: var(--_border);
  }

  .leads {
    fill: var(--lp-dashboard-leads-color, ${sys.colorSuccess});
  }

  .axis {
    display: flex;
    justify-content: space-between;
  }

  td,
  th {
    overflow-wrap: anywhere;
  }

  .caps svg {
    height: 0.5rem;
    border-radius: 1rem;
  }

  .caps rect:first-child {
    fill: var(--lp-dashboard-bar-track, ${sys.colorSurfaceVariant});
  }

  .reached span {
    color: ${sys.colorOnDangerContainer};
    font-weight: 600;
  }

  .reached svg {
    fill: ${sys.colorDanger};
  }
`;
