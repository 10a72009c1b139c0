import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../account-status/account-status.js';
import '../bids-manager/bids-manager.js';
import type { Appearance } from '../core/appearance.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport } from '../core/testing/fixture-transport.js';
import '../customer-badge/customer-badge.js';
import '../customer-switcher/customer-switcher.js';
import '../marketplace/marketplace.js';
import '../portal/portal.js';
import '../wallet-balance/wallet-balance.js';

/** The preview's theme-token controls `colorSurface` and `radius` would set the same roles a second way here. */
type Args = Appearance & { theme: 'light' | 'dark'; colorSurface?: never; radius?: never };

/** The sample provider brand: a teal primary, square corners, a serif face. */
export const acmeBrand: Appearance = { colorPrimary: '#0f766e', borderRadius: '2px', fontFamily: 'Georgia, "Times New Roman", serif' };

const color = (role: string) => ({ control: 'color', description: `Sets --lp-sys-${role}`, table: { category: 'appearance' } }) as const;
const text = (role: string) => ({ control: 'text', description: `Sets --lp-sys-${role}`, table: { category: 'appearance' } }) as const;

const meta: Meta<Args> = {
  title: 'Theming',
  // Each control is one `appearance` key, i.e. one `--lp-sys-*` role; `theme` is the page's data-lp-theme.
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark'], description: 'The host page’s `data-lp-theme`' },
    colorPrimary: color('color-primary'),
    colorDanger: color('color-danger'),
    colorWarning: color('color-warning'),
    colorSuccess: color('color-success'),
    colorBackground: color('color-surface'),
    colorText: color('color-text'),
    borderRadius: text('radius'),
    fontFamily: text('font-family'),
    fontSize: text('font-size'),
    spacingUnit: text('spacing-unit'),
    colorSurface: { table: { disable: true } },
    radius: { table: { disable: true } },
  },
  args: { theme: 'light' },
  render: ({ theme, colorSurface: _surface, radius: _radius, ...appearance }) => {
    // The global toolbar sets the page theme too; this control wins inside the editor.
    if (theme === 'dark') document.documentElement.setAttribute('data-lp-theme', 'dark');
    else document.documentElement.removeAttribute('data-lp-theme');
    const set = Object.fromEntries(Object.entries(appearance).filter(([, value]) => value)) as Appearance;
    return html`<lp-portal .fetchToken=${async () => fakeToken()} .transport=${fixtureTransport('available')} .appearance=${set}>
      <div class="bar">
        <lp-wallet-balance></lp-wallet-balance>
        <lp-customer-badge></lp-customer-badge>
        <lp-customer-switcher></lp-customer-switcher>
      </div>
      <lp-account-status></lp-account-status>
      <lp-bids-manager></lp-bids-manager>
      <lp-marketplace></lp-marketplace>
    </lp-portal>`;
  },
};
export default meta;

type Story = StoryObj<Args>;

/** Change any control: every widget under the portal follows, nested ones included. */
export const Editor: Story = {};
export const Dark: Story = { args: { theme: 'dark' } };
export const ProviderBrand: Story = { args: acmeBrand };
export const ProviderBrandDark: Story = { args: { ...acmeBrand, colorPrimary: '#5eead4', theme: 'dark' } };
