// Leads fixtures for `<lp-leads-table>` and `<lp-lead-detail>` (issue 4), recorded by `npm run fixtures` after
// every other reply, so those stay as recorded. Every purchase is a lead the provider posts to the real auction
// (`POST /provider/v1/leads`) at a moment set on the injected clock; returns are requested through the buyer API and
// decided through the provider API, as in the server tests.
import { LeadDetail, LeadList, LeadReturn } from '../server/routes/api/leads.schemas.js';
import { ErrorBody } from '../server/routes/api/schemas.js';
import { TEST_NOW, type TestContext, type TestProvider } from '../server/test/harness.js';
import { save } from './record-billing-fixtures.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The table's page size (widgets/leads-table/leads-table.ts): `available` has more, so "Load more" has a page 2. */
const PAGE_SIZE = 50;
const REASONS = ['Wrong or disconnected number', 'Duplicate lead', 'Outside my service area', 'Did not request service'];

/** Deliverable contact fields the provider adds to its category (PUT /provider/v1/lead-types), so search has them. */
const CONTACT_FIELDS = [
  { key: 'last_name', label: 'Last name', type: 'string', deliverable: true, preview: false },
  { key: 'email', label: 'Email', type: 'string', deliverable: true, preview: false },
  { key: 'city', label: 'City', type: 'string', deliverable: true, preview: false },
  { key: 'state', label: 'State', type: 'string', deliverable: true, preview: true },
  { key: 'county', label: 'County', type: 'string', deliverable: true, preview: true },
];

const FIRST = ['Ada', 'Grace', 'Alan', 'Katherine', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Linus', 'Radia', 'Ken', 'Margaret', 'Dennis', 'Hedy', 'Tim', 'Annie', 'Niklaus', 'Jean', 'Bjarne', 'Adele'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Torvalds', 'Perlman', 'Thompson', 'Hamilton', 'Ritchie', 'Lamarr', 'Berners-Lee', 'Easley', 'Wirth', 'Sammet', 'Stroustrup', 'Goldberg'];
const PHONE_FORMATS = [(a: string, b: string, c: string) => `(${a}) ${b}-${c}`, (a: string, b: string, c: string) => `${a}-${b}-${c}`, (a: string, b: string, c: string) => `+1 ${a} ${b} ${c}`, (a: string, b: string, c: string) => `${a}.${b}.${c}`];

