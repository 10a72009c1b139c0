import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * Theme tokens in three tiers (Material's model):
 *  - `--lp-ref-*`: the palette. Raw values live here (the dark theme's in ./page-theme.js) and nowhere else.
 *  - `--lp-sys-*`: roles (primary, danger, surface, radius, …) that the page sets to theme every widget.
 *  - `--lp-<widget>-*`: per-widget knobs, each defaulting to a role (see each widget's `@cssprop`s).
 *
 * Shadow roots never declare `--lp-sys-*`: a declaration on `:host` would hide the page's value. Components
 * read roles through `sys.*`, i.e. `var(--lp-sys-color-primary, <default>)`, so a value set anywhere above
 * the widget (the page, `<lp-portal>`, its `appearance`) wins. Light and dark come from the page
 * (`data-lp-theme="dark"` with `rootThemeCss` from ./page-theme.js, or its own values), never from
 * `prefers-color-scheme`.
 */

/**
 * The palette's entries the light defaults use, which every widget declares on `:host` (the dark ones are in
 * ./page-theme.js, declared on the page's `:root` with the rest: `rootThemeCss`).
 */
export const palette = {
  'blue-700': '#1d4ed8',
  'red-700': '#b91c1c',
  'amber-700': '#b45309',
  'green-700': '#15803d',
  white: '#ffffff',
  'gray-100': '#f3f4f6',
  'gray-500': '#6b7280',
  'gray-600': '#4b5563',
  'gray-900': '#111827',
  'font-sans': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  'font-size': '1rem',
  radius: '0.5rem',
  space: '0.25rem',
} as const;

/**
 * Light defaults of the roles. `{role}` refers to another role: states derived that way (hover, containers,
 * selection) follow a provider's brand colour without extra settings, and stay AA in light and dark.
 */
export const roles = {
  'color-primary': 'var(--lp-ref-blue-700)',
  'color-on-primary': 'var(--lp-ref-white)',
  'color-primary-hover': 'color-mix(in srgb, {color-primary} 82%, {color-text})',
  'color-danger': 'var(--lp-ref-red-700)',
  'color-on-danger': 'var(--lp-ref-white)',
  'color-danger-container': 'color-mix(in srgb, {color-danger} 12%, {color-surface})',
  'color-on-danger-container': 'color-mix(in srgb, {color-danger} 55%, {color-text})',
  'color-warning': 'var(--lp-ref-amber-700)',
  'color-warning-container': 'color-mix(in srgb, {color-warning} 12%, {color-surface})',
  'color-on-warning-container': 'color-mix(in srgb, {color-warning} 55%, {color-text})',
  'color-success': 'var(--lp-ref-green-700)',
  'color-success-container': 'color-mix(in srgb, {color-success} 12%, {color-surface})',
  'color-on-success-container': 'color-mix(in srgb, {color-success} 55%, {color-text})',
  'color-surface': 'var(--lp-ref-white)',
  'color-surface-variant': 'var(--lp-ref-gray-100)',
  'color-surface-hover': 'color-mix(in srgb, {color-text} 7%, {color-surface})',
  'color-selected': 'color-mix(in srgb, {color-primary} 12%, {color-surface})',
  'color-text': 'var(--lp-ref-gray-900)',
  'color-text-muted': 'var(--lp-ref-gray-600)',
  'color-border': 'var(--lp-ref-gray-500)',
  'color-divider': 'color-mix(in srgb, {color-text} 15%, {color-surface})',
  'color-disabled': 'color-mix(in srgb, {color-text} 40%, {color-surface})',
  'color-skeleton': 'color-mix(in srgb, {color-text} 10%, {color-surface})',
  'color-focus-ring': '{color-primary}',
  'color-backdrop': 'color-mix(in srgb, {color-text} 40%, transparent)',
  shadow: '0 4px 16px color-mix(in srgb, {color-text} 20%, transparent)',
  radius: 'var(--lp-ref-radius)',
  'spacing-unit': 'var(--lp-ref-space)',
  'font-family': 'var(--lp-ref-font-sans)',
  'font-size': 'var(--lp-ref-font-size)',
} as const;

export type Role = keyof typeof roles;

/** `var(--lp-sys-<role>, <default>)`, with the defaults of referenced roles inlined the same way. */
function roleVar(role: Role): string {
  const fallback = roles[role].replace(/\{([\w-]+)\}/g, (_, name: Role) => roleVar(name));
  return `var(--lp-sys-${role}, ${fallback})`;
}

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
const camelCase = (name: string) => name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

/** Roles for component CSS: `color: ${sys.colorTextMuted};`. */
export const sys = Object.fromEntries(
  (Object.keys(roles) as Role[]).map((role) => [camelCase(role), unsafeCSS(roleVar(role))]),
) as { readonly [R in Role as CamelCase<R>]: CSSResult };

/** `calc(<spacing unit> * n)` */
export const space = (n: number): CSSResult => unsafeCSS(`calc(${sys.spacingUnit} * ${n})`);

/** The base font size scaled, e.g. `text(0.875)` for secondary text. */
export const text = (scale: number): CSSResult => unsafeCSS(`calc(${sys.fontSize} * ${scale})`);

/** `--lp-<prefix>-<name>: <value>;` for each entry. */
export const declarations = (prefix: string, values: Record<string, string>): string =>
  Object.entries(values)
    .map(([name, value]) => `--lp-${prefix}-${name}: ${value};`)
    .join(' ');

/** In every widget's styles: the palette, declared on `:host` so a widget works on a page without the sheet. */
export const themeStyles = css`
  :host {
    ${unsafeCSS(declarations('ref', palette))}
  }
`;
