import { fixtureTransport, type FixtureOptions, type FixtureTransport } from '../../core/testing/fixture-transport.js';

export interface NotificationsFixtureOptions extends FixtureOptions {
  /** `invalid`: adding a recipient answers the recorded 400 (a webhook to a private address). Default: the recorded 201. */
  create?: 'invalid';
}

/**
 * The fixture transport, plus the notifications recordings' conventions (widgets/fixtures/README.md): a delivery log
 * page asked for with a `cursor` is `notifications/deliveries/page-2.json`, one filtered by recipient or lead is
 * `notifications/deliveries/<id>.json`, a new recipient answers with the outcome chosen, and a failed test send's
 * result (`{ ok: false, error }`) is a 200 as recorded. `requests` holds the
 * requests as the widget sent them.
 */
export function notificationsTransport(scenario: string, options: NotificationsFixtureOptions = {}): FixtureTransport {
  const replay = fixtureTransport(scenario, options);
  const requests: Request[] = [];
  const transport = async (request: Request): Promise<Response> => {
    requests.push(request);
    const url = new URL(request.url);
    const query = url.searchParams;
    if (request.method === 'GET' && url.pathname.endsWith('/notifications/deliveries')) {
      const filter = query.get('recipient_id') || query.get('lead_id');
      if (query.has('cursor')) url.pathname += '/page-2';
      else if (filter) url.pathname += `/${filter}`;
    }
    if (request.method === 'POST' && url.pathname.endsWith('/notifications/recipients') && options.create) url.pathname += `/${options.create}`;
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.clone().text();
    const reply = await replay(new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal }));
    // A test send's result has an `error` string of its own, which the generic transport takes for an error body.
    if (reply.status === 500 && url.pathname.endsWith('/test')) {
      const result = (await reply.json()) as { ok?: boolean };
      return new Response(JSON.stringify(result), { status: 'ok' in result ? 200 : 500, headers: { 'Content-Type': 'application/json' } });
    }
    return reply;
  };
  return Object.assign(transport, { requests });
}
