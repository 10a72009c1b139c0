import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport } from '../core/testing/fixture-transport.js';
import './account-status.js';

interface Args {
  /** Fixture folder (a customer's external id): widgets/fixtures/<scenario>/ */
  scenario: string;
}

const meta: Meta<Args> = {
  title: 'Widgets/Account status',
  component: 'lp-account-status',
  tags: ['autodocs'],
  args: { scenario: 'paused' },
  argTypes: { scenario: { control: 'select', options: ['available', 'paused', 'archived', 'exhausted'] } },
  render: ({ scenario }, { parameters }) => html`<lp-account-status
    token=${fakeToken()}
    .transport=${fixtureTransport(scenario, parameters['fixtures'])}
  ></lp-account-status>`,
};
export default meta;

type Story = StoryObj<Args>;

export const Paused: Story = {};
export const Archived: Story = { args: { scenario: 'archived' } };
/** Active, but funds cover no bid (D16). */
export const Inactive: Story = { args: { scenario: 'exhausted' } };
/** An active account shows nothing (its live region stays, empty). */
export const Active: Story = { args: { scenario: 'available' } };
export const LoadError: Story = { parameters: { fixtures: { fail: 'server-error' } } };
export const SessionEnded: Story = { parameters: { fixtures: { fail: 'unauthorized' } } };
