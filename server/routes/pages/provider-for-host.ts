import type { Deps } from '../../deps.js';

export const DEMO_ISSUER = 'urn:lead-portal:demo-provider';

/** D7: `/app` serves the provider registered for the request's hostname, else DEFAULT_PROVIDER, else (demo) the demo provider. */
export async function providerForHost({ db, config }: Deps, host: string | undefined): Promise<string | null> {
  const hostname = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  const byHost = hostname ? await db.selectFrom('provider_hostnames').select('provider_id').where('hostname', '=', hostname).executeTakeFirst() : undefined;
  if (byHost) return byHost.provider_id;
  if (config.defaultProviderId) return config.defaultProviderId;
  if (config.mode !== 'demo') return null;
  const demo = await db.selectFrom('provider_issuers').select('provider_id').where('issuer', '=', DEMO_ISSUER).executeTakeFirst();
  return demo?.provider_id ?? null;
}
