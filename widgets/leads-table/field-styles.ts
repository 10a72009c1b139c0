import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

/** What the leads table's filters and the lead detail's return form share: labelled fields and muted text. */
export const fieldStyles = css`
  :host {
    display: block;
  }

  .field {
    display: grid;
    gap: ${space(1)};
  }

  label,
  legend {
    font-size: ${text(0.875)};
    font-weight: 600;
  }

  input,
  select,
  textarea {
    min-height: 2.5rem;
    padding: ${space(2)};
    border: 1px solid ${sys.colorBorder};
    border-radius: ${sys.radius};
    background: ${sys.colorSurface};
    color: ${sys.colorText};
    font: inherit;
  }

  .muted,
  time {
    display: block;
    color: ${sys.colorTextMuted};
    font-size: ${text(0.875)};
  }
`;
