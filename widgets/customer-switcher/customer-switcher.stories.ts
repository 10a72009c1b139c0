import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport } from '../core/testing/fixture-transport.js';
import './customer-switcher.js';

interface Args {
  /** Fixture folder (a customer's external id): widgets/fixtures/<scenario>/ */
  scenario: string;
}

const meta: Meta<Args> = {
  title: 'Widgets/Customer switcher',
  component: 'lp-customer-switcher',
  tags: ['autodocs'],
  args: { scenario: 'available' },
  argTypes: {
    scenario: { control: 'select', options: ['available', 'limited', 'paused', 'exhausted', 'archived', 'tiers-off'] },
  },
  render: ({ scenario }, { parameters }) => html`<lp-customer-switcher
    token=${fakeToken()}
    .transport=${fixtureTransport(scenario, parameters['fixtures'])}
  ></lp-customer-switcher>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Three customers; choosing one switches to it (alone, the switcher follows its own choice). */
export const ThreeCustomers: Story = {};
export const PausedCustomerActive: Story = { args: { scenario: 'paused' } };
/** One customer, but the provider allows setting up another: the menu offers it. */
export const OneCustomerWithSelfService: Story = { args: { scenario: 'exhausted' } };
/** One customer and no self-service: the switcher renders nothing. */
export const Hidden: Story = { args: { scenario: 'tiers-off' } };
export const Loading: Story = { parameters: { fixtures: { delayMs: Infinity } } };
export const LoadError: Story = { parameters: { fixtures: { fail: 'server-error' } } };
export const SessionEnded: Story = { parameters: { fixtures: { fail: 'unauthorized' } } };
