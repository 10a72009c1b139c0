// The provider site's own script: hands the widgets a way to get a fresh token from this site's backend.
const portal = document.getElementById('portal');
const userSelect = document.getElementById('demo-user');

function tokenFetcher(user) {
  return async () => {
    const reply = await fetch('/demo/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user }),
    });
    if (!reply.ok) throw new Error(`token request failed: ${reply.status}`);
    return (await reply.json()).token;
  };
}

userSelect.addEventListener('change', () => {
  portal.removeAttribute('customer-id');
  portal.fetchToken = tokenFetcher(userSelect.value);
});
portal.fetchToken = tokenFetcher(userSelect.value);
portal.addEventListener('lp-navigate', (event) => {
  if (event.detail.section === 'billing') location.assign('/app/billing');
});
