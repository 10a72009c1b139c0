import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeToken } from '../core/testing/fake-token.js';
import './notifications.js';
import type { LpNotifications } from './notifications.js';
import { notificationsTransport, type NotificationsFixtureOptions } from './testing/notifications-transport.js';

interface Args {
  /** Fixture folder (a customer's external id): widgets/fixtures/<scenario>/ */
  scenario: string;
}

/** Recorded replies of the real API (D28): deliveries made by the real outbox and worker to a local receiver. */
const meta: Meta<Args> = {
  title: 'Widgets/Notifications',
  component: 'lp-notifications',
  tags: ['autodocs'],
  args: { scenario: 'available' },
  argTypes: { scenario: { control: 'select', options: ['available', 'limited', 'read-only', 'archived'] } },
  render: ({ scenario }, { parameters }) => html`<lp-notifications
    token=${fakeToken()}
    customer-id=${scenario}
    locale="en-US"
    .transport=${notificationsTransport(scenario, parameters['fixtures'] as NotificationsFixtureOptions | undefined)}
  ></lp-notifications>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Waits for the list, then presses the button `selector` names. */
async function press(canvas: HTMLElement, selector: string): Promise<LpNotifications> {
  const element = canvas.querySelector('lp-notifications') as LpNotifications;
  const button = () => element.shadowRoot?.querySelector<HTMLButtonElement>(selector);
  for (let i = 0; i < 100 && !button(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  button()?.click();
  await element.updateComplete;
  return element;
}

/** An admin: an email desk, two webhooks, a text-message phone scoped to bids, a disabled inbox; a delivery log in every state. */
export const Recipients: Story = {};
/** A buyer with no recipients yet: adding the first webhook shows the signing secret once. */
export const Empty: Story = { args: { scenario: 'limited' } };
/** A viewer: the list and the log, no write controls. */
export const ViewerReadOnly: Story = { args: { scenario: 'read-only' } };
/** Save pressed on an empty form: the form's own checks. */
export const FormWithValidationErrors: Story = {
  play: async ({ canvasElement }) => {
    const element = await press(canvasElement, '[part="create"]');
    element.shadowRoot!.querySelector<HTMLButtonElement>('dialog.form button[type="submit"]')!.click();
  },
};
/** A webhook to a private address: the server's message under the URL field. */
export const ServerFieldError: Story = {
  parameters: { fixtures: { create: 'invalid' } },
  play: async ({ canvasElement }) => {
    const element = await press(canvasElement, '[part="create"]');
    const root = element.shadowRoot!;
    const set = (selector: string, value: string) => {
      const input = root.querySelector<HTMLInputElement>(selector)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    set('#name', 'Internal');
    root.querySelectorAll<HTMLInputElement>('input[name="channel"]')[2]!.click();
    await element.updateComplete;
    set('#address', 'https://10.0.0.5/leads');
    root.querySelector<HTMLButtonElement>('dialog.form button[type="submit"]')!.click();
  },
};
export const Loading: Story = { parameters: { fixtures: { delayMs: Infinity } } };
export const LoadError: Story = { parameters: { fixtures: { fail: 'server-error' } } };
