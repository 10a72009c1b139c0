import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport } from '../core/testing/fixture-transport.js';
import created from '../fixtures/available/customers.post.json';
import './dashboard.js';

interface Args {
  /** Fixture folder (a customer's external id): widgets/fixtures/<scenario>/ */
  scenario: string;
}

/** The customer `available` creates in the recording (its folder is its public id, new in every recording). */
const NEW_CUSTOMER = created.external_id;

const meta: Meta<Args> = {
  title: 'Widgets/Dashboard',
  component: 'lp-dashboard',
  tags: ['autodocs'],
  args: { scenario: 'available' },
  argTypes: {
    scenario: { control: 'select', options: ['available', 'limited', 'paused', 'exhausted', 'archived', 'tiers-off', 'read-only', NEW_CUSTOMER] },
  },
  render: ({ scenario }, { parameters }) => html`<lp-dashboard
    token=${fakeToken()}
    .transport=${fixtureTransport(scenario, parameters['fixtures'])}
  ></lp-dashboard>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Roof Pros: recent leads, 30 days of purchases, a week of bid outcomes, caps with one reached, 3 of 4 steps done. */
export const Active: Story = {};
export const FundsLimited: Story = { args: { scenario: 'limited' } };
export const FundsExhausted: Story = { args: { scenario: 'exhausted' } };
export const NoTiers: Story = { args: { scenario: 'tiers-off' } };
/** A brand-new customer: no purchases yet, every getting-started step still to do. */
export const NewCustomer: Story = { args: { scenario: NEW_CUSTOMER } };
export const ArchivedWithoutPurchases: Story = { args: { scenario: 'archived' } };
export const Loading: Story = { parameters: { fixtures: { delayMs: Infinity } } };
export const LoadError: Story = { parameters: { fixtures: { fail: 'server-error' } } };
export const SessionEnded: Story = { parameters: { fixtures: { fail: 'unauthorized' } } };
