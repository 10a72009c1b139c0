/** Form styles live in ./forms.js with the rest of what forms share (one chunk: D26); this path stays for imports. */
export { formStyles } from './forms.js';
