import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ProviderScope } from '../../http/env.js';

/** Every provider API change is recorded with the API key that made it (DESIGN: append-only audit log). */
export async function auditProviderChange(
  trx: Transaction<Database>,
  scope: ProviderScope,
  entry: { action: string; subjectType: string; subjectId: string; customerId?: string; details?: Record<string, unknown> },
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      provider_id: scope.providerId,
      customer_id: entry.customerId ?? null,
      actor_kind: 'provider_api',
      actor_id: scope.apiKeyId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
