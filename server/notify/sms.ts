import type { Config } from '../config.js';
import { DeliveryError, SEND_TIMEOUT_MS } from './http-send.js';

/**
 * The SMS gateway adapter (D21): POST `{to, body, idempotency_id}` as JSON with the configured bearer token to
 * `SMS_GATEWAY_URL`, the operator's own HTTP endpoint (an SMS provider's API or a small relay in front of it).
 */
export async function sendSms(gateway: NonNullable<Config['smsGateway']>, sms: { to: string; body: string; idempotencyId: string }): Promise<number> {
  let response: Response;
  try {
    response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(gateway.token ? { Authorization: `Bearer ${gateway.token}` } : {}) },
      body: JSON.stringify({ to: sms.to, body: sms.body, idempotency_id: sms.idempotencyId }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    throw new DeliveryError(`SMS gateway unreachable: ${(error as Error).message}`);
  }
  await response.arrayBuffer();
  if (!response.ok) throw new DeliveryError(`The SMS gateway answered ${response.status}`, response.status);
  return response.status;
}
