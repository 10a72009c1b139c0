import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { verifyLeadPortalSignature } from '../notify/verify-signature.js';

/**
 * Real local receivers for notification tests and the bench (D24): an HTTP server that checks each request's
 * X-LP-Signature with the README's verification code, and an SMTP server (smtp-server) that keeps each mail.
 */
export interface ReceivedRequest {
  method: string;
  pathAndQuery: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Whether the signature verified under any of the receiver's current secrets. */
  verified: boolean;
  deliveryId: string;
}

export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Secrets to verify with; a test sets them from the API's replies. */
  secrets: string[] = [];
  /** Status to answer with. */
  status = 200;
  /** Requests past this count are answered at once; up to it they wait for `release()` (a send in flight). */
  holdFirst = 0;
  private held: (() => void)[] = [];
  private readonly server: http.Server;
  private readonly clockSeconds: () => number;

  constructor(clockSeconds: () => number = () => Math.floor(Date.now() / 1000)) {
    this.clockSeconds = clockSeconds;
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const request = { method: req.method!, pathAndQuery: req.url!, headers: req.headers, body, deliveryId: String(req.headers['x-lp-delivery-id'] ?? '') };
        const verified = this.secrets.some((secret) =>
          verifyLeadPortalSignature({ secret, header: req.headers['x-lp-signature'] as string | undefined, method: request.method, pathAndQuery: request.pathAndQuery, body, nowSeconds: this.clockSeconds() }),
        );
        this.requests.push({ ...request, verified });
        const answer = () => res.writeHead(this.status, { 'Content-Type': 'application/json' }).end('{"ok":true}');
        if (this.requests.length <= this.holdFirst) this.held.push(answer);
        else answer();
      });
    });
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** How many requests arrived, waiting until at least `count` have (for held sends). */
  async waitFor(count: number, timeoutMs = 5_000): Promise<void> {
    for (let i = 0; i < timeoutMs / 10 && this.requests.length < count; i++) await new Promise((r) => setTimeout(r, 10));
    if (this.requests.length < count) throw new Error(`receiver got ${this.requests.length} of ${count} requests`);
  }

  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  /** Delivery ids seen more than once (the receiver dedupes by them). */
  duplicates(): string[] {
    const seen = new Map<string, number>();
    for (const r of this.requests) seen.set(r.deliveryId, (seen.get(r.deliveryId) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  }

  uniqueIds(): Set<string> {
    return new Set(this.requests.map((r) => r.deliveryId));
  }

  async stop(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    this.server.close();
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  headers: Record<string, string>;
  text: string;
  html: string;
}

export class SmtpReceiver {
  readonly mails: ReceivedMail[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, ...parseMime(raw) });
        callback();
      });
    },
  });

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server.server, 'listening');
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Enough MIME for nodemailer's multipart/alternative: unfolded top headers and the decoded text and HTML parts. */
function parseMime(raw: string): { headers: Record<string, string>; text: string; html: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = headerMap(head);
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  const parts = boundary ? rest.join('\r\n\r\n').split(`--${boundary}`).slice(1, -1) : [];
  const part = (type: string) => {
    const found = parts.find((p) => new RegExp(`content-type:\\s*${type}`, 'i').test(p));
    if (!found) return '';
    const [partHead = '', ...body] = found.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    return decode(body.join('\r\n\r\n').trim(), headerMap(partHead)['content-transfer-encoding'] ?? '7bit');
  };
  return { headers, text: part('text/plain'), html: part('text/html') };
}

function headerMap(block: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) map[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return map;
}

function decode(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    const text = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
        bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}
