// A provider's React 19 app embedding the Lead Portal widgets from the package (issue 10): each widget's module is
// imported before the first render, so React finds their properties and sets `appearance` and `fetchToken` as
// properties, not as string attributes.
import type {} from 'lead-portal/jsx';
import type { Appearance, FetchToken } from 'lead-portal';
import 'lead-portal/portal';
import 'lead-portal/wallet-balance';
import 'lead-portal/customer-badge';
import 'lead-portal/customer-switcher';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import './app.css';

const portalOrigin = document.querySelector<HTMLMetaElement>('meta[name="lead-portal-origin"]')!.content;

/** The widgets ask for a token when they start, before it expires and after a 401; this site's backend signs it. */
const fetchToken: FetchToken = async () => {
  const reply = await fetch('/demo/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'dana' }) });
  if (!reply.ok) throw new Error(`token request failed: ${reply.status}`);
  return ((await reply.json()) as { token: string }).token;
};

const appearance: Appearance = { colorPrimary: '#6d28d9', borderRadius: '12px' };

function App() {
  const [customerId, setCustomerId] = useState('roof-pros');
  const [status, setStatus] = useState('');
  const [section, setSection] = useState('home');
  return (
    <>
      <header>
        <h1>Acme Leads</h1>
      </header>
      <lp-portal
        api-base={portalOrigin}
        customer-id={customerId}
        fetchToken={fetchToken}
        appearance={appearance}
        onlp-customer-switched={(event) => {
          setCustomerId(event.detail.customerId);
          setStatus(`Now buying for ${event.detail.customer.name}`);
        }}
        onlp-session-expired={() => setStatus('Your session has ended: sign in again.')}
      >
        <main>
          <section className="bar" aria-label="Your account">
            <lp-wallet-balance
              billing-href="/billing"
              onlp-navigate={(event) => {
                // This app routes by itself: the wallet's link must not load /billing.
                event.preventDefault();
                setSection(event.detail.section);
              }}
            />
            <lp-customer-badge />
            <lp-customer-switcher />
          </section>
          <p role="status">{status}</p>
          {section === 'billing' ? (
            <section aria-labelledby="billing-title">
              <h2 id="billing-title">Billing</h2>
              <p>The wallet asked for billing; this app shows its own page.</p>
              <button type="button" onClick={() => setSection('home')}>Back to the Buyer Center</button>
            </section>
          ) : (
            <section aria-labelledby="funding-title">
              <h2 id="funding-title">Funding</h2>
              <lp-wallet-balance variant="detail" />
            </section>
          )}
        </main>
      </lp-portal>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
