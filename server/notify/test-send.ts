import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { DeliveryError } from './http-send.js';
import { loadProvider, type Message } from './message.js';
import type { Notifier, Recipient } from './notifier.js';

export interface TestResult {
  ok: boolean;
  response_code: number | null;
  error: string | null;
}

/**
 * A sample new-lead notice sent at once (the "Test send" button): made-up lead values, the real channel, signature
 * and branding. The receiver can tell it apart by `X-LP-Test: 1` and its `test_` idempotency id; it is not logged.
 */
export async function testSend(db: Db, notifier: Notifier, recipient: Recipient & { provider_id: string; fields: string[] | null }, at: Date): Promise<TestResult> {
  const sample = [
    { key: 'first_name', label: 'First name', value: 'Test' },
    { key: 'last_name', label: 'Last name', value: 'Lead' },
    { key: 'email', label: 'Email', value: 'test.lead@example.com' },
    { key: 'phone', label: 'Phone', value: '+15125550100' },
    { key: 'zip', label: 'ZIP', value: '78701' },
  ];
  const message: Message = {
    kind: 'lead.purchased',
    createdAt: at,
    provider: await loadProvider(db, recipient.provider_id),
    lead: { purchaseId: 'pur_test', leadId: 'lead_test', bidId: null, leadType: { id: 'lt_test', name: 'Test lead' }, chargedCents: 2500, purchasedAt: at, scope: null, fields: sample },
    payload: {},
    idempotencyId: `test_${randomBytes(8).toString('hex')}`,
    fields: sample.filter((f) => !recipient.fields || recipient.fields.includes(f.key)),
  };
  try {
    const code = await notifier.deliver(recipient, message, { headers: { 'X-LP-Test': '1' } });
    return { ok: true, response_code: code, error: null };
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    return { ok: false, response_code: error.responseCode, error: error.message };
  }
}
