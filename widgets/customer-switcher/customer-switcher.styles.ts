import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

export const styles = css`
  :host {
    display: inline-block;
    max-width: 100%;
  }

  .trigger {
    display: inline-flex;
    align-items: center;
    gap: ${space(2)};
    max-width: 100%;
    min-height: 2.5rem;
    padding: ${space(1.5)} ${space(3)};
    border: 1px solid var(--lp-customer-switcher-border-color, ${sys.colorBorder});
    border-radius: ${sys.radius};
    background: var(--lp-customer-switcher-background, ${sys.colorSurface});
    color: inherit;
    font: inherit;
    cursor: pointer;
    anchor-name: --lp-customer-switcher;
  }

  .trigger:hover {
    background: var(--lp-customer-switcher-hover-background, ${sys.colorSurfaceHover});
  }

  .label {
    color: ${sys.colorTextMuted};
    font-size: ${text(0.875)};
  }

  .name {
    overflow: hidden;
    font-weight: 600;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .skeleton {
    width: 12rem;
    height: 2.5rem;
  }

  .menu {
    min-width: max(16rem, anchor-size(width));
    max-width: calc(100vw - 1rem);
    max-height: min(24rem, calc(100vh - 4rem));
    padding: ${space(1)};
    position-anchor: --lp-customer-switcher;
  }

  .item {
    display: flex;
    align-items: center;
    gap: ${space(2)};
    width: 100%;
    min-height: 2.5rem;
    padding: ${space(1.5)} ${space(2)};
    border: 0;
    border-radius: calc(${sys.radius} / 2);
    background: transparent;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }

  .item:hover {
    background: ${sys.colorSurfaceHover};
  }

  .item[aria-checked='true'] {
    background: var(--lp-customer-switcher-selected-background, ${sys.colorSelected});
    font-weight: 600;
  }

  .item:focus-visible {
    outline-offset: -2px;
  }

  .item__check {
    display: inline-flex;
    width: 1.25em;
  }

  .item__name {
    flex: 1;
  }

  .separator {
    height: 1px;
    margin: ${space(1)} 0;
    background: ${sys.colorDivider};
  }

  form {
    display: grid;
    gap: ${space(3)};
  }

  h2,
  p {
    margin: 0;
  }

  h2 {
    font-size: ${text(1.25)};
  }

  label {
    font-weight: 600;
  }

`;
