import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport } from '../core/testing/fixture-transport.js';
import './wallet-balance.js';

interface Args {
  /** Fixture folder (a customer's external id): widgets/fixtures/<scenario>/ */
  scenario: string;
  variant: 'compact' | 'detail';
  billingHref: string;
}

const meta: Meta<Args> = {
  title: 'Widgets/Wallet balance',
  component: 'lp-wallet-balance',
  tags: ['autodocs'],
  args: { scenario: 'available', variant: 'compact', billingHref: '' },
  argTypes: {
    scenario: { control: 'select', options: ['available', 'limited', 'exhausted', 'paused', 'archived'] },
    variant: { control: 'inline-radio', options: ['compact', 'detail'] },
  },
  render: ({ scenario, variant, billingHref }, { parameters }) => html`<lp-wallet-balance
    token=${fakeToken()}
    variant=${variant}
    billing-href=${billingHref || undefined}
    .transport=${fixtureTransport(scenario, parameters['fixtures'])}
  ></lp-wallet-balance>`,
};
export default meta;

type Story = StoryObj<Args>;

export const FundsAvailable: Story = {};
export const FundsLimited: Story = { args: { scenario: 'limited' } };
export const FundsExhausted: Story = { args: { scenario: 'exhausted' } };
export const Detail: Story = { args: { scenario: 'limited', variant: 'detail' } };
export const DetailWithoutBids: Story = { args: { scenario: 'archived', variant: 'detail' } };
export const PausedAccount: Story = { args: { scenario: 'paused', variant: 'detail' } };
export const Loading: Story = { parameters: { fixtures: { delayMs: Infinity } } };
export const LoadError: Story = { parameters: { fixtures: { fail: 'server-error' } } };
export const SessionEnded: Story = { parameters: { fixtures: { fail: 'unauthorized' } } };
