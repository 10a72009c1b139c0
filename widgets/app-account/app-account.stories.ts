import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { loadFixture } from '../core/testing/fixture-transport.js';
import './app-account.js';

interface Args {
  page: 'sign-in' | 'register' | 'forgot-password' | 'reset-password' | 'accept-invite' | 'verify-email';
  registration: string;
  demo: boolean;
}

/** Each POST answered with a recorded reply of the real endpoint (widgets/fixtures/app-account/). */
const replies: Record<string, string> = {
  '/app/session': 'session-refused',
  '/app/register': 'register-taken',
  '/app/password-reset': 'password-reset',
  '/app/password-reset/confirm': 'password-reset-used',
  '/app/invites/accept': 'invites-accept-new-user',
  '/app/verify-email': 'verify-email',
};
const transport = async (request: Request) => {
  const { status, body } = await loadFixture<{ status: number; body: unknown }>('app-account', replies[new URL(request.url).pathname] ?? 'session-refused');
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
};

const meta: Meta<Args> = {
  title: 'App/Account pages',
  component: 'lp-app-account',
  tags: ['autodocs'],
  args: { page: 'sign-in', registration: '', demo: true },
  argTypes: { page: { control: 'select', options: ['sign-in', 'register', 'forgot-password', 'reset-password', 'accept-invite', 'verify-email'] } },
  parameters: { layout: 'fullscreen' },
  render: ({ page, registration, demo }) => {
    // Mail links carry a token in the fragment.
    if (['reset-password', 'accept-invite', 'verify-email'].includes(page)) window.history.replaceState(null, '', `${location.pathname}${location.search}#token=story`);
    return html`<lp-app-account
      page=${page}
      base-path="/app"
      provider-name="Acme Leads"
      logo-url="/demo/acme-logo.svg"
      appearance='{"colorPrimary":"#0b5cad","borderRadius":"8px"}'
      consents='[{"label":"Terms of service","url":"https://example.com/terms"}]'
      registration=${registration}
      demo-email=${demo ? 'dana@roofpros.example' : ''}
      demo-password=${demo ? 'lead-portal-demo' : ''}
      .transport=${transport}
      .navigate=${() => undefined}
    ></lp-app-account>`;
  },
};
export default meta;

type Story = StoryObj<Args>;

export const SignIn: Story = {};
export const Register: Story = { args: { page: 'register' } };
export const RegistrationClosed: Story = { args: { page: 'register', registration: 'closed' } };
export const ForgotPassword: Story = { args: { page: 'forgot-password' } };
export const ResetPassword: Story = { args: { page: 'reset-password' } };
export const AcceptInvite: Story = { args: { page: 'accept-invite' } };
export const VerifyEmail: Story = { args: { page: 'verify-email' } };