/** A provider API call that must succeed. */
async function provider(t: TestContext, p: TestProvider, method: string, route: string, body: unknown, headers?: Record<string, string>) {
  const res = await t.request(`/provider/v1/${route}`, { method, token: p.apiKey, body: JSON.stringify(body), headers });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200 && res.status !== 201) throw new Error(`${method} ${route} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** A buyer API write that must succeed, for history the fixtures show but do not record (earlier returns). */
async function buyer(t: TestContext, token: string, customer: string, route: string, body: unknown) {
  const res = await t.request(`/api/v1/${route}`, { method: 'POST', token, customer, body: JSON.stringify(body) });
  const json = (await res.json()) as { id: string };
  if (res.status !== 201) throw new Error(`POST ${route} for ${customer} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** The provider posts a lead at `at`; the auction must sell it to `winner`. */
async function sell(t: TestContext, p: TestProvider, at: Date, n: number, fields: Record<string, string | number>, winner: string): Promise<string> {
  t.clock.set(at);
  const sold = (await provider(t, p, 'POST', 'leads', { external_id: `fixture-leads-${winner}-${n}`, lead_type: 'Roofing — replacement', fields })) as { lead_id: string; winners: { customer_id: string }[] };
  if (sold.winners[0]?.customer_id !== winner) throw new Error(`lead ${n} went to ${JSON.stringify(sold.winners)}, not ${winner}`);
  return sold.lead_id;
}

function person(n: number, county: { county: string; city: string; zip: string; area: string }) {
  const first = FIRST[n % FIRST.length]!;
  const last = LAST[(n * 7) % LAST.length]!;
  const digits = String(1000 + n).slice(-4);
  return {
    first_name: first,
    last_name: last,
    email: `${first}.${last}${n}@example.com`.toLowerCase(),
    phone: PHONE_FORMATS[n % PHONE_FORMATS.length]!(county.area, '555', digits),
    address: `${100 + n} Main St`,
    city: county.city,
    state: 'TX',
    zip: county.zip,
    county: county.county,
    roof_age_years: 5 + (n % 20),
    property_type: n % 3 === 0 ? 'Townhouse' : 'Single family',
    source_campaign: `campaign-${n}`,
  };
}

const TRAVIS = { county: 'Travis', city: 'Austin', zip: '78704', area: '512' };
const HARRIS = { county: 'Harris', city: 'Houston', zip: '77002', area: '713' };

/**
 * Acme turns returns on (7 days, four reasons, a policy page) and adds contact fields to its category; Roof Pros
 * (`available`) buys 40 Travis County leads over the last 9 days: the first page (50, with the billing recording's
 * purchases) and `leads/page-2.json`, `leads/export.csv`, and details in each state: returnable (its return
 * succeeds), returnable again (its return answers 400: a reason the provider no longer lists), returnable when read
 * but taken meanwhile (409), return pending, returned (approved), return denied, window closed. Maple Roofing
 * (`read-only`, a viewer) owns a Harris County lead bought on a weekend; Harbor (`tiers-off`) has returns off.
 * `archived` has none.
 */
export async function recordLeads(t: TestContext, out: string, acme: TestProvider, harbor: TestProvider, tokens: Map<string, string>) {
  const r = { t, out };
  const types = (await provider(t, acme, 'GET', 'lead-types', undefined)) as { categories: { name: string; fields: { key: string }[] }[]; lead_types: ({ id: string } & Record<string, unknown>)[] };
  const category = types.categories[0]!;
  await provider(t, acme, 'PUT', 'lead-types', {
    categories: [{ name: category.name, fields: [...category.fields, ...CONTACT_FIELDS.filter((f) => !category.fields.some((c) => c.key === f.key))] }],
    lead_types: types.lead_types.map(({ id: _id, ...type }) => type),
  });
  await provider(t, acme, 'PUT', 'settings', { settings: { returns_enabled: true, return_window_days: 7, return_reasons: REASONS, return_policy_url: 'https://acme.example/returns' } });
  await provider(t, acme, 'POST', 'customers/available/adjustments', { amount_cents: 250_000, reason: 'Prepaid lead credit' }, { 'Idempotency-Key': 'fixture-leads-credit' });

  const admin = tokens.get('available')!;
  const ids: string[] = [];
  try {
    // Oldest first: 40 leads from 9 days ago to 20 minutes ago.
    for (let n = 0; n < 40; n++) {
      const at = new Date(TEST_NOW.getTime() - 9 * DAY_MS + n * ((9 * DAY_MS - 20 * 60_000) / 39));
      ids.push(await sell(t, acme, at, n, person(n, TRAVIS), 'available'));
    }
    const [closed, approved, denied] = [ids[0]!, ids[2]!, ids[8]!];
    const [pending, returnable, refused, taken] = [ids[30]!, ids[39]!, ids[38]!, ids[37]!];
    // Earlier returns, each requested within its window at a moment set on the clock.
    const returnAt = async (leadId: string, hoursAfter: number, reason: string, note: string) => {
      const purchased = (await t.db.selectFrom('purchases').select('purchased_at').where('lead_id', '=', leadId).executeTakeFirstOrThrow()).purchased_at;
      t.clock.set(new Date(purchased.getTime() + hoursAfter * HOUR_MS));
      // Dana's token as record-fixtures.ts mints it, issued at the moment on the clock.
      const then = await t.mintToken(acme, { sub: 'dana', customerIds: ['available', 'limited', 'paused'], roles: { limited: 'buyer' }, lifetimeSeconds: 3600, extraClaims: { name: 'Dana Buyer', email: 'dana@example.com' } });
      return buyer(t, then, 'available', `leads/${leadId}/return`, { reason_code: reason, note });
    };
    const first = await returnAt(approved, 20, REASONS[0]!, 'Number is disconnected; tried three times.');
    t.clock.advance(DAY_MS);
    await provider(t, acme, 'POST', `returns/${first.id}/approve`, { note: 'Number disconnected: refunded' });
    const second = await returnAt(denied, 5, REASONS[2]!, 'They are outside Austin.');
    t.clock.advance(6 * HOUR_MS);
    await provider(t, acme, 'POST', `returns/${second.id}/deny`, { note: 'The address is inside your county.' });
    await returnAt(pending, 2, REASONS[1]!, 'Same homeowner as last week.');

    // Maple Roofing's weekend bid (Harris County, Sat–Sun 9–17 New York) wins a Saturday lead.
    const weekendLead = await sell(t, acme, new Date('2026-11-21T16:00:00Z'), 100, person(100, HARRIS), 'read-only');
    // Harbor has returns off.
    const harborLead = await sell(t, harbor, new Date(TEST_NOW.getTime() - 2 * DAY_MS), 200, person(200, TRAVIS), 'tiers-off');
    t.clock.set(TEST_NOW);

    const list = (await save(r, admin, 'available', 'GET', `leads?limit=${PAGE_SIZE}`, 'leads.json', { status: 200, schema: LeadList })) as { next_cursor: string | null };
    if (!list.next_cursor) throw new Error('available needs a second page of leads');
    // The fixture transport ignores query strings: the second page lives at its own route (widgets/fixtures/README.md).
    await save(r, admin, 'available', 'GET', `leads?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(list.next_cursor)}`, 'leads/page-2.json', { status: 200, schema: LeadList });
    await save(r, admin, 'available', 'GET', 'leads/export.csv', 'leads/export.csv', { status: 200, schema: null });
    for (const id of [closed, approved, denied, pending, returnable, refused, taken]) {
      await save(r, admin, 'available', 'GET', `leads/${id}`, `leads/${id}.json`, { status: 200, schema: LeadDetail });
    }
    await save(r, admin, 'available', 'POST', `leads/${returnable}/return`, `leads/${returnable}/return.post.json`, { status: 201, schema: LeadReturn }, { reason_code: REASONS[0], note: 'Voicemail says the number is not in service.' });
    // The reason list changed after the detail was read: the server names the field.
    await save(r, admin, 'available', 'POST', `leads/${refused}/return`, `leads/${refused}/return.post.json`, { status: 400, schema: ErrorBody }, { reason_code: 'Changed my mind', note: '' });
    // Someone else returned it from another tab after the detail was read.
    await buyer(t, admin, 'available', `leads/${taken}/return`, { reason_code: REASONS[1]!, note: 'Duplicate of an earlier lead.' });
    await save(r, admin, 'available', 'POST', `leads/${taken}/return`, `leads/${taken}/return.post.json`, { status: 409, schema: ErrorBody }, { reason_code: REASONS[3], note: '' });

    const viewer = await t.mintToken(acme, { sub: 'vic', customerIds: ['read-only'], roles: { 'read-only': 'viewer' }, lifetimeSeconds: 3600 });
    await save(r, viewer, 'read-only', 'GET', `leads?limit=${PAGE_SIZE}`, 'leads.json', { status: 200, schema: LeadList });
    await save(r, viewer, 'read-only', 'GET', `leads/${weekendLead}`, `leads/${weekendLead}.json`, { status: 200, schema: LeadDetail });
    const hank = tokens.get('tiers-off')!;
    await save(r, hank, 'tiers-off', 'GET', `leads?limit=${PAGE_SIZE}`, 'leads.json', { status: 200, schema: LeadList });
    await save(r, hank, 'tiers-off', 'GET', `leads/${harborLead}`, `leads/${harborLead}.json`, { status: 200, schema: LeadDetail });
    await save(r, tokens.get('archived')!, 'archived', 'GET', `leads?limit=${PAGE_SIZE}`, 'leads.json', { status: 200, schema: LeadList });
  } finally {
    t.clock.set(TEST_NOW);
  }
}
