import { css } from 'lit';
import { space, sys, text } from './theme.js';

/**
 * What the widgets with forms and dialogs share: the modal surface (each widget sets its own width), text inputs
 * and selects, invalid inputs and their error lines, the filled buttons, the dialog's actions and the small row
 * actions. Listed before a widget's own styles, which may refine it (the controls' rule has no specificity).
 */
export const formStyles = css`
  dialog {
    width: min(28rem, calc(100vw - 2rem));
    padding: ${space(5)};
    border: 1px solid ${sys.colorDivider};
    border-radius: ${sys.radius};
    background: ${sys.colorSurface};
    color: ${sys.colorText};
    box-shadow: ${sys.shadow};
  }

  :where(input:not([type='radio'], [type='checkbox']), select, textarea) {
    min-height: 2.5rem;
    padding: ${space(2)} ${space(3)};
    border: 1px solid ${sys.colorBorder};
    border-radius: ${sys.radius};
    background: ${sys.colorSurface};
    color: ${sys.colorText};
    font: inherit;
  }

  .field {
    display: grid;
    gap: ${space(1)};
  }

  .dialog-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: end;
    gap: ${space(2)};
  }

  dialog::backdrop {
    background: ${sys.colorBackdrop};
  }

  [aria-invalid='true'] {
    border-color: ${sys.colorDanger};
  }

  .field-error {
    display: flex;
    gap: ${space(1)};
    align-items: center;
    color: ${sys.colorOnDangerContainer};
    font-size: ${text(0.875)};
  }

  .button.small {
    min-height: 2rem;
    padding: 0 ${space(2)};
    font-size: ${text(0.875)};
  }

  .danger {
    color: ${sys.colorDanger};
  }

  .button[aria-disabled='true'] {
    color: ${sys.colorDisabled};
    cursor: progress;
  }

  .primary {
    border-color: ${sys.colorPrimary};
    background: ${sys.colorPrimary};
    color: ${sys.colorOnPrimary};
  }

  .primary:hover:enabled {
    border-color: ${sys.colorPrimaryHover};
    background: ${sys.colorPrimaryHover};
  }

  .danger-solid {
    border-color: ${sys.colorDanger};
    background: ${sys.colorDanger};
    color: ${sys.colorOnDanger};
  }
`;
