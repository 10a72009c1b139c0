import { declarations, palette, roles, type Role } from './theme.js';

/** Dark values of the base roles; the derived roles follow from them. */
/** The rest of the palette: the dark theme's colours. */
const darkPalette = {
  'blue-300': '#93c5fd',
  'blue-950': '#172554',
  'red-300': '#fca5a5',
  'red-950': '#450a0a',
  'amber-300': '#fcd34d',
  'amber-950': '#451a03',
  'green-300': '#86efac',
  'green-950': '#052e16',
  'gray-50': '#f9fafb',
  'gray-300': '#d1d5db',
  'gray-400': '#9ca3af',
  'gray-800': '#1f2937',
};

const darkRoles = {
  'color-primary': 'var(--lp-ref-blue-300)',
  'color-on-primary': 'var(--lp-ref-blue-950)',
  'color-danger': 'var(--lp-ref-red-300)',
  'color-on-danger': 'var(--lp-ref-red-950)',
  'color-warning': 'var(--lp-ref-amber-300)',
  'color-success': 'var(--lp-ref-green-300)',
  'color-surface': 'var(--lp-ref-gray-900)',
  'color-surface-variant': 'var(--lp-ref-gray-800)',
  'color-text': 'var(--lp-ref-gray-50)',
  'color-text-muted': 'var(--lp-ref-gray-300)',
  'color-border': 'var(--lp-ref-gray-400)',
} satisfies Partial<Record<Role, string>>;

/** Roles whose default is a value, not derived from other roles. */
const baseRoles = Object.fromEntries(Object.entries(roles).filter(([, value]) => !value.includes('{')));

/**
 * The page-level sheet, as a string (for `document.adoptedStyleSheets` or a `<style>` the page owns): the
 * palette and base roles on `:root`, dark values under `[data-lp-theme="dark"]`, for light-DOM content and for
 * pages that theme with CSS. Derived roles are left out so they keep following nested overrides.
 */
export const rootThemeCss = `:root { ${declarations('ref', { ...palette, ...darkPalette })} ${declarations('sys', baseRoles)} }
[data-lp-theme="dark"] { ${declarations('sys', darkRoles)} }`;
