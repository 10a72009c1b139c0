import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, SessionEndedError } from './api-client.js';
import { alertTriangle, icon, info } from './icons.js';
import { coreMessages as messages } from './messages.js';

/** A placeholder the size of the widget (sized by its `.skeleton` rule), named for screen readers. */
export function renderLoading(label: string): TemplateResult {
  return html`<span class="skeleton" aria-hidden="true"></span><span class="visually-hidden">${label}</span>`;
}

/** What a widget shows instead of its data when loading failed: a retry, or the end of the session (D23). */
export function renderLoadError(error: unknown, retry: () => void): TemplateResult {
  if (error instanceof SessionEndedError) {
    return html`<p class="notice tone-neutral" role="status">
      ${icon(info)}<span class="notice__text">${messages.sessionEnded} ${messages.sessionEndedHint}</span>
    </p>`;
  }
  const apiError = error instanceof ApiError ? error : undefined;
  return html`<div class="notice tone-danger" role="alert">
    ${icon(alertTriangle)}
    <span class="notice__text">
      ${apiError?.code === 'network' ? messages.networkFailed : messages.loadFailed}
      ${apiError?.requestId
        ? html`<span class="notice__reference">${messages.reference(apiError.requestId)}</span>`
        : nothing}
    </span>
    <button type="button" class="button" @click=${retry}>${messages.retry}</button>
  </div>`;
}
