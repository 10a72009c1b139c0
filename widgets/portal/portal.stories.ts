import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../account-status/account-status.js';
import type { Appearance as AppearanceSettings } from '../core/appearance.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport } from '../core/testing/fixture-transport.js';
import '../customer-badge/customer-badge.js';
import '../customer-switcher/customer-switcher.js';
import '../wallet-balance/wallet-balance.js';
import './portal.js';

interface Args {
  /** The token's first customer: widgets/fixtures/<scenario>/ */
  scenario: string;
  appearance: AppearanceSettings;
}

const meta: Meta<Args> = {
  title: 'Widgets/Portal',
  component: 'lp-portal',
  tags: ['autodocs'],
  args: { scenario: 'available', appearance: {} },
  argTypes: {
    scenario: { control: 'select', options: ['available', 'limited', 'paused', 'exhausted', 'archived', 'tiers-off'] },
    appearance: { control: 'object' },
  },
  render: ({ scenario, appearance }, { parameters }) => html`<lp-portal
    .fetchToken=${async () => fakeToken()}
    .transport=${fixtureTransport(scenario, parameters['fixtures'])}
    .appearance=${appearance}
  >
    <div class="bar">
      <lp-wallet-balance></lp-wallet-balance>
      <lp-customer-badge></lp-customer-badge>
      <lp-customer-switcher></lp-customer-switcher>
    </div>
    <lp-account-status></lp-account-status>
    <lp-wallet-balance variant="detail"></lp-wallet-balance>
  </lp-portal>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Every widget under one portal: switch the customer and all of them follow. */
export const TopBar: Story = {};
export const PausedAccount: Story = { args: { scenario: 'paused' } };
export const ArchivedAccount: Story = { args: { scenario: 'archived' } };
export const NoTiers: Story = { args: { scenario: 'tiers-off' } };
/** A provider's brand through `appearance` (each key sets one `--lp-sys-*` role). */
export const BrandAppearance: Story = {
  args: { appearance: { colorPrimary: '#6d28d9', colorSuccess: '#047857', borderRadius: '2px', fontFamily: 'Georgia, serif' } },
};
export const SessionEnded: Story = { parameters: { fixtures: { fail: 'unauthorized' } } };
