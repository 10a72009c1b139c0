import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport } from '../core/testing/fixture-transport.js';
import './bidding-limits.js';

interface Args {
  /** Fixture folder (a customer's external id): widgets/fixtures/<scenario>/ */
  scenario: string;
}

const meta: Meta<Args> = {
  title: 'Widgets/Bidding limits',
  component: 'lp-bidding-limits',
  tags: ['autodocs'],
  args: { scenario: 'available' },
  argTypes: { scenario: { control: 'select', options: ['available', 'limited', 'archived', 'read-only', 'paused'] } },
  render: ({ scenario }, { parameters }) => html`<lp-bidding-limits
    token=${fakeToken()}
    .transport=${fixtureTransport(scenario, parameters['fixtures'])}
  ></lp-bidding-limits>`,
};
export default meta;

type Story = StoryObj<Args>;

/** An admin: account caps with usage, a bid whose daily cap is reached, the timezone editor. */
export const CapsWithUsage: Story = {};
/** A buyer with no caps yet: the explanation and "Set a cap"; no timezone editor (admins only). */
export const NoCapsBuyer: Story = { args: { scenario: 'limited' } };
/** No caps and no bids. */
export const Empty: Story = { args: { scenario: 'archived' } };
/** A viewer: read-only. */
export const ReadOnly: Story = { args: { scenario: 'read-only' } };
export const Loading: Story = { parameters: { fixtures: { delayMs: Infinity } } };
export const LoadError: Story = { parameters: { fixtures: { fail: 'server-error' } } };
export const SessionEnded: Story = { parameters: { fixtures: { fail: 'unauthorized' } } };
