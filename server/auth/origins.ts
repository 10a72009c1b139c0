import type { Config } from '../config.js';
import type { Db } from '../db/database.js';

const REFRESH_MS = 60_000;

/**
 * Allowed browser origins per provider (D9), refreshed at least every minute so a provider's change applies
 * within 60 s on every process. A preflight carries no token, so it is answered from the union.
 */
export class OriginPolicy {
  private loadedAt = 0;
  private byProvider = new Map<string, Set<string>>();
  private hostnames = new Map<string, Set<string>>();
  private loading: Promise<void> | null = null;

  constructor(private readonly db: Db, private readonly config: Config) {}

  async anyProviderAllows(origin: string): Promise<boolean> {
    await this.fresh();
    if (origin === this.config.publicUrl) return true;
    for (const origins of this.byProvider.values()) if (origins.has(origin)) return true;
    for (const hosts of this.hostnames.values()) if (hosts.has(hostOf(origin))) return true;
    return false;
  }

  /** `/app` tokens are also allowed from PUBLIC_URL and the provider's registered hostnames. */
  async allows(providerId: string, origin: string, portalToken: boolean): Promise<boolean> {
    await this.fresh();
    if (this.byProvider.get(providerId)?.has(origin)) return true;
    if (!portalToken) return false;
    return origin === this.config.publicUrl || (this.hostnames.get(providerId)?.has(hostOf(origin)) ?? false);
  }

  invalidate(): void {
    this.loadedAt = 0;
  }

  private fresh(): Promise<void> {
    if (Date.now() - this.loadedAt < REFRESH_MS) return Promise.resolve();
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<void> {
    const [origins, hosts] = await Promise.all([
      this.db.selectFrom('provider_origins').select(['provider_id', 'origin']).execute(),
      this.db.selectFrom('provider_hostnames').select(['provider_id', 'hostname']).execute(),
    ]);
    this.byProvider = group(origins.map((r) => [r.provider_id, r.origin]));
    this.hostnames = group(hosts.map((r) => [r.provider_id, r.hostname]));
    this.loadedAt = Date.now();
  }
}

function group(pairs: [string, string][]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const [key, value] of pairs) {
    if (!map.has(key)) map.set(key, new Set());
    map.get(key)!.add(value);
  }
  return map;
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).hostname;
  } catch {
    return '';
  }
}
