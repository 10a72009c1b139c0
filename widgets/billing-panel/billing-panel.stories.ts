import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeToken } from '../core/testing/fake-token.js';
import './billing-panel.js';
import { billingTransport, type BillingFixtureOptions } from './testing/billing-transport.js';
import { stripeDouble, type StripeDoubleOptions } from './testing/stripe-double.js';

interface Args {
  /** Fixture folder (a customer's external id): widgets/fixtures/<scenario>/ */
  scenario: string;
  /** Which recorded outcome "Add funds" gets. */
  deposit: 'succeeded' | NonNullable<BillingFixtureOptions['deposit']>;
}

/** Recorded replies of the real API (D28) and the local Stripe.js double: Stripe.js cannot load offline. */
const meta: Meta<Args> = {
  title: 'Widgets/Billing panel',
  component: 'lp-billing-panel',
  tags: ['autodocs'],
  args: { scenario: 'available', deposit: 'succeeded' },
  argTypes: {
    scenario: { control: 'select', options: ['available', 'limited', 'read-only', 'tiers-off', 'paused'] },
    deposit: { control: 'select', options: ['succeeded', 'declined', 'three-d-secure', 'processing'] },
  },
  render: ({ scenario, deposit }, { parameters }) => html`<lp-billing-panel
    token=${fakeToken()}
    .transport=${billingTransport(scenario, { ...parameters['fixtures'], deposit: deposit === 'succeeded' ? undefined : deposit })}
    .stripeLoader=${stripeDouble(parameters['stripe'] as StripeDoubleOptions | undefined).load}
  ></lp-billing-panel>`,
};
export default meta;

type Story = StoryObj<Args>;

/** An admin: two cards, add funds with the 2.9% fee shown, auto-recharge off, a page and a half of transactions. */
export const Admin: Story = {};
/** "Add funds" is declined with Stripe's message. */
export const CardDeclined: Story = { args: { deposit: 'declined' } };
/** "Add funds" needs 3-D Secure: the Stripe.js double completes it, then the wallet is credited. */
export const ThreeDSecure: Story = { args: { deposit: 'three-d-secure' } };
/** "Add funds" is charged but Stripe's confirmation has not arrived: the panel says it is processing. */
export const Processing: Story = { args: { deposit: 'processing' } };
/** "Add a card": the Payment Element double refuses the card. */
export const CardRefused: Story = { parameters: { stripe: { setupError: 'Your card number is incomplete.' } } };
/** Stripe.js cannot be loaded (offline, blocked): "Add a card" says so. */
export const StripeUnavailable: Story = { parameters: { stripe: { unavailable: true } } };
/** A buyer: cards, settings and transactions read-only. */
export const ReadOnlyBuyer: Story = { args: { scenario: 'limited' } };
/** A viewer. */
export const ReadOnlyViewer: Story = { args: { scenario: 'read-only' } };
/** The provider has no Stripe keys: card payments are not set up; transactions still show. */
export const PaymentsNotConfigured: Story = { args: { scenario: 'tiers-off' } };
export const Loading: Story = { parameters: { fixtures: { delayMs: Infinity } } };
export const LoadError: Story = { parameters: { fixtures: { fail: 'server-error' } } };
export const SessionEnded: Story = { parameters: { fixtures: { fail: 'unauthorized' } } };
