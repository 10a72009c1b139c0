import http from 'node:http';
import https from 'node:https';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { validSecrets } from '../domain/notifications/signing-secrets.js';
import type { Clock } from '../lib/clock.js';
import { DeliveryError, sendHttp } from './http-send.js';
import { createMailer, renderEmail, subjectOf, type Mailer } from './mailer.js';
import { defaultPayload, templateValues, type Message, type RecipientRow } from './message.js';
import { signatureHeader } from './signature.js';
import { sendSms } from './sms.js';
import { renderTemplate, TemplateError, toQuery } from './template.js';

export interface NotifyDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
}

export type Recipient = Pick<RecipientRow, 'id' | 'customer_id' | 'channel' | 'address' | 'http_method' | 'payload_template'>;

/** Sends one message to one recipient over its channel; a failure throws DeliveryError (message + response code). */
export class Notifier {
  private readonly mailer: Mailer | null;
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  constructor(private readonly deps: NotifyDeps) {
    this.mailer = createMailer(deps.config, deps.logger);
  }

  /**
   * The receiver's status code (null for mail, which has none once accepted). `secrets` lets a worker round read
   * each customer's signing secrets once for all its deliveries.
   */
  async deliver(recipient: Recipient, message: Message, options: { headers?: Record<string, string>; secrets?: (customerId: string) => Promise<string[]> } = {}): Promise<number | null> {
    if (recipient.channel === 'email') {
      if (!this.mailer) throw new DeliveryError('Email is not configured on this server (SMTP_URL)');
      await this.mailer.send({ to: recipient.address, fromName: message.provider.name, idempotencyId: message.idempotencyId, ...renderEmail(message, `${this.deps.config.publicUrl}/app`) });
      return null;
    }
    if (recipient.channel === 'sms') {
      if (!this.deps.config.smsGateway) throw new DeliveryError('SMS is not configured on this server (SMS_GATEWAY_URL)');
      return sendSms(this.deps.config.smsGateway, { to: recipient.address, body: `${message.provider.name}: ${subjectOf(message)}`, idempotencyId: message.idempotencyId });
    }
    const secrets = options.secrets ?? ((customerId) => validSecrets(this.deps.db, this.deps.config.secretKey, customerId, this.deps.clock.now()));
    return this.sendWebhook(recipient, message, await secrets(recipient.customer_id), options.headers ?? {});
  }

  private async sendWebhook(recipient: Recipient, message: Message, secrets: string[], extraHeaders: Record<string, string>): Promise<number> {
    let payload: Record<string, unknown>;
    try {
      payload = recipient.payload_template ? renderTemplate(recipient.payload_template, templateValues(message)) : defaultPayload(message);
    } catch (error) {
      if (error instanceof TemplateError) throw new DeliveryError(`Payload template: ${error.message}`);
      throw error;
    }
    const method = recipient.http_method ?? 'POST';
    const url = new URL(recipient.address);
    let body = '';
    if (method === 'GET') for (const [key, value] of toQuery(payload)) url.searchParams.append(key, value);
    else body = JSON.stringify(payload);
    const now = this.deps.clock.now();
    if (!secrets.length) throw new DeliveryError('No webhook signing secret: create one under Notifications');
    const headers: Record<string, string> = {
      'User-Agent': 'LeadPortal-Webhooks/1',
      'X-LP-Delivery-Id': message.idempotencyId,
      'X-LP-Event': message.kind,
      'X-LP-Signature': signatureHeader(secrets, { method, pathAndQuery: url.pathname + url.search, body }, now),
      ...(method === 'GET' ? {} : { 'Content-Type': 'application/json' }),
      ...extraHeaders,
    };
    return sendHttp({ url, method, headers, body }, this.deps.config.mode, this.agents);
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
    this.mailer?.close();
  }
}
