import { html, svg, type TemplateResult } from 'lit';
import type { Icon } from '../core/icons.js';

/** Shapes a provider may name for a return tier; solid, so they take the tier's colour. */
const tierShapes: Record<string, Icon> = {
  star: svg`<path d="M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z" />`,
  award: svg`<circle cx="12" cy="9" r="6" /><path d="M8.5 14l-1.5 7 5-2.5 5 2.5-1.5-7" />`,
  shield: svg`<path d="M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z" />`,
  flag: svg`<path d="M5 21V4h11l-2 4 2 4H5" />`,
  alert: svg`<path d="M12 3L2 20.5h20z" />`,
};
const dot: Icon = svg`<circle cx="12" cy="12" r="7" />`;

/**
 * A return tier's icon filled with the provider's tier colour: an SVG presentation attribute, which CSP's
 * style-src does not restrict. Unknown icon names get a dot.
 */
export function tierIcon(name: string, color: string): TemplateResult {
  return html`<svg class="tier-icon" viewBox="0 0 24 24" fill=${color} aria-hidden="true" focusable="false">
    ${tierShapes[name] ?? dot}
  </svg>`;
}
