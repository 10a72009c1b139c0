import { fixtureTransport, loadFixture, type FixtureOptions, type FixtureTransport } from '../../core/testing/fixture-transport.js';
import type { LeadList } from '../lead-types.js';

export interface LeadsFixtureOptions extends FixtureOptions {
  /**
   * Answer `GET /leads` with this many leads, `pageSize` a page: copies of the scenario's first recorded lead with
   * their own ids and names (for a table of thousands of rows; the cursor is the next row's index).
   */
  generated?: { count: number; pageSize: number };
}

/**
 * The fixture transport, plus the leads recordings' conventions (widgets/fixtures/README.md, "Leads"): a list
 * asked for with a `cursor` is the recorded second page (`leads/page-2.json`), and the export is
 * `leads/export.csv`. `requests` holds the requests as the widgets sent them.
 */
export function leadsTransport(scenario: string, options: LeadsFixtureOptions = {}): FixtureTransport {
  const replay = fixtureTransport(scenario, options);
  const requests: Request[] = [];
  let recorded: Promise<LeadList> | undefined;
  const transport = async (request: Request): Promise<Response> => {
    requests.push(request);
    const url = new URL(request.url);
    const list = request.method === 'GET' && url.pathname.endsWith('/leads');
    if (list && options.generated) {
      const { items: [lead], columns } = await (recorded ??= loadFixture<LeadList>(scenario, 'leads'));
      const { count, pageSize } = options.generated;
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const to = Math.min(count, from + pageSize);
      const items = Array.from({ length: to - from }, (_, i) => ({ ...lead!, id: `lead_generated_${from + i}`, fields: { ...lead!.fields, first_name: 'Lead', last_name: `#${from + i + 1}` } }));
      const page: LeadList = { items, next_cursor: to < count ? String(to) : null, columns };
      return new Response(JSON.stringify(page), { headers: { 'Content-Type': 'application/json' } });
    }
    if (list && url.searchParams.has('cursor')) url.pathname += '/page-2';
    // The fixture transport answers a GET with no .json file from `<route>.csv`.
    if (url.pathname.endsWith('/leads/export.csv')) url.pathname = url.pathname.slice(0, -'.csv'.length);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.clone().text();
    return replay(new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal }));
  };
  return Object.assign(transport, { requests });
}
