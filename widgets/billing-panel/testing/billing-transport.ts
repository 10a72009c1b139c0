import { fixtureTransport, type FixtureOptions, type FixtureTransport } from '../../core/testing/fixture-transport.js';

/** Which recorded outcome POST /deposits answers with (widgets/fixtures/README.md, "Billing"). */
export type DepositOutcome = 'declined' | 'three-d-secure' | 'processing';

export interface BillingFixtureOptions extends FixtureOptions {
  /** Default: the deposit that succeeds (`deposits.post.json`). */
  deposit?: DepositOutcome;
}

/**
 * The fixture transport, plus the billing recordings' two conventions: a transactions page asked for with a
 * `cursor` is the recorded second page (`transactions/page-2.json`), and a deposit answers with the outcome
 * chosen (`deposits/<outcome>.post.json`). `requests` holds the requests as the panel sent them.
 */
export function billingTransport(scenario: string, options: BillingFixtureOptions = {}): FixtureTransport {
  const replay = fixtureTransport(scenario, options);
  const requests: Request[] = [];
  const transport = async (request: Request): Promise<Response> => {
    requests.push(request);
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname.endsWith('/transactions') && url.searchParams.has('cursor')) url.pathname += '/page-2';
    if (request.method === 'POST' && url.pathname.endsWith('/deposits') && options.deposit) url.pathname += `/${options.deposit}`;
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.clone().text();
    return replay(new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal }));
  };
  return Object.assign(transport, { requests });
}
