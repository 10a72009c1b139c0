import { html, nothing } from 'lit';
import { SessionEndedError } from './api-client.js';
import { alertTriangle, icon } from './icons.js';
import { coreMessages } from './messages.js';

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

/** The text of a failed action: the end of the session (D23), else `fallback`. */
export const errorText = (error: unknown, fallback: string): string =>
  error instanceof SessionEndedError ? `${coreMessages.sessionEnded} ${coreMessages.sessionEndedHint}` : fallback;
