import { css, html, nothing } from 'lit';
import { ApiError, SessionEndedError } from './api-client.js';
import { alertTriangle, icon } from './icons.js';
import { coreMessages } from './messages.js';
import { space, sys, text } from './theme.js';

// What the widgets with forms share, in one module (one chunk: D26): their styles, and the markup that says an
// action or a field failed. `form-styles.js` and `feedback.js` re-export it.
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

/** What the leads table's filters and the lead detail's return form share: labelled fields and muted text. */
export const fieldStyles = css`
  :host {
    display: block;
  }

  label,
  legend {
    font-size: ${text(0.875)};
    font-weight: 600;
  }

  input,
  select,
  textarea {
    padding: ${space(2)};
  }

  .muted,
  time {
    display: block;
    color: ${sys.colorTextMuted};
    font-size: ${text(0.875)};
  }
`;

/** What every form and action shares to say something failed: one markup, one sentence for an ended session. */

/** A failed action or form, announced at once; nothing without a text. */
export const renderAlert = (text: unknown) =>
  text ? html`<p class="notice tone-danger" role="alert">${icon(alertTriangle)}<span class="notice__text">${text}</span></p>` : nothing;

/** A field's error line, `<id>-error` for the field's `aria-describedby`; nothing without an error. */
export const renderFieldError = (id: string, error: unknown) =>
  error ? html`<p id="${id}-error" class="field-error">${icon(alertTriangle)}${error}</p>` : nothing;

/**
 * A confirm dialog (`dialog.confirm`, an alertdialog named by its title and described by its text): Cancel, which
 * takes the focus, closes it; the action stays focusable while `busy` (aria-disabled) and shows `busyText`.
 */
export const renderConfirm = (c: {
  title: unknown;
  text: unknown;
  action: unknown;
  busy: boolean;
  busyText?: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) => html`<dialog class="confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text" @close=${c.onClose}>
  <h2 id="confirm-title">${c.title}</h2>
  <p id="confirm-text">${c.text}</p>
  <div class="dialog-actions">
    <button type="button" class="button" autofocus @click=${(e: Event) => (e.target as Element).closest('dialog')!.close()}>${coreMessages.cancel}</button>
    <button type="button" class="button danger-solid" data-confirm aria-disabled=${c.busy ? 'true' : nothing} @click=${c.onConfirm}>
      ${c.busy ? (c.busyText ?? c.action) : c.action}
    </button>
  </div>
</dialog>`;

/**
 * The text of a failed action: the end of the session (D23), with `conflict` a 409's own message (the server says
 * why and what to do, e.g. bidding disabled), else `fallback`.
 */
export const errorText = (error: unknown, fallback: string, conflict?: boolean): string =>
  error instanceof SessionEndedError
    ? `${coreMessages.sessionEnded} ${coreMessages.sessionEndedHint}`
    : conflict && error instanceof ApiError && error.status === 409
      ? error.message
      : fallback;
