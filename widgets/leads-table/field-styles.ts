import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

/** What the leads table's filters and the lead detail's return form share: labelled fields and muted text. */
export const fieldStyles = css`
  :host {
    display: block;
  }

  label,
  legend {
    font-size: ${text(0.875)};
    font-weight: 600;
  }

  input,
  select,
  textarea {
    padding: ${space(2)};
  }

  .muted,
  time {
    display: block;
    color: ${sys.colorTextMuted};
    font-size: ${text(0.875)};
  }
`;
