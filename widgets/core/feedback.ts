/** Alerts, field errors and the confirm dialog live in ./forms.js (one chunk: D26); this path stays for imports. */
export { errorText, renderAlert, renderConfirm, renderFieldError } from './forms.js';
