import { sql, type Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EventBus } from '../lib/events.js';
import { newId } from '../lib/ids.js';
import { RoundLoop } from '../lib/round-loop.js';
import { validSecrets } from '../domain/notifications/signing-secrets.js';
import { DeliveryError } from './http-send.js';
import { loadProvider, loadSubject, messageFor, type OutboxRow, type ProviderLook, type RecipientRow, type Subject } from './message.js';
import { Notifier, type NotifyDeps } from './notifier.js';

/** Retries back off exponentially from a minute, each wait at most 6 h; the last try is 24 h after the first, then dead. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 6 * 60 * 60 * 1000;
/** A claimed delivery is someone's for this long (well past the 10 s send timeout); then it is due again. */
export const LEASE_MS = 60_000;

export const retryDelayMs = (attempts: number) => Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS);

/** Kinds a recipient's bid scope narrows: they name the bid they are about. */
const BID_SCOPED = new Set(['lead.purchased', 'bid.capped']);

export interface WorkerOptions {
  /** Deliveries claimed per round. */
  batchSize?: number;
  /** Sends in flight at once within a round. */
  parallel?: number;
  /** Idle wait between empty rounds (ms); an event on the bus wakes the worker sooner. */
  pollMs?: number;
}

type Claimed = Pick<Selectable<Database['notification_deliveries']>, 'id' | 'public_id' | 'outbox_id' | 'recipient_id' | 'attempts' | 'created_at'>;

/**
 * Delivers the outbox (D21). Each round: expand new outbox rows into one delivery per matching recipient (unique on
 * outbox + recipient, so re-expanding is harmless), claim due deliveries with FOR UPDATE SKIP LOCKED under a lease,
 * send, record. Safe with several processes; a process that dies mid-send leaves its claims to expire and be sent
 * again: at-least-once, with the delivery's public id as the receiver's idempotency id.
 */
