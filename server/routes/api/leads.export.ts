import type { Context } from 'hono';
import type { Deps } from '../../deps.js';
import { deliverableValues, fieldColumns } from '../../domain/leads/fields.js';
import { purchasedLeadBatches, type LeadQuery, type PurchasedLead } from '../../domain/leads/list.js';
import { localDate } from '../../domain/local-time.js';
import { decimalAmount } from '../../domain/money.js';
import type { AppEnv } from '../../http/env.js';
import { csvStream, type CsvCell } from '../../lib/csv.js';

/** Rows per keyset read: big enough to keep round trips few, small enough to keep memory flat (D29). */
export const EXPORT_BATCH = 1_000;

const META_COLUMNS = ['lead_id', 'purchased_at', 'lead_type', 'source', 'bid', 'price', 'currency', 'status', 'return_status'];

/**
 * The current filter as a streamed CSV download (SPEC "Leads"): the purchase's own columns, then every
 * deliverable field of the lead types in the filter (D20) — a lead whose type does not deliver a column leaves it empty.
 */
export async function exportLeadsCsv({ db, clock, logger }: Deps, c: Context<AppEnv>, query: LeadQuery): Promise<Response> {
  const { currency } = await db.selectFrom('providers').select('currency').where('id', '=', query.tenant.providerId).executeTakeFirstOrThrow();
  const inFilter = query.filter.leadTypeId ? [query.types.get(query.filter.leadTypeId)].filter((t) => t !== undefined) : [...query.types.values()];
  const columns = fieldColumns(inFilter).map((f) => f.key);

  const record = (lead: PurchasedLead): CsvCell[] => {
    const values = deliverableValues(query.types.get(lead.leadTypeId), lead.storedFields);
    return [
      lead.leadId,
      lead.purchasedAt.toISOString(),
      query.types.get(lead.leadTypeId)?.name,
      lead.source,
      lead.bidName,
      decimalAmount(lead.priceCents, currency),
      currency,
      lead.status,
      lead.return?.status,
      ...columns.map((key) => values[key]),
    ];
  };
  async function* records() {
    for await (const batch of purchasedLeadBatches(db, query, EXPORT_BATCH)) for (const lead of batch) yield record(lead);
  }

  const { requestId } = c.var;
  const body = csvStream([...META_COLUMNS, ...columns], records(), (error) => logger.error({ err: error, request_id: requestId }, 'lead export failed mid-stream'));
  const day = localDate(clock.now(), query.timezone).toString();
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="leads-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
