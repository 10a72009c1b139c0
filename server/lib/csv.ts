import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * A CSV document streamed from an async source of records (DESIGN: csv-stringify in streaming mode): RFC 4180
 * (CRLF, fields with quotes, commas or line breaks quoted, quotes doubled) and formula-safe — a text cell starting
 * with = + - @ tab or CR gets a leading ' so a spreadsheet shows it instead of running it. Backpressure reaches
 * the source: the next records are read only as fast as the client takes the bytes. When the client goes away the
 * source's iterator is closed, so a database-backed source stops querying.
 */
export function csvStream(header: string[], records: AsyncIterable<CsvCell[]>, onError: (error: unknown) => void): ReadableStream<Uint8Array> {
  const csv = stringify({
    header: true,
    columns: header,
    record_delimiter: 'windows',
    // With a CRLF delimiter csv-stringify quotes only cells holding the whole CRLF; RFC 4180 wants any CR or LF quoted.
    quoted_match: /[\r\n]/,
    escape_formulas: true,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
  pipeline(Readable.from(records), csv).catch((error: { code?: string }) => {
    if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') onError(error); // a client that leaves early is not an error
  });
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