export class NotificationWorker {
  private readonly notifier: Notifier;
  private readonly rounds: RoundLoop;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: NotifyDeps & { events?: EventBus }, private readonly options: WorkerOptions = {}) {
    this.notifier = new Notifier(deps);
    // Back to back while there is work, else after `pollMs` or the next bus event.
    this.rounds = new RoundLoop(
      async () => (await this.runOnce()) > 0,
      options.pollMs ?? 1_000,
      (error) => deps.logger.error({ err: error }, 'notification worker round failed'),
    );
  }

  /** Expands up to `limit` outbox rows; returns how many. */
  async expand(limit = 100): Promise<number> {
    const { db, clock } = this.deps;
    // One indexed read when there is nothing new, instead of a locking transaction every round.
    if (!(await db.selectFrom('notification_outbox').select('id').where('expanded_at', 'is', null).limit(1).executeTakeFirst())) return 0;
    return db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('notification_outbox').selectAll().where('expanded_at', 'is', null).orderBy('id').limit(limit).forUpdate().skipLocked().execute();
      if (!rows.length) return 0;
      const now = clock.now();
      const recipients = await trx
        .selectFrom('notification_recipients')
        .select(['id', 'customer_id', 'kinds', 'bid_ids'])
        .where('customer_id', 'in', [...new Set(rows.map((r) => r.customer_id))])
        .where('enabled', '=', true)
        .where('deleted_at', 'is', null)
        .execute();
      const deliveries = rows.flatMap((row) =>
        recipients
          .filter((r) => r.customer_id === row.customer_id && r.kinds.includes(row.kind) && inBidScope(r.bid_ids, row))
          .map((r) => ({
            public_id: newId('dlv'), outbox_id: row.id, recipient_id: r.id, customer_id: row.customer_id,
            lead_id: row.kind === 'lead.purchased' && typeof row.payload.lead_id === 'string' ? row.payload.lead_id : null,
            next_attempt_at: now, created_at: now, updated_at: now,
          })),
      );
      if (deliveries.length) await trx.insertInto('notification_deliveries').values(deliveries).onConflict((oc) => oc.columns(['outbox_id', 'recipient_id']).doNothing()).execute();
      await trx.updateTable('notification_outbox').set({ expanded_at: now }).where('id', 'in', rows.map((r) => r.id)).execute();
      return rows.length;
    });
  }

  /** Claims up to `limit` due deliveries (pending, failed and due, or sending with an expired lease). */
  async claim(limit: number): Promise<Claimed[]> {
    const now = this.deps.clock.now();
    return this.deps.db
      .updateTable('notification_deliveries')
      .set({ status: 'sending', attempts: sql`attempts + 1`, next_attempt_at: new Date(now.getTime() + LEASE_MS), updated_at: now })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('notification_deliveries')
          .select('id')
          .where('status', 'in', ['pending', 'sending', 'failed'])
          .where('next_attempt_at', '<=', now)
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['id', 'public_id', 'outbox_id', 'recipient_id', 'attempts', 'created_at'])
      .execute();
  }

  /** One round: expand, claim a batch, send it. Returns the number of deliveries attempted. */
  async runOnce(): Promise<number> {
    await this.expand();
    const claimed = await this.claim(this.options.batchSize ?? 20);
    if (!claimed.length) return 0;
    const { db } = this.deps;
    const [outbox, recipients] = await Promise.all([
      db.selectFrom('notification_outbox').selectAll().where('id', 'in', [...new Set(claimed.map((c) => c.outbox_id))]).execute(),
      db.selectFrom('notification_recipients').selectAll().where('id', 'in', [...new Set(claimed.map((c) => c.recipient_id))]).execute(),
    ]);
    const subjects = new Map<string, Promise<Subject>>();
    const providers = new Map<string, Promise<ProviderLook>>();
    const secrets = new Map<string, Promise<string[]>>();
    const secretsOf = (customerId: string) => {
      if (!secrets.has(customerId)) secrets.set(customerId, validSecrets(db, this.deps.config.secretKey, customerId, this.deps.clock.now()));
      return secrets.get(customerId)!;
    };
    const subjectOf = (row: OutboxRow) => {
      if (!providers.has(row.provider_id)) providers.set(row.provider_id, loadProvider(db, row.provider_id));
      if (!subjects.has(row.id)) subjects.set(row.id, providers.get(row.provider_id)!.then((p) => loadSubject(db, row, p)));
      return subjects.get(row.id)!;
    };
    const queue = [...claimed];
    const sendNext = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const row = outbox.find((o) => o.id === next.outbox_id)!;
        await this.attempt(next, row, recipients.find((r) => r.id === next.recipient_id)!, subjectOf, secretsOf);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.parallel ?? 4, claimed.length) }, sendNext));
    return claimed.length;
  }

  private async attempt(delivery: Claimed, outbox: OutboxRow, recipient: RecipientRow, subjectOf: (row: OutboxRow) => Promise<Subject>, secrets: (customerId: string) => Promise<string[]>): Promise<void> {
    if (recipient.deleted_at || !recipient.enabled) {
      await this.record(delivery, { status: 'dead', last_error: recipient.deleted_at ? 'The recipient was removed' : 'The recipient is disabled', response_code: null });
      return;
    }
    try {
      const responseCode = await this.notifier.deliver(recipient, messageFor(await subjectOf(outbox), recipient, delivery.public_id), { secrets });
      await this.record(delivery, { status: 'sent', last_error: null, response_code: responseCode, sent_at: this.deps.clock.now() });
    } catch (error) {
      if (!(error instanceof DeliveryError)) this.deps.logger.error({ err: error, delivery: delivery.public_id }, 'notification delivery failed unexpectedly');
      const now = this.deps.clock.now();
      const deadline = delivery.created_at.getTime() + RETRY_WINDOW_MS;
      const failure = { last_error: (error as Error).message.slice(0, 500), response_code: error instanceof DeliveryError ? error.responseCode : null };
      if (now.getTime() >= deadline) await this.record(delivery, { status: 'dead', ...failure });
      else await this.record(delivery, { status: 'failed', ...failure, next_attempt_at: new Date(Math.min(now.getTime() + retryDelayMs(delivery.attempts), deadline)) });
    }
  }

  /** Only this claim's outcome: when the lease ran out and another worker claimed the row again, that one records. */
  private async record(delivery: Claimed, outcome: { status: 'sent' | 'failed' | 'dead'; last_error: string | null; response_code: number | null; sent_at?: Date; next_attempt_at?: Date }) {
    await this.deps.db
      .updateTable('notification_deliveries')
      .set({ ...outcome, updated_at: this.deps.clock.now() })
      .where('id', '=', delivery.id)
      .where('status', '=', 'sending')
      .where('attempts', '=', delivery.attempts)
      .execute();
  }

  /** Runs rounds until stop(). */
  start(): void {
    if (this.rounds.running) return;
    this.unsubscribe = this.deps.events?.subscribe(() => this.rounds.wake()) ?? null;
    this.rounds.start();
  }

  /** Finishes the round in progress, then stops; sockets close. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.rounds.stop();
    this.notifier.close();
  }
}

function inBidScope(bidIds: string[] | null, row: OutboxRow): boolean {
  if (!bidIds || !BID_SCOPED.has(row.kind)) return true;
  return typeof row.payload.bid_id === 'string' && bidIds.includes(row.payload.bid_id);
}
