import type { ArgTypes } from '@storybook/web-components-vite';

/** The main `--lp-sys-*` roles as controls, so every story can be re-themed from the Controls panel. */
export const themeTokens = {
  colorPrimary: { token: '--lp-sys-color-primary', control: 'color' },
  colorDanger: { token: '--lp-sys-color-danger', control: 'color' },
  colorWarning: { token: '--lp-sys-color-warning', control: 'color' },
  colorSuccess: { token: '--lp-sys-color-success', control: 'color' },
  colorSurface: { token: '--lp-sys-color-surface', control: 'color' },
  colorText: { token: '--lp-sys-color-text', control: 'color' },
  radius: { token: '--lp-sys-radius', control: 'text' },
  spacingUnit: { token: '--lp-sys-spacing-unit', control: 'text' },
  fontFamily: { token: '--lp-sys-font-family', control: 'text' },
  fontSize: { token: '--lp-sys-font-size', control: 'text' },
} as const;

export type ThemeArgs = { [K in keyof typeof themeTokens]?: string };

export const themeArgTypes: Partial<ArgTypes<ThemeArgs>> = Object.fromEntries(
  Object.entries(themeTokens).map(([arg, { token, control }]) => [
    arg,
    { name: token, control, description: `Sets ${token} on the story's host`, table: { category: 'Theme tokens' } },
  ]),
);

/** Sets the tokens the controls hold on `element` (the story's host) and clears the empty ones. */
export function applyThemeArgs(element: HTMLElement, args: ThemeArgs): void {
  for (const [arg, { token }] of Object.entries(themeTokens)) {
    const value = args[arg as keyof ThemeArgs];
    if (value) element.style.setProperty(token, value);
    else element.style.removeProperty(token);
  }
}
