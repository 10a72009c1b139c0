import { declarations, palette, roles, type Role } from './theme.js';

/** Dark values of the base roles; the derived roles follow from them. */
const darkRoles = {
  'color-primary': 'var(--lp-ref-blue-300)',
  'color-on-primary': 'var(--lp-ref-blue-950)',
  'color-danger': 'var(--lp-ref-red-300)',
  'color-on-danger': 'var(--lp-ref-red-950)',
  'color-warning': 'var(--lp-ref-amber-300)',
  'color-on-warning': 'var(--lp-ref-amber-950)',
  'color-success': 'var(--lp-ref-green-300)',
  'color-on-success': 'var(--lp-ref-green-950)',
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
export const rootThemeCss = `:root { ${declarations('ref', palette)} ${declarations('sys', baseRoles)} }
[data-lp-theme="dark"] { ${declarations('sys', darkRoles)} }`;
