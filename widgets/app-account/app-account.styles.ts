import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

export const styles = css`
  :host {
    display: block;
    min-height: 100vh;
    padding: ${space(8)} ${space(4)};
    background: var(--lp-app-account-background, ${sys.colorSurfaceVariant});
  }

  .card {
    display: grid;
    gap: ${space(4)};
    max-width: 30rem;
    margin: 0 auto;
    padding: ${space(6)};
    border: 1px solid ${sys.colorDivider};
    border-radius: ${sys.radius};
    background: ${sys.colorSurface};
  }

  p,
  h1,
  fieldset {
    margin: 0;
  }

  h1 {
    font-size: ${text(1.5)};
  }

  .brand {
    display: flex;
    align-items: center;
    gap: ${space(2)};
    font-size: ${text(1.125)};
    font-weight: 700;
  }

  .brand img {
    height: 2rem;
  }

  form,
  fieldset,
  .field {
    display: grid;
    gap: ${space(3)};
  }

  .field {
    gap: ${space(1)};
  }

  fieldset {
    padding: ${space(3)};
    border: 1px solid ${sys.colorDivider};
    border-radius: ${sys.radius};
  }

  .columns {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
    gap: ${space(3)};
  }

  .check {
    display: flex;
    gap: ${space(2)};
    align-items: baseline;
  }

  .muted {
    color: ${sys.colorTextMuted};
    font-size: ${text(0.875)};
  }

  .actions,
  .links {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: ${space(2)};
  }

  .actions .primary {
    flex: 1;
  }

  a {
    color: ${sys.colorPrimary};
  }
`;
