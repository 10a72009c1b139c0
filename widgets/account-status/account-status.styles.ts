import { css } from 'lit';
import { space, sys } from '../core/theme.js';

export const styles = css`
  :host {
    display: block;
  }

  .banner {
    display: flex;
    gap: ${space(3)};
    align-items: start;
    padding: ${space(3)} ${space(4)};
    border-radius: var(--lp-account-status-radius, ${sys.radius});
  }

  .banner .icon {
    margin-top: 0.1em;
  }

  .banner p {
    margin: 0;
  }

  .title {
    font-weight: 700;
  }

  .banner a {
    color: inherit;
    font-weight: 600;
  }
`;
