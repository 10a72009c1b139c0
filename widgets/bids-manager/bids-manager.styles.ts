import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

export const styles = css`
  :host {
    display: block;
  }

  .skeleton {
    height: 12rem;
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${space(2)} ${space(4)};
    margin-bottom: ${space(3)};
  }

  .toolbar p,
  .empty p {
    margin: 0;
  }

  .notice {
    margin-bottom: ${space(3)};
  }

  thead th {
    background: var(--lp-bids-manager-header-background, ${sys.colorSurfaceVariant});
    white-space: nowrap;
  }

  tbody tr:hover {
    background: var(--lp-bids-manager-row-hover-background, ${sys.colorSurfaceHover});
  }

  .reason {
    display: block;
    margin-top: ${space(1)};
    color: ${sys.colorTextMuted};
    font-size: ${text(0.8125)};
  }

  /* Five actions fit one line on a wide screen; on a narrower one they wrap inside the cell instead of clipping. */
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${space(1)};
    min-width: 12rem;
  }

  .danger-solid:hover:enabled {
    background: ${sys.colorDanger};
    filter: brightness(0.9);
  }

  .more {
    margin-top: ${space(3)};
  }

  .empty {
    display: grid;
    justify-items: start;
    gap: ${space(1)};
    padding: ${space(6)} ${space(4)};
    border: 1px dashed ${sys.colorDivider};
    border-radius: ${sys.radius};
  }

  .empty__title {
    font-size: ${text(1.125)};
    font-weight: 600;
  }

  dialog h2 {
    margin: 0 0 ${space(2)};
    font-size: ${text(1.25)};
  }
`;
