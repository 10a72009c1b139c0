import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';

/**
 * Stroke icons on a 24px grid, one export each so unused shapes drop out of the bundle. Always
 * decorative: the text beside an icon carries the meaning.
 */
export type Icon = SVGTemplateResult;

export const checkCircle: Icon = svg`<circle cx="12" cy="12" r="9" /><path d="M8 12.5l2.5 2.5L16 9.5" />`;
export const alertTriangle: Icon = svg`<path d="M12 3.5L2.5 20h19z" /><path d="M12 10v4M12 17h.01" />`;
export const xCircle: Icon = svg`<circle cx="12" cy="12" r="9" /><path d="M9 9l6 6M15 9l-6 6" />`;
export const pauseCircle: Icon = svg`<circle cx="12" cy="12" r="9" /><path d="M10 9v6M14 9v6" />`;
export const archive: Icon = svg`<path d="M3 4h18v4H3zM5 8v12h14V8M10 12h4" />`;
export const info: Icon = svg`<circle cx="12" cy="12" r="9" /><path d="M12 11v5M12 8h.01" />`;
export const wallet: Icon = svg`<path d="M4 6h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H4zM4 6l11-3v3M16 13h.01" />`;
export const chevronDown: Icon = svg`<path d="M6 9l6 6 6-6" />`;
export const check: Icon = svg`<path d="M5 12.5l4.5 4.5L19 7" />`;
export const plus: Icon = svg`<path d="M12 5v14M5 12h14" />`;
export const close: Icon = svg`<path d="M6 6l12 12M18 6L6 18" />`;

export function icon(shape: Icon): TemplateResult {
  return html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${shape}</svg>`;
}
