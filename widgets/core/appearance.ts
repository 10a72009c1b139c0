import type { Role } from './theme.js';

/** Stripe/Clerk-style theme settings; each maps 1:1 to a `--lp-sys-*` role. */
export interface Appearance {
  colorPrimary?: string;
  colorDanger?: string;
  colorWarning?: string;
  colorSuccess?: string;
  colorBackground?: string;
  colorText?: string;
  borderRadius?: string;
  fontFamily?: string;
  spacingUnit?: string;
  fontSize?: string;
}

const appearanceRoles: Record<keyof Appearance, Role> = {
  colorPrimary: 'color-primary',
  colorDanger: 'color-danger',
  colorWarning: 'color-warning',
  colorSuccess: 'color-success',
  colorBackground: 'color-surface',
  colorText: 'color-text',
  borderRadius: 'radius',
  fontFamily: 'font-family',
  spacingUnit: 'spacing-unit',
  fontSize: 'font-size',
};

/** Sets the roles `appearance` names on `element` (CSSOM, so CSP-clean) and clears the ones it leaves out. */
export function applyAppearance(element: HTMLElement, appearance: Appearance = {}): void {
  for (const [key, role] of Object.entries(appearanceRoles) as [keyof Appearance, Role][]) {
    const value = appearance[key];
    if (value) element.style.setProperty(`--lp-sys-${role}`, value);
    else element.style.removeProperty(`--lp-sys-${role}`);
  }
}
