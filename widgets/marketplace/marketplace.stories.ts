import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport, loadFixture } from '../core/testing/fixture-transport.js';
import './marketplace.js';

interface Args {
  /** Fixture folder (a customer's external id): widgets/fixtures/<scenario>/ */
  scenario: string;
}

const meta: Meta<Args> = {
  title: 'Widgets/Marketplace',
  component: 'lp-marketplace',
  tags: ['autodocs'],
  args: { scenario: 'available' },
  argTypes: { scenario: { control: 'select', options: ['available', 'exhausted', 'paused', 'read-only'] } },
  render: ({ scenario }, { parameters }) => html`<lp-marketplace
    token=${fakeToken()}
    customer-id=${scenario}
    .transport=${fixtureTransport(scenario, parameters['fixtures'])}
  ></lp-marketplace>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Open listings with falling prices; one is shared. */
export const Listings: Story = {};
/** A listing arrives on the event stream two seconds in, as a provider lists it. */
export const LiveListing: Story = {
  render: () => {
    const transport = fixtureTransport('available');
    setTimeout(async () => transport.push('marketplace.listed', (await loadFixture<{ listing: Record<string, unknown> }>('available', 'marketplace/live-listing')).listing), 2_000);
    return html`<lp-marketplace token=${fakeToken()} customer-id="available" .transport=${transport}></lp-marketplace>`;
  },
};
/** A viewer: the listings without buy controls. */
export const ViewerReadOnly: Story = { args: { scenario: 'read-only' } };
/** Buying fails for funds: the error offers "Add funds". */
export const NotEnoughFunds: Story = { args: { scenario: 'exhausted' } };
export const Loading: Story = { parameters: { fixtures: { delayMs: Infinity } } };
export const LoadError: Story = { parameters: { fixtures: { fail: 'server-error' } } };
