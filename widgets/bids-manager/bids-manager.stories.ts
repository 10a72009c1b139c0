import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport } from '../core/testing/fixture-transport.js';
import type { LpBidForm } from './bid-form.js';
import './bids-manager.js';
import type { LpBidsManager } from './bids-manager.js';

interface Args {
  /** Fixture folder (a customer's external id): widgets/fixtures/<scenario>/ */
  scenario: string;
}

const meta: Meta<Args> = {
  title: 'Widgets/Bids manager',
  component: 'lp-bids-manager',
  tags: ['autodocs'],
  args: { scenario: 'limited' },
  argTypes: { scenario: { control: 'select', options: ['limited', 'available', 'paused', 'read-only', 'archived'] } },
  render: ({ scenario }, { parameters }) => html`<lp-bids-manager
    token=${fakeToken()}
    customer-id=${scenario}
    .transport=${fixtureTransport(scenario, parameters['fixtures'])}
  ></lp-bids-manager>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Waits for the list, opens the form and presses Save with nothing filled in. */
async function openFormWithErrors(canvas: HTMLElement): Promise<void> {
  const manager = canvas.querySelector('lp-bids-manager') as LpBidsManager;
  const create = async () => manager.shadowRoot?.querySelector<HTMLButtonElement>('[part="create"]');
  for (let i = 0; i < 100 && !(await create()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  (await create())?.click();
  const form = manager.shadowRoot!.querySelector('lp-bid-form') as LpBidForm;
  await form.updateComplete;
  form.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

/** One bid competing, one not: its wallet cannot cover the amount. */
export const List: Story = {};
/** A bid whose daily cap is reached. */
export const Capped: Story = { args: { scenario: 'available' } };
/** The account is paused: no bid competes. */
export const AccountPaused: Story = { args: { scenario: 'paused' } };
/** A viewer: the list with a paused and an off-schedule bid, and no write controls. */
export const ViewerReadOnly: Story = { args: { scenario: 'read-only' } };
export const Empty: Story = { args: { scenario: 'archived' } };
export const FormWithValidationErrors: Story = { play: ({ canvasElement }) => openFormWithErrors(canvasElement) };
export const Loading: Story = { parameters: { fixtures: { delayMs: Infinity } } };
export const LoadError: Story = { parameters: { fixtures: { fail: 'server-error' } } };
