import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

/** The shell, in its shadow root. */
export const styles = css`
  :host {
    display: block;
  }

  .app {
    position: relative;
    min-height: 100vh;
    background: var(--lp-portal-app-background, ${sys.colorSurfaceVariant});
    color: ${sys.colorText};
  }

  .skip-link {
    position: absolute;
    z-index: 1;
    inset-block-start: ${space(2)};
    inset-inline-start: ${space(2)};
    padding: ${space(2)} ${space(3)};
    border-radius: ${sys.radius};
    background: ${sys.colorPrimary};
    color: ${sys.colorOnPrimary};
    transform: translateY(-300%);
  }

  .skip-link:focus {
    transform: none;
  }

  .top-bar {
    border-bottom: 1px solid ${sys.colorDivider};
    background: var(--lp-portal-app-top-bar-background, ${sys.colorSurface});
  }

  .top-bar__row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${space(2)} ${space(4)};
    padding: ${space(2)} ${space(4)};
  }

  .brand {
    display: inline-flex;
    align-items: center;
    gap: ${space(2)};
    font-size: ${text(1.125)};
    font-weight: 700;
  }

  .brand img {
    width: auto;
    height: 2rem;
  }

  nav ul {
    display: flex;
    padding: 0 ${space(4)};
    flex-wrap: wrap;
    gap: ${space(1)};
    margin: 0;
    list-style: none;
  }

  nav a {
    display: inline-flex;
    align-items: center;
    min-height: 2.5rem;
    padding: 0 ${space(3)};
    border-radius: ${sys.radius};
    color: inherit;
    text-decoration: none;
  }

  nav a:hover {
    background: ${sys.colorSurfaceHover};
  }

  nav a[aria-current='page'] {
    font-weight: 600;
    box-shadow: inset 0 -3px 0 ${sys.colorPrimary};
  }

  .account a.button {
    text-decoration: none;
  }

  .account {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${space(2)};
    margin-inline-start: auto;
  }

  main {
    max-width: 72rem;
    margin: 0 auto;
    padding: ${space(4)};
  }

  lp-account-status::part(banner) {
    margin-bottom: ${space(4)};
  }

  h1 {
    margin: 0 0 ${space(4)};
    font-size: ${text(1.5)};
  }

  @media (max-width: 40rem) {
    .top-bar__row,
    main {
      padding: ${space(2)};
    }

    nav ul {
      padding: 0 ${space(2)};
    }

    .account {
      margin-inline-start: 0;
    }
  }
`;

/**
 * Layout of the light-DOM section area (D31), adopted into the /app document with the page-level tokens.
 * Scoped by the tag, since the rules live in the document.
 */
export const sectionStyles = css`
  lp-portal-app .lp-card {
    padding: ${space(4)};
    border: 1px solid ${sys.colorDivider};
    border-radius: ${sys.radius};
    background: ${sys.colorSurface};
  }

  lp-portal-app .lp-card h2 {
    margin: 0 0 ${space(3)};
    font-size: ${text(1.125)};
  }
`;
