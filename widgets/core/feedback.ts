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

/** The text of a failed action: the end of the session (D23), else `fallback`. */
export const errorText = (error: unknown, fallback: string): string =>
  error instanceof SessionEndedError ? `${coreMessages.sessionEnded} ${coreMessages.sessionEndedHint}` : fallback;
