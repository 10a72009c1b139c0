import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fixtureTransport } from '../core/testing/fixture-transport.js';
import './portal-app.js';

interface Args {
  /** The signed-in user's first customer: widgets/fixtures/<scenario>/ (the token comes from /app/token). */
  scenario: string;
}

const meta: Meta<Args> = {
  title: 'App/Portal app',
  component: 'lp-portal-app',
  tags: ['autodocs'],
  args: { scenario: 'available' },
  argTypes: {
    scenario: { control: 'select', options: ['available', 'limited', 'paused', 'exhausted', 'archived', 'tiers-off'] },
  },
  parameters: { layout: 'fullscreen' },
  render: ({ scenario }, { parameters }) => html`<lp-portal-app
    base-path="/app"
    provider-name="Acme Leads"
    .transport=${fixtureTransport(scenario, parameters['fixtures'])}
    .navigate=${(url: string) => console.info(`<lp-portal-app> would open ${url}`)}
  ></lp-portal-app>`,
};
export default meta;

type Story = StoryObj<Args>;

export const Dashboard: Story = {};
export const FundsLimited: Story = { args: { scenario: 'limited' } };
export const Inactive: Story = { args: { scenario: 'exhausted' } };
export const PausedAccount: Story = { args: { scenario: 'paused' } };
export const ArchivedAccount: Story = { args: { scenario: 'archived' } };
export const NoTiers: Story = { args: { scenario: 'tiers-off' } };
export const Loading: Story = { parameters: { fixtures: { delayMs: Infinity } } };
/** No session: the app would open /app/sign-in (the story logs it instead of leaving). */
export const NotSignedIn: Story = { parameters: { fixtures: { fail: 'unauthorized' } } };
