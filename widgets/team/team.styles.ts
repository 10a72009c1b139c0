import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

export const styles = css`
  :host {
    display: grid;
    gap: ${space(4)};
  }

  .skeleton {
    height: 10rem;
  }

  p,
  h2,
  ul {
    margin: 0;
  }

  h2 {
    font-size: ${text(1.125)};
  }

  .scroll {
    overflow-x: auto;
  }

  form,
  li {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: ${space(2)};
  }

  .field {
    display: grid;
    flex: 1 1 14rem;
    gap: ${space(1)};
  }

  .role {
    flex: 0 1 10rem;
  }

  ul {
    display: grid;
    gap: ${space(2)};
    padding: 0;
    list-style: none;
  }

  .muted {
    color: ${sys.colorTextMuted};
  }
`;
