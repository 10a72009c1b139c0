import { Hono } from 'hono';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEnv } from './env.js';
import pino from 'pino';
import { onError } from './errors.js';
import { widgetAssets } from './static.js';

describe('the widget bundle at /widgets', () => {
  const dist = mkdtempSync(join(tmpdir(), 'lp-dist-'));
  mkdirSync(join(dist, 'chunks'));
  const loader = 'export const loader = 1;';
  writeFileSync(join(dist, 'embed.js'), loader);
  writeFileSync(join(dist, 'embed.js.br'), brotliCompressSync(loader));
  writeFileSync(join(dist, 'chunks', 'lit-abc123.js'), 'export const lit = 1;');
  writeFileSync(join(dist, 'build-id'), '1.2.3-feedbeef00\n');
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  const app = new Hono<AppEnv>().use('/widgets/*', widgetAssets(dist));
  app.onError(onError(pino({ level: 'silent' })));
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

  it('serves the current release path for good, with CORS for module scripts', async () => {
    const reply = await get('/widgets/v/1.2.3-feedbeef00/embed.js');
    expect(reply.status).toBe(200);
    expect(await reply.text()).toBe(loader);
    expect(reply.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    expect(reply.headers.get('content-type')).toMatch(/javascript/);
  });

  it('refuses a release that is not the current build', async () => {
    expect((await get('/widgets/v/1.2.2-0000000000/embed.js')).status).toBe(404);
  });

  it('revalidates entry names and caches hashed chunks for good outside a release path', async () => {
    expect((await get('/widgets/embed.js')).headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect((await get('/widgets/chunks/lit-abc123.js')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('sends the brotli copy to a browser that accepts it', async () => {
    const reply = await get('/widgets/v/1.2.3-feedbeef00/embed.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(reply.headers.get('content-encoding')).toBe('br');
    expect(reply.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(Buffer.from(await reply.arrayBuffer())).toString()).toBe(loader);
  });
});
