import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport, type FixtureOptions } from '../core/testing/fixture-transport.js';
import './team.js';

interface Args {
  /** Fixture folder: `crew` (its admin), `limited` (a buyer, refused). */
  scenario: string;
}

/** Recorded replies of the real API (D28): a customer whose users came through /app. */
const meta: Meta<Args> = {
  title: 'Widgets/Team',
  component: 'lp-team',
  tags: ['autodocs'],
  args: { scenario: 'crew' },
  argTypes: { scenario: { control: 'select', options: ['crew', 'limited'] } },
  render: ({ scenario }, { parameters }) => html`<lp-team
    token=${fakeToken()}
    customer-id=${scenario}
    locale="en-US"
    .transport=${fixtureTransport(scenario, parameters['fixtures'] as FixtureOptions | undefined)}
  ></lp-team>`,
};
export default meta;

type Story = StoryObj<Args>;

export const Admin: Story = {};
export const NotAnAdmin: Story = { args: { scenario: 'limited' } };
export const Loading: Story = { parameters: { fixtures: { delayMs: Infinity } } };
export const LoadFailed: Story = { parameters: { fixtures: { fail: 'server-error' } } };
