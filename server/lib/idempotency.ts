import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { ApiError } from '../errors.js';

export interface IdempotencyKey {
  providerId: string;
  /** What the key is unique within, e.g. "bids.create:<customer id>". */
  scope: string;
  key: string;
  requestSha256: string;
}

export interface StoredReply {
  status: number;
  body: object;
}

export const sha256Of = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** The first reply to this key, or null; the same key with a different body is a 409. */
export async function storedReply(db: Db, k: IdempotencyKey): Promise<StoredReply | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_sha256', 'response_status', 'response_body'])
    .where('provider_id', '=', k.providerId)
    .where('scope', '=', k.scope)
    .where('key', '=', k.key)
    .executeTakeFirst();
  if (!row) return null;
  if (row.request_sha256 !== k.requestSha256) throw new ApiError('idempotency_conflict', 'This Idempotency-Key was already used with a different request');
  return { status: row.response_status!, body: row.response_body! };
}

/** Stored in the write's own transaction, so a reply is recorded exactly when its effect commits. */
export async function storeReply(trx: Db, k: IdempotencyKey, reply: StoredReply): Promise<void> {
  await trx
    .insertInto('idempotency_keys')
    .values({ provider_id: k.providerId, scope: k.scope, key: k.key, request_sha256: k.requestSha256, response_status: reply.status, response_body: JSON.stringify(reply.body) })
    .execute();
}

/** Stores a reply body in the write's own transaction (see `idempotent`). */
export type Remember = (trx: Db, body: object) => Promise<void>;

/**
 * The write behind an Idempotency-Key, done once: a repeated request gets the first request's reply (through
 * `replayed`, from the stored body), and a request that loses the race to a concurrent one with the same key answers
 * with the winner's reply. `write` stores its reply with `remember` inside its transaction and returns it.
 */
export async function idempotent<T>(db: Db, key: IdempotencyKey, write: (remember: Remember) => Promise<T>, replayed: (body: object) => T | Promise<T>): Promise<T> {
  const replay = await storedReply(db, key);
  if (replay) return replayed(replay.body);
  try {
    return await write((trx, body) => storeReply(trx, key, { status: 201, body }));
  } catch (error) {
    // The same key's first request committed meanwhile: answer with its reply.
    const winner = await storedReply(db, key);
    if (winner) return replayed(winner.body);
    throw error;
  }
}
