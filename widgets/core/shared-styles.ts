import { css } from 'lit';
import { space, sys, text } from './theme.js';

/** Styles every widget uses: typography, focus ring, icons, buttons, status chips, notices, skeletons. */
export const sharedStyles = css`
  :host {
    box-sizing: border-box;
    font-family: ${sys.fontFamily};
    font-size: ${sys.fontSize};
    line-height: 1.4;
    color: ${sys.colorText};
  }

  :host([hidden]) {
    display: none !important;
  }

  /* Not 'inherit': a slot between two shadow roots (e.g. inside <lp-portal>) would pass on content-box. */
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  :focus-visible {
    outline: 2px solid ${sys.colorFocusRing};
    outline-offset: 2px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  .muted {
    color: ${sys.colorTextMuted};
  }

  .icon {
    flex: none;
    width: 1.25em;
    height: 1.25em;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  /* Buttons: at least 24px tall (WCAG 2.2 target size), text always beside any icon. */
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: ${space(1.5)};
    min-height: 2.25rem;
    padding: 0 ${space(3)};
    border: 1px solid ${sys.colorBorder};
    border-radius: ${sys.radius};
    background: ${sys.colorSurface};
    color: ${sys.colorText};
    font: inherit;
    cursor: pointer;
  }

  .button:hover {
    background: ${sys.colorSurfaceHover};
  }

  .button:disabled {
    border-color: ${sys.colorDisabled};
    background: ${sys.colorSurface};
    color: ${sys.colorDisabled};
    cursor: not-allowed;
  }

  /* Status chips: an icon and a word, never colour alone. */
  .chip {
    display: inline-flex;
    align-items: center;
    gap: ${space(1)};
    padding: ${space(0.5)} ${space(2)};
    border-radius: 999px;
    font-size: ${text(0.875)};
    font-weight: 600;
    line-height: 1.2;
    white-space: nowrap;
  }

  .chip .icon {
    width: 1.1em;
    height: 1.1em;
  }

  .tone-success {
    background: ${sys.colorSuccessContainer};
    color: ${sys.colorOnSuccessContainer};
  }

  .tone-warning {
    background: ${sys.colorWarningContainer};
    color: ${sys.colorOnWarningContainer};
  }

  .tone-danger {
    background: ${sys.colorDangerContainer};
    color: ${sys.colorOnDangerContainer};
  }

  .tone-neutral {
    background: ${sys.colorSurfaceVariant};
    color: ${sys.colorTextMuted};
  }

  /* Errors and other messages in place of a widget's content. */
  .notice {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${space(2)};
    margin: 0;
    padding: ${space(2)} ${space(3)};
    border-radius: ${sys.radius};
    font-size: ${text(0.875)};
  }

  .notice__text {
    flex: 1 1 12rem;
  }

  .notice__reference {
    display: block;
    font-size: ${text(0.8125)};
  }

  .skeleton {
    display: block;
    border-radius: ${sys.radius};
    background: ${sys.colorSkeleton};
    animation: lp-pulse 1.5s ease-in-out infinite;
  }

  @keyframes lp-pulse {
    50% {
      opacity: 0.5;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;

/** The data tables of detail variants (bid coverage, return tiers): one look wherever a widget lists rows. */
export const tableStyles = css`
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: ${text(0.875)};
  }

  caption {
    padding-bottom: ${space(2)};
    font-weight: 600;
    text-align: start;
  }

  th,
  td {
    padding: ${space(2)};
    border-bottom: 1px solid ${sys.colorDivider};
    text-align: start;
    vertical-align: middle;
  }

  tbody th {
    font-weight: 400;
  }

  .numeric {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }

  .scroll {
    overflow-x: auto;
  }
`;
