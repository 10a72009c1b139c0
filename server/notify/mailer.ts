import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { OutboxKind } from '../db/schema.js';
import { DeliveryError } from './http-send.js';
import type { Message } from './message.js';

/**
 * Notification mail (D21): nodemailer over `SMTP_URL`; without it, demo mode logs each mail as JSON (nodemailer's
 * JSON transport) and production sends none (the delivery fails with "email is not configured" and retries).
 */
export interface Mailer {
  send(mail: { to: string; fromName: string; subject: string; text: string; html: string; idempotencyId: string }): Promise<void>;
  close(): void;
}

export function createMailer(config: Config, logger: Logger): Mailer | null {
  const smtp = config.smtpUrl;
  if (!smtp && config.mode !== 'demo') return null;
  const transport: Transporter = smtp
    ? nodemailer.createTransport({ url: smtp, pool: true, maxConnections: 4, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 10_000 })
    : nodemailer.createTransport({ jsonTransport: true });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from: { name: mail.fromName, address: config.smtpFrom },
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: { 'X-LP-Delivery-Id': mail.idempotencyId },
        });
        if (!smtp) logger.info({ delivery: mail.idempotencyId, mail: info.messageId }, 'mail (demo mode, not sent)');
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        throw new DeliveryError(`Mail refused: ${(error as Error).message}`, code ?? null);
      }
    },
    close: () => transport.close(),
  };
}

const TITLES: Record<OutboxKind, string> = {
  'lead.purchased': 'New lead',
  'buy_order.outbid': 'You were outbid on a buy order',
  'wallet.low_balance': 'Your balance is low',
  'auto_recharge.succeeded': 'Auto-recharge succeeded',
  'auto_recharge.failed': 'Auto-recharge failed',
  'bid.capped': 'A bid reached its cap',
  'return.decided': 'Your return request was decided',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
/** Only plain color values reach the style attribute: branding is provider input. */
const safeColor = (value: string | undefined) => (value && /^(#[0-9a-f]{3,8}|[a-z]{3,20})$/i.test(value) ? value : '#1f2937');

function money(cents: number, message: Message): string {
  return new Intl.NumberFormat(message.provider.locale, { style: 'currency', currency: message.provider.currency }).format(cents / 100);
}

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Label/value lines: the lead's chosen deliverable fields, or the notice's own values. */
function lines(message: Message): [string, string][] {
  const lead = message.lead;
  if (lead) return [['Lead type', lead.leadType.name], ['Price', money(lead.chargedCents, message)], ['Lead id', lead.leadId], ...message.fields.map((f) => [f.label, shown(f.value)] as [string, string])];
  return Object.entries(message.payload).map(([key, value]) => [
    key.replace(/_cents$/, '').replace(/_/g, ' '),
    key.endsWith('_cents') && (typeof value === 'number' || typeof value === 'string') ? money(Number(value), message) : shown(value),
  ]);
}

export function subjectOf(message: Message): string {
  const lead = message.lead;
  return lead ? `${TITLES[message.kind]}: ${lead.leadType.name} (${money(lead.chargedCents, message)})` : TITLES[message.kind];
}

/** HTML + text bodies with the provider's branding (name, logo, primary color), never the platform's. */
export function renderEmail(message: Message, portalUrl: string): { subject: string; text: string; html: string } {
  const { provider } = message;
  const subject = subjectOf(message);
  const rows = lines(message);
  const footer = provider.supportEmail ? `${provider.name} · ${provider.supportEmail}` : provider.name;
  const text = [provider.name, '', subject, '', ...rows.map(([k, v]) => `${k}: ${v}`), '', `Open the portal: ${portalUrl}`, '', `— ${footer}`, `Delivery ${message.idempotencyId}`].join('\n');
  const logo = provider.branding.logo_url ? new URL(provider.branding.logo_url, portalUrl).toString() : null;
  const color = safeColor(provider.branding.appearance?.colorPrimary);
  const html = `<!doctype html><html><body style="font-family:Arial,sans-serif;color:#111827;margin:0">
<div style="background:${color};color:#ffffff;padding:16px">${logo ? `<img src="${escapeHtml(logo)}" alt="${escapeHtml(provider.name)}" height="32"> ` : ''}<strong>${escapeHtml(provider.name)}</strong></div>
<div style="padding:16px"><h1 style="font-size:20px">${escapeHtml(subject)}</h1>
<table>${rows.map(([k, v]) => `<tr><th align="left" style="padding-right:12px">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<p><a href="${escapeHtml(portalUrl)}" style="color:${color}">Open the portal</a></p>
<p style="color:#6b7280;font-size:12px">${escapeHtml(footer)} · Delivery ${escapeHtml(message.idempotencyId)}</p></div>
</body></html>`;
  return { subject, text, html };
}
