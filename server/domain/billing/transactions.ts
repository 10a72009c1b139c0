import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/database.js';
import type { LedgerKind } from '../../db/schema.js';
import type { Tenant } from '../ledger.js';

/** SPEC "Billing" transaction types. A buy order's fill is a lead bought through it, so it shows as lead_assigned (D11). */
export const TRANSACTION_TYPES = [
  'funds_added', 'funds_added_by_provider', 'funds_subtracted_by_provider', 'auto_recharge', 'lead_assigned',
  'lead_returned', 'buy_order_placed', 'buy_order_canceled', 'buy_order_released',
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

const typeLabels: Record<TransactionType, string> = {
  funds_added: 'Funds added',
  funds_added_by_provider: 'Funds added by provider',
  funds_subtracted_by_provider: 'Funds subtracted by provider',
  auto_recharge: 'Auto recharge',
  lead_assigned: 'Lead assigned',
  lead_returned: 'Lead returned',
  buy_order_placed: 'Buy order placed',
  buy_order_canceled: 'Buy order canceled',
  buy_order_released: 'Buy order released',
};

const typeOfKind = (kind: LedgerKind): TransactionType => (kind === 'buy_order_filled' ? 'lead_assigned' : kind);
const kindsOf = (types: readonly TransactionType[]): LedgerKind[] => types.flatMap((t) => (t === 'lead_assigned' ? ['lead_assigned', 'buy_order_filled'] : [t]));

export interface TransactionFilter {
  types?: readonly TransactionType[];
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface WalletTransaction {
  /** Internal ledger order, the keyset cursor (never shown as an id). */
  seq: string;
  id: string;
  type: TransactionType;
  amountCents: bigint;
  holdDeltaCents: bigint;
  balanceAfterCents: bigint;
  heldAfterCents: bigint;
  description: string;
  createdAt: Date;
  leadId: string | null;
  purchaseId: string | null;
  buyOrderId: string | null;
  paymentId: string | null;
  returnId: string | null;
  receiptUrl: string | null;
}

/** The wallet's ledger, newest first, one keyset page (`beforeSeq` from the cursor) with its links. */
export async function listTransactions(db: Db, tenant: Tenant, filter: TransactionFilter, page: { beforeSeq: string | null; limit: number }): Promise<WalletTransaction[]> {
  let query = db
    .selectFrom('ledger_entries as le')
    .leftJoin('purchases as p', 'p.id', 'le.purchase_id')
    .leftJoin('payments as pay', 'pay.id', 'le.payment_id')
    .select([
      'le.id', 'le.public_id', 'le.kind', 'le.amount_cents', 'le.hold_delta_cents', 'le.balance_after_cents', 'le.held_after_cents',
      'le.description', 'le.created_at', 'le.purchase_id', 'p.lead_id', 'le.buy_order_id', 'le.payment_id', 'le.return_id', 'pay.receipt_url',
    ])
    .where('le.customer_id', '=', tenant.customerId)
    .where('le.provider_id', '=', tenant.providerId)
    .orderBy('le.id', 'desc')
    .limit(page.limit);
  if (page.beforeSeq) query = query.where('le.id', '<', page.beforeSeq);
  if (filter.types?.length) query = query.where('le.kind', 'in', kindsOf(filter.types));
  if (filter.from) query = query.where('le.created_at', '>=', filter.from);
  if (filter.to) query = query.where('le.created_at', '<', filter.to);
  const rows = await query.execute();
  return rows.map((row) => ({
    seq: row.id,
    id: row.public_id,
    type: typeOfKind(row.kind),
    amountCents: BigInt(row.amount_cents),
    holdDeltaCents: BigInt(row.hold_delta_cents),
    balanceAfterCents: BigInt(row.balance_after_cents),
    heldAfterCents: BigInt(row.held_after_cents),
    description: row.description,
    createdAt: row.created_at,
    leadId: row.lead_id,
    purchaseId: row.purchase_id,
    buyOrderId: row.buy_order_id,
    paymentId: row.payment_id,
    returnId: row.return_id,
    receiptUrl: row.receipt_url,
  }));
}

const CSV_BATCH = 500;
const CSV_HEADER = ['Date', 'Type', 'Description', 'Amount', 'Held change', 'Balance', 'Available', 'Currency', 'Lead', 'Buy order', 'Payment', 'Receipt', 'Transaction'];

/** Cents as a plain decimal in major units ("-45.00"): a number to a spreadsheet, never a formula. */
const decimal = (cents: bigint): string => {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
};

/** Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
const safeCell = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/**
 * The filtered history as RFC 4180 CSV (CRLF, quoted where needed), streamed: each pull reads the next keyset
 * batch in its own short query, so a long export holds no transaction open (D29) and waits for a slow reader.
 */
export function transactionsCsv(db: Db, tenant: Tenant, filter: TransactionFilter, currency: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let beforeSeq: string | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await listTransactions(db, tenant, filter, { beforeSeq, limit: CSV_BATCH });
      const records = rows.map((t) => [
        t.createdAt.toISOString(),
        typeLabels[t.type],
        safeCell(t.description),
        decimal(t.amountCents),
        decimal(t.holdDeltaCents),
        decimal(t.balanceAfterCents),
        decimal(t.balanceAfterCents - t.heldAfterCents),
        currency,
        t.leadId ?? '',
        t.buyOrderId ?? '',
        t.paymentId ?? '',
        safeCell(t.receiptUrl ?? ''),
        t.id,
      ]);
      if (!headerSent) records.unshift(CSV_HEADER);
      headerSent = true;
      // With a CRLF delimiter csv-stringify quotes only cells holding a whole CRLF; RFC 4180 wants any CR or LF quoted.
      if (records.length) controller.enqueue(encoder.encode(stringify(records, { record_delimiter: 'windows', quoted_match: /[\r\n]/ })));
      if (rows.length < CSV_BATCH) controller.close();
      else beforeSeq = rows[rows.length - 1]!.seq;
    },
  });
}
