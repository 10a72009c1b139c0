import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targets } from '../test/databases.js';
import { createTestContext, type TestContext } from '../test/harness.js';

describe.each(targets)('/docs on %s', (target) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(target);
  });
  afterAll(() => t.close());

  it('renders Scalar from our own origin only: no outside URL in the page or its policy (D10)', async () => {
    const res = await t.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    const html = await res.text();
    const policy = res.headers.get('Content-Security-Policy')!;

    expect(html).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    expect(policy).not.toMatch(/https?:|\*/);
    const sources = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(sources).toEqual(['/docs/scalar.js']);
    expect(html).toContain('"url": "/openapi.json"');

    // The inline start-up script runs only through the per-request nonce; nothing else inline is allowed.
    const nonce = policy.match(/script-src 'self' 'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBe(2);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(policy).toContain("frame-ancestors 'none'");
  });

  it('serves Scalar’s standalone bundle as JavaScript, gzipped when asked', async () => {
    const res = await t.request('/docs/scalar.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const script = await res.text();
    expect(script).toContain('createApiReference');
    expect(script.length).toBeGreaterThan(1_000_000);

    const gzipped = await t.request('/docs/scalar.js', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(gzipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString('utf8')).toBe(script);
  });

  it('documents the provider API with its API-key scheme and tag', async () => {
    const doc = await (await t.request('/openapi.json')).json();
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const path of ['/provider/v1/customers', '/provider/v1/customers/{external_id}', '/provider/v1/settings', '/provider/v1/lead-types', '/provider/v1/signing-keys', '/provider/v1/signing-keys/{id}', '/provider/v1/origins', '/provider/v1/hostnames']) {
      const operations = Object.values(doc.paths[path] ?? {}) as { tags: string[]; security: unknown[] }[];
      expect(operations.length, path).toBeGreaterThan(0);
      for (const operation of operations) expect(operation).toMatchObject({ tags: ['Provider'], security: [{ apiKey: [] }] });
    }
  });
});
