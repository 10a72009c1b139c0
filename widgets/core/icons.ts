import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';

/** Stroke icons on a 24px grid. Always decorative: the text beside an icon carries the meaning. */
const shapes = {
  'check-circle': svg`<circle cx="12" cy="12" r="9" /><path d="M8 12.5l2.5 2.5L16 9.5" />`,
  'alert-triangle': svg`<path d="M12 3.5L2.5 20h19z" /><path d="M12 10v4M12 17h.01" />`,
  'x-circle': svg`<circle cx="12" cy="12" r="9" /><path d="M9 9l6 6M15 9l-6 6" />`,
  'pause-circle': svg`<circle cx="12" cy="12" r="9" /><path d="M10 9v6M14 9v6" />`,
  archive: svg`<path d="M3 4h18v4H3zM5 8v12h14V8M10 12h4" />`,
  info: svg`<circle cx="12" cy="12" r="9" /><path d="M12 11v5M12 8h.01" />`,
  wallet: svg`<path d="M4 6h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H4zM4 6l11-3v3M16 13h.01" />`,
  'chevron-down': svg`<path d="M6 9l6 6 6-6" />`,
  check: svg`<path d="M5 12.5l4.5 4.5L19 7" />`,
  plus: svg`<path d="M12 5v14M5 12h14" />`,
  close: svg`<path d="M6 6l12 12M18 6L6 18" />`,
  star: svg`<path d="M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z" />`,
  award: svg`<circle cx="12" cy="9" r="6" /><path d="M8.5 14l-1.5 7 5-2.5 5 2.5-1.5-7" />`,
  shield: svg`<path d="M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z" />`,
  flag: svg`<path d="M5 21V4h11l-2 4 2 4H5" />`,
  dot: svg`<circle cx="12" cy="12" r="7" />`,
} satisfies Record<string, SVGTemplateResult>;

export type IconName = keyof typeof shapes;

export function icon(name: IconName): TemplateResult {
  return html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${shapes[name]}</svg>`;
}

const tierShapes = new Set<string>(['star', 'award', 'shield', 'flag']);

/**
 * A return tier's icon filled with the provider's tier colour: an SVG presentation attribute, which CSP's
 * style-src does not restrict. Unknown icon names get a dot.
 */
export function tierIcon(name: string, color: string): TemplateResult {
  const shape = shapes[(tierShapes.has(name) ? name : 'dot') as IconName];
  return html`<svg class="tier-icon" viewBox="0 0 24 24" fill=${color} aria-hidden="true" focusable="false">${shape}</svg>`;
}
