import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

export const styles = css`
  :host {
    display: grid;
    gap: ${space(4)};
    --_card-border: var(--lp-billing-panel-card-border-color, ${sys.colorDivider});
    --_debit: var(--lp-billing-panel-debit-color, ${sys.colorText});
    --_credit: var(--lp-billing-panel-credit-color, ${sys.colorSuccess});
  }

  .skeleton {
    height: 20rem;
  }

  h2 {
    margin: 0;
    font-size: ${text(1.125)};
  }

  p {
    margin: 0;
  }

  .muted {
    font-size: ${text(0.875)};
  }

  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
    gap: ${space(4)};
    align-items: start;
  }

  .card {
    display: grid;
    gap: ${space(3)};
    padding: ${space(4)};
    border: 1px solid var(--_card-border);
    border-radius: ${sys.radius};
    background: ${sys.colorSurface};
  }

  .card > .button,
  form > .button {
    justify-self: start;
  }

  .cards {
    display: grid;
    gap: ${space(2)};
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .payment-method {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${space(1)} ${space(3)};
    padding: ${space(2)} 0;
    border-bottom: 1px solid var(--_card-border);
  }

  .payment-method__name {
    font-weight: 600;
  }

  .payment-method__actions {
    display: flex;
    gap: ${space(1)};
    margin-inline-start: auto;
  }

  form {
    display: grid;
    gap: ${space(3)};
  }

  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }

  legend {
    margin-bottom: ${space(2)};
    padding: 0;
    font-size: ${text(0.875)};
    font-weight: 600;
  }

  .presets {
    display: flex;
    flex-wrap: wrap;
    gap: ${space(2)};
    margin-bottom: ${space(2)};
  }

  .preset {
    font-size: ${text(0.875)};
    font-weight: 400;
  }

  .preset:has(input:checked) {
    border-color: ${sys.colorPrimary};
    background: ${sys.colorSelected};
  }

  .preset input {
    margin: 0;
  }

  .auto__fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
    gap: ${space(3)};
  }

  label {
    font-size: ${text(0.875)};
    font-weight: 600;
  }

  .check {
    display: flex;
    align-items: center;
    gap: ${space(2)};
    font-size: ${text(1)};
  }

  input[type='checkbox'],
  input[type='radio'] {
    width: 1.1rem;
    height: 1.1rem;
    accent-color: ${sys.colorPrimary};
  }

  .summary {
    display: grid;
    gap: ${space(1)};
    padding: ${space(3)};
    border-radius: ${sys.radius};
    background: ${sys.colorSurfaceVariant};
    font-size: ${text(0.875)};
  }

  .outcome:empty {
    display: none;
  }

  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: ${space(2)} ${space(3)};
  }

  .filters .field {
    flex: 0 1 12rem;
  }

  .feedback {
    color: ${sys.colorTextMuted};
    font-size: ${text(0.875)};
  }

  .feedback:empty {
    display: none;
  }

  thead th {
    background: var(--lp-billing-panel-header-background, ${sys.colorSurfaceVariant});
    white-space: nowrap;
  }

  .numeric {
    color: var(--_debit);
  }

  .credit {
    color: var(--_credit);
  }

  .nowrap {
    white-space: nowrap;
  }

  .reference {
    display: block;
    color: ${sys.colorTextMuted};
    font-size: ${text(0.8125)};
  }

  a {
    color: ${sys.colorPrimary};
  }

  .empty {
    padding: ${space(4)} 0;
    color: ${sys.colorTextMuted};
  }

  .primary[aria-disabled='true'] {
    border-color: ${sys.colorDisabled};
    background: ${sys.colorSurface};
    color: ${sys.colorDisabled};
  }

  dialog {
    width: min(32rem, calc(100vw - 2rem));
  }

  dialog h2 {
    margin-bottom: ${space(2)};
    font-size: ${text(1.25)};
  }

  dialog > p,
  .card-element {
    margin-bottom: ${space(3)};
  }
`;
