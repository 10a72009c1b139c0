import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import { createMailer, type Mailer } from './mailer.js';

export type AccountMail =
  | { kind: 'verify_email'; link: string }
  | { kind: 'reset'; link: string }
  | { kind: 'invite'; link: string; customerName: string; inviterName: string };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * /app account mail (verification, password reset, invitations) through the notifications' mailer (D21): SMTP_URL,
 * logged as JSON in demo mode. A send never fails the request: replies must not depend on mail (a reset answers
 * the same either way), so a failure is logged by id and the user can ask again.
 */
export class AccountMailer {
  private readonly mailer: Mailer | null;

  constructor(private readonly deps: Deps) {
    this.mailer = createMailer(deps.config, deps.logger);
  }

  async send(providerId: string, to: string, mail: AccountMail): Promise<void> {
    const id = `acct_${randomBytes(8).toString('hex')}`;
    if (!this.mailer) {
      this.deps.logger.warn({ mail: id, kind: mail.kind }, 'account mail not sent: SMTP_URL is not set');
      return;
    }
    try {
      const provider = await this.deps.db.selectFrom('providers').select(['name', 'support_email']).where('id', '=', providerId).executeTakeFirstOrThrow();
      await this.mailer.send({ to, fromName: provider.name, idempotencyId: id, ...render(provider.name, mail) });
    } catch (error) {
      this.deps.logger.error({ mail: id, kind: mail.kind, err: (error as Error).message }, 'account mail failed');
    }
  }
}

function render(providerName: string, mail: AccountMail): { subject: string; text: string; html: string } {
  const [subject, lead, action, note] =
    mail.kind === 'verify_email'
      ? [`Confirm your email for ${providerName}`, 'Confirm this email address for your account.', 'Confirm email', 'The link works once, for 24 hours.']
      : mail.kind === 'reset'
        ? [`Reset your ${providerName} password`, 'Someone asked to reset the password of the account with this email.', 'Choose a new password', 'The link works once, for 30 minutes. If you did not ask, ignore this mail: your password stays as it is.']
        : [`${mail.inviterName} invited you to ${mail.customerName}`, `${mail.inviterName} invited you to join ${mail.customerName} on ${providerName}.`, 'Accept the invitation', 'The link works once, for 7 days.'];
  const text = [providerName, '', lead, '', `${action}: ${mail.link}`, '', note].join('\n');
  const html = `<!doctype html><html><body style="font-family:Arial,sans-serif;color:#111827"><p><strong>${escapeHtml(providerName)}</strong></p><p>${escapeHtml(lead)}</p><p><a href="${escapeHtml(mail.link)}">${escapeHtml(action)}</a></p><p style="color:#6b7280;font-size:12px">${escapeHtml(note)}</p></body></html>`;
  return { subject, text, html };
}
