import { css } from 'lit';
import { space, sys } from '../core/theme.js';

export const styles = css`
  :host {
    display: grid;
    gap: ${space(4)};
  }

  .skeleton {
    height: 12rem;
  }

  p,
  h2,
  fieldset {
    margin: 0;
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${space(2)};
  }

  .mono {
    overflow-wrap: anywhere;
    font-family: monospace;
  }

  .link {
    border: 0;
    background: none;
    color: ${sys.colorPrimary};
    text-align: start;
    text-decoration: underline;
    cursor: pointer;
  }

  input:not([type]) {
    flex: 1 1 16rem;
    min-height: 2.25rem;
    padding: 0 ${space(2)};
  }

  .empty,
  fieldset {
    padding: ${space(3)};
    border: 1px solid ${sys.colorDivider};
    border-radius: ${sys.radius};
  }

  form,
  .field {
    display: grid;
    gap: ${space(2)};
  }
`;
