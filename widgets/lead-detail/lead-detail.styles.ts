import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

export const styles = css`
  .skeleton {
    height: 16rem;
  }

  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${space(2)};
  }

  h2 {
    margin: 0;
    font-size: ${text(1.25)};
  }

  h3 {
    margin: ${space(5)} 0 ${space(2)};
    font-size: ${text(1)};
  }

  dl {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 12rem), 1fr));
    gap: ${space(3)};
  }

  dt {
    color: ${sys.colorTextMuted};
  }

  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }

  a {
    color: ${sys.colorPrimary};
  }

  form {
    display: grid;
    gap: ${space(3)};
    max-width: 32rem;
  }

  form .button {
    justify-self: start;
  }

  p {
    margin: 0 0 ${space(2)};
  }
`;
