import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport } from '../core/testing/fixture-transport.js';
import available from '../fixtures/available/leads.json';
import page2 from '../fixtures/available/leads/page-2.json';
import readOnly from '../fixtures/read-only/leads.json';
import tiersOff from '../fixtures/tiers-off/leads.json';
import type { LeadList } from '../leads-table/lead-types.js';
import './lead-detail.js';

interface Args {
  scenario: string;
  leadId: string;
}

const leads = [...(available as LeadList).items, ...(page2 as LeadList).items];
/** The first recorded lead with a detail file in this state (scripts/record-leads-fixtures.ts records one each). */
const find = (test: (lead: LeadList['items'][number]) => boolean, from = leads) => from.find(test)?.id ?? '';
const recent = leads.filter((lead) => !lead.return && lead.source.bid?.name);

const meta: Meta<Args> = {
  title: 'Widgets/Lead detail',
  component: 'lp-lead-detail',
  tags: ['autodocs'],
  args: { scenario: 'available', leadId: recent[0]?.id ?? '' },
  render: ({ scenario, leadId }, { parameters }) => html`<lp-lead-detail
    token=${fakeToken()}
    customer-id=${scenario}
    lead-id=${leadId}
    .transport=${fixtureTransport(scenario, parameters['fixtures'])}
  ></lp-lead-detail>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Returnable: the form with the provider's reasons; "Request return" succeeds and shows it pending. */
export const Returnable: Story = {};
/** Returnable when read, but the provider's reason list changed: the request answers 400 beside the reason. */
export const ReturnRefused: Story = { args: { leadId: recent[1]?.id ?? '' } };
/** Returnable when read, but returned from another tab meanwhile: the request answers 409. */
export const ReturnTaken: Story = { args: { leadId: recent[2]?.id ?? '' } };
export const ReturnPending: Story = { args: { leadId: find((lead) => lead.return?.status === 'pending') } };
export const Returned: Story = { args: { leadId: find((lead) => lead.return?.status === 'approved') } };
export const ReturnDenied: Story = { args: { leadId: find((lead) => lead.return?.status === 'denied') } };
/** The oldest lead, bought 9 days ago: the server says the window has closed. */
export const WindowClosed: Story = { args: { leadId: leads.at(-1)?.id ?? '' } };
/** Harbor does not accept returns. */
export const ReturnsDisabled: Story = { args: { scenario: 'tiers-off', leadId: (tiersOff as LeadList).items[0]?.id ?? '' } };
/** A viewer: no return form. */
export const Viewer: Story = { args: { scenario: 'read-only', leadId: (readOnly as LeadList).items[0]?.id ?? '' } };
export const Loading: Story = { parameters: { fixtures: { delayMs: Infinity } } };
export const LoadError: Story = { parameters: { fixtures: { fail: 'server-error' } } };
