import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

export const styles = css`
  .skeleton {
    height: 12rem;
  }

  .filters,
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: ${space(2)};
  }

  .field {
    flex: 0 1 11rem;
    min-width: 0;
  }

  .field > * {
    min-width: 0;
  }

  .chooser {
    position: relative;
  }

  .chooser fieldset {
    position: absolute;
    z-index: 1;
    inset-inline-end: 0;
    display: grid;
    padding: ${space(3)};
    border: 1px solid ${sys.colorDivider};
    border-radius: ${sys.radius};
    background: ${sys.colorSurface};
    box-shadow: ${sys.shadow};
  }

  .chooser label {
    display: flex;
    gap: ${space(2)};
    align-items: center;
    min-height: 1.75rem;
    font-weight: 400;
    white-space: nowrap;
  }

  .chooser input {
    width: 1.25rem;
    height: 1.25rem;
  }

  .scroll {
    max-height: var(--lp-leads-table-height, 32rem);
    margin-block: ${space(2)};
    overflow: auto;
  }

  thead th {
    position: sticky;
    top: 0;
    background: var(--lp-leads-table-header-background, ${sys.colorSurfaceVariant});
  }

  th,
  td {
    max-width: 16rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  tbody tr[data-i] {
    height: 2.75rem;
    cursor: pointer;
  }

  tbody tr[data-i]:hover {
    background: var(--lp-leads-table-row-hover-background, ${sys.colorSurfaceHover});
  }

  .spacer td {
    padding: 0;
    border: 0;
  }

  .before {
    height: var(--lp-before);
  }

  .after {
    height: var(--lp-after);
  }

  .open,
  .sort {
    padding: 0;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }

  .open {
    color: ${sys.colorPrimary};
    text-decoration: underline;
  }

  .back {
    margin-bottom: ${space(3)};
  }

  .empty {
    padding: ${space(4)};
    border: 1px dashed ${sys.colorDivider};
    border-radius: ${sys.radius};
  }

  .empty p:first-child {
    font-size: ${text(1.125)};
    font-weight: 600;
  }
`;
