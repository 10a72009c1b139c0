import pino from 'pino';
import type { LeadField } from '../db/schema.js';
import { NotificationWorker, type WorkerOptions } from '../notify/worker.js';
import { addAuctionBid, postLead, TEXAS_LEAD } from './auction-fixtures.js';
import { addLeadType } from './fixtures.js';
import type { TestContext } from './harness.js';

/** A lead category whose `lender_cost` is not deliverable: it must reach no mail, webhook or SMS (D20). */
export const NOTIFY_FIELDS: LeadField[] = [
  ...(['first_name', 'last_name', 'email', 'phone', 'state', 'county', 'zip'] as const).map((key) => ({ key, label: key.replace('_', ' '), type: 'string' as const, deliverable: true, preview: false })),
  { key: 'lender_cost', label: 'Lender cost', type: 'string', deliverable: false, preview: false },
];
export const SECRET_VALUE = 'SECRET-COST-991';
export const NOTIFY_LEAD = { ...TEXAS_LEAD, lender_cost: SECRET_VALUE };

/** A branded provider, a funded buyer with one bid, and its token. */
export async function notifyWorld(t: TestContext, name = 'Roof Leads') {
  const provider = await t.addProvider(name);
  await t.db
    .updateTable('providers')
    .set({ branding: JSON.stringify({ logo_url: '/assets/roof-logo.svg', appearance: { colorPrimary: '#0b5cad' } }) })
    .where('id', '=', provider.id)
    .execute();
  const externalId = `${name.toLowerCase().replace(/\W/g, '-')}-buyer`;
  const customer = await t.addCustomer(provider, externalId, { balanceCents: 100_000_000n });
  const tenant = { providerId: provider.id, customerId: customer.id };
  const leadTypeId = await addLeadType(t.db, provider.id, { name: 'Roofing replacement', fields: NOTIFY_FIELDS });
  const bidId = await addAuctionBid(t, tenant, leadTypeId, { amountCents: 2_500n });
  const token = await t.mintToken(provider, { customerIds: [externalId], lifetimeSeconds: 3600 });
  const api = async (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
    const res = await t.request(`/api/v1${path}`, { method: init.method ?? 'GET', token: init.token ?? token, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
    return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as any) };
  };
  const buyLead = async (fields: Record<string, unknown> = NOTIFY_LEAD) => {
    const res = await postLead(t, provider, 'Roofing replacement', fields);
    if (res.status !== 200 || res.body.status !== 'assigned') throw new Error(`lead not sold: ${JSON.stringify(res.body)}`);
    return res.body.lead_id as string;
  };
  return { provider, customer, tenant, leadTypeId, bidId, token, api, buyLead };
}

export const newWorker = (t: TestContext, options: WorkerOptions = {}) =>
  new NotificationWorker({ db: t.db, config: t.config, clock: t.clock, logger: pino({ level: 'silent' }) }, options);

/** Rounds until nothing is due now. */
export async function drain(worker: NotificationWorker): Promise<number> {
  let total = 0;
  for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) total += n;
  return total;
}
