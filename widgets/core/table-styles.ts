import { css } from 'lit';
import { space, sys, text } from './theme.js';

/** The data tables of detail variants (bid coverage, return tiers): one look wherever a widget lists rows. */
export const tableStyles = css`
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: ${text(0.875)};
  }

  caption {
    padding-bottom: ${space(2)};
    font-weight: 600;
    text-align: start;
  }

  th,
  td {
    padding: ${space(2)};
    border-bottom: 1px solid ${sys.colorDivider};
    text-align: start;
    vertical-align: middle;
  }

  tbody th {
    font-weight: 400;
  }

  .numeric {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }

  .scroll {
    overflow-x: auto;
  }
`;
