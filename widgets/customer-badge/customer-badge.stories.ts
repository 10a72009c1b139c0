import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport } from '../core/testing/fixture-transport.js';
import './customer-badge.js';

interface Args {
  /** Fixture folder (a customer's external id): widgets/fixtures/<scenario>/ */
  scenario: string;
  variant: 'compact' | 'detail';
}

const meta: Meta<Args> = {
  title: 'Widgets/Customer badge',
  component: 'lp-customer-badge',
  tags: ['autodocs'],
  args: { scenario: 'available', variant: 'compact' },
  argTypes: {
    scenario: { control: 'select', options: ['available', 'limited', 'paused', 'exhausted', 'archived', 'tiers-off'] },
    variant: { control: 'inline-radio', options: ['compact', 'detail'] },
  },
  render: ({ scenario, variant }, { parameters }) => html`<lp-customer-badge
    token=${fakeToken()}
    variant=${variant}
    .transport=${fixtureTransport(scenario, parameters['fixtures'])}
  ></lp-customer-badge>`,
};
export default meta;

type Story = StoryObj<Args>;

export const TopTier: Story = {};
export const LowestTier: Story = { args: { scenario: 'exhausted' } };
export const NoPurchasesYet: Story = { args: { scenario: 'archived' } };
export const NoTiers: Story = { args: { scenario: 'tiers-off' } };
export const Detail: Story = { args: { scenario: 'limited', variant: 'detail' } };
export const DetailWithoutTiers: Story = { args: { scenario: 'tiers-off', variant: 'detail' } };
export const Loading: Story = { parameters: { fixtures: { delayMs: Infinity } } };
export const LoadError: Story = { parameters: { fixtures: { fail: 'server-error' } } };
export const SessionEnded: Story = { parameters: { fixtures: { fail: 'unauthorized' } } };
