import { describe, expect, it } from 'vitest';
import { csvStream, type CsvCell } from './csv.js';

async function* from(rows: CsvCell[][]) {
  yield* rows;
}

const text = (rows: CsvCell[][], header = ['a', 'b']) => new Response(csvStream(header, from(rows), (e) => { throw e; })).text();

describe('csvStream: RFC 4180, formula-safe', () => {
  it('writes the header and CRLF-terminated records', async () => {
    expect(await text([['x', 1], ['y', 2]])).toBe('a,b\r\nx,1\r\ny,2\r\n');
  });

  it('quotes cells with commas, quotes and line breaks, doubling quotes', async () => {
    expect(await text([['Smith, Jo', 'say "hi"'], ['line\nbreak', 'cr\rhere']])).toBe('a,b\r\n"Smith, Jo","say ""hi"""\r\n"line\nbreak","cr\rhere"\r\n');
  });

  it.each([
    ['=HYPERLINK("http://evil.example")', `"'=HYPERLINK(""http://evil.example"")"`],
    ['+1 512 555 0100', "'+1 512 555 0100"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['\r=1', `"'\r=1"`],
    ['a=b', 'a=b'],
  ])('neutralises a formula: %j -> %s', async (cell, expected) => {
    expect(await text([[cell]], ['a'])).toBe(`a\r\n${expected}\r\n`);
  });

  it('writes empty cells for null and undefined, and booleans as words', async () => {
    expect(await text([[null, undefined], [true, false]])).toBe('a,b\r\n,\r\ntrue,false\r\n');
  });

  it('stops reading the source when the reader cancels', async () => {
    let produced = 0;
    let closed = false;
    async function* endless() {
      try {
        for (;;) {
          produced++;
          yield ['x'.repeat(1_000)];
        }
      } finally {
        closed = true;
      }
    }
    const reader = csvStream(['a'], endless(), () => {}).getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
    expect(produced).toBeLessThan(10_000);
  });
});
