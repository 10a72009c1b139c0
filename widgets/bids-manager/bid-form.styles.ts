import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

export const styles = css`
  :host {
    display: contents;
  }

  /* A modal dialog's own max-width and max-height keep it inside the viewport. */
  dialog {
    width: 42rem;
  }

  form,
  fieldset {
    display: grid;
    gap: ${space(3)};
  }

  h2 {
    margin: 0;
    font-size: ${text(1.25)};
  }

  fieldset {
    margin: 0;
    padding: ${space(3)};
    border: 1px solid ${sys.colorDivider};
    border-radius: ${sys.radius};
  }

  legend {
    padding: 0 ${space(1)};
  }

  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: ${space(3)};
  }

  .field {
    align-content: start;
  }

  label,
  legend {
    font-weight: 600;
  }

  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: ${space(2)} ${space(4)};
  }

  .choice {
    display: inline-flex;
    align-items: center;
    gap: ${space(1.5)};
    min-height: 1.5rem;
    font-weight: 400;
  }

  input,
  select,
  textarea {
    min-width: 0;
  }

  input[type='radio'],
  input[type='checkbox'] {
    width: 1.125rem;
    height: 1.125rem;
    margin: 0;
    accent-color: ${sys.colorPrimary};
  }

  p {
    margin: 0;
  }

  .hint {
    color: ${sys.colorTextMuted};
    font-size: ${text(0.875)};
  }

  .rule {
    grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
    align-items: start;
  }

  .hours {
    display: grid;
    grid-template-columns: 1fr 1fr auto;
    align-items: end;
    gap: ${space(3)};
  }

  .button {
    justify-self: start;
  }

  .remove {
    padding: 0 ${space(2)};
  }

`;
