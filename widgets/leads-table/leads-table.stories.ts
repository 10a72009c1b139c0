import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeToken } from '../core/testing/fake-token.js';
import './leads-table.js';
import { leadsTransport } from './testing/leads-transport.js';

interface Args {
  /** Fixture folder (a customer's external id): widgets/fixtures/<scenario>/ */
  scenario: string;
}

/** Recorded replies of the real API (D28); a second page answers "Load more", the recorded CSV the export. */
const meta: Meta<Args> = {
  title: 'Widgets/Leads table',
  component: 'lp-leads-table',
  tags: ['autodocs'],
  args: { scenario: 'available' },
  argTypes: { scenario: { control: 'select', options: ['available', 'read-only', 'tiers-off', 'archived'] } },
  render: ({ scenario }, { parameters }) => html`<lp-leads-table
    token=${fakeToken()}
    customer-id=${scenario}
    .lead=${parameters['lead']}
    .transport=${leadsTransport(scenario, parameters['fixtures'])}
  ></lp-leads-table>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Roof Pros: a page of leads (some returned or pending), "Load more", export, the column chooser. */
export const List: Story = {};
/** A viewer's leads. */
export const Viewer: Story = { args: { scenario: 'read-only' } };
/** No leads yet. */
export const Empty: Story = { args: { scenario: 'archived' } };
/** 10,000 loaded leads (generated from a recorded one): only the rows in view are rendered. */
export const TenThousandRows: Story = { parameters: { fixtures: { generated: { count: 10_000, pageSize: 10_000 } } } };
export const Loading: Story = { parameters: { fixtures: { delayMs: Infinity } } };
export const LoadError: Story = { parameters: { fixtures: { fail: 'server-error' } } };
