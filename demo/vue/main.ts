// A provider's Vue 3 app embedding the Lead Portal widgets from the package (issue 10), with render functions
// (`h()`): no template compiler at run time, so it runs under a CSP without 'unsafe-eval', and no SFC plugin.
// Vue sets a prop as a property when the element has one (`appearance`, `fetchToken`), else as an attribute
// (`customer-id`); `onLpNavigate` listens to the `lp-navigate` DOM event. Templates compiled at build time would
// need `isCustomElement: (tag) => tag.startsWith('lp-')` in the compiler options.
import type { Appearance, FetchToken } from 'lead-portal';
import 'lead-portal/portal';
import 'lead-portal/wallet-balance';
import 'lead-portal/customer-badge';
import 'lead-portal/customer-switcher';
import { createApp, defineComponent, h, ref } from 'vue';
import './app.css';

const portalOrigin = document.querySelector<HTMLMetaElement>('meta[name="lead-portal-origin"]')!.content;

/** The widgets ask for a token when they start, before it expires and after a 401; this site's backend signs it. */
const fetchToken: FetchToken = async () => {
  const reply = await fetch('/demo/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'dana' }) });
  if (!reply.ok) throw new Error(`token request failed: ${reply.status}`);
  return ((await reply.json()) as { token: string }).token;
};

const appearance: Appearance = { colorPrimary: '#6d28d9', borderRadius: '12px' };

const App = defineComponent(() => {
  const customerId = ref('roof-pros');
  const status = ref('');
  const section = ref('home');

  const onCustomerSwitched = (event: GlobalEventHandlersEventMap['lp-customer-switched']) => {
    customerId.value = event.detail.customerId;
    status.value = `Now buying for ${event.detail.customer.name}`;
  };
  const onNavigate = (event: GlobalEventHandlersEventMap['lp-navigate']) => {
    // This app routes by itself: the wallet's link must not load /billing.
    event.preventDefault();
    section.value = event.detail.section;
  };

  const page = () =>
    section.value === 'billing'
      ? h('section', { 'aria-labelledby': 'billing-title' }, [
          h('h2', { id: 'billing-title' }, 'Billing'),
          h('p', 'The wallet asked for billing; this app shows its own page.'),
          h('button', { type: 'button', onClick: () => (section.value = 'home') }, 'Back to the Buyer Center'),
        ])
      : h('section', { 'aria-labelledby': 'funding-title' }, [h('h2', { id: 'funding-title' }, 'Funding'), h('lp-wallet-balance', { variant: 'detail' })]);

  return () => [
    h('header', h('h1', 'Acme Leads')),
    h(
      'lp-portal',
      {
        'api-base': portalOrigin,
        'customer-id': customerId.value,
        fetchToken,
        appearance,
        onLpCustomerSwitched: onCustomerSwitched,
        onLpSessionExpired: () => (status.value = 'Your session has ended: sign in again.'),
      },
      h('main', [
        h('section', { class: 'bar', 'aria-label': 'Your account' }, [
          h('lp-wallet-balance', { 'billing-href': '/billing', onLpNavigate: onNavigate }),
          h('lp-customer-badge'),
          h('lp-customer-switcher'),
        ]),
        h('p', { role: 'status' }, status.value),
        page(),
      ]),
    ),
  ];
});

createApp(App).mount('#app');
