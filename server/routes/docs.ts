import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { AppEnv } from '../http/env.js';

const SCRIPT_URL = '/docs/scalar.js';
const bundlePath = join(dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')), 'browser', 'standalone.js');

/**
 * The reference page's own policy: nothing from another origin. Scalar's inline start-up script and the
 * stylesheet it injects carry the per-request nonce; `style-src` still needs 'unsafe-inline' because Scalar renders
 * `style="…"` attributes, which no nonce can allow (Scalar's docs say so).
 */
const docsHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", NONCE],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  referrerPolicy: 'no-referrer',
  xFrameOptions: 'DENY',
  crossOriginEmbedderPolicy: false,
});

/** Scalar's standalone bundle (~5 MB) is read and gzipped once, on first use. */
let bundle: Promise<{ raw: Uint8Array<ArrayBuffer>; gzipped: Uint8Array<ArrayBuffer> }> | undefined;
const loadBundle = () =>
  (bundle ??= readFile(bundlePath).then(async (raw) => ({ raw: new Uint8Array(raw), gzipped: new Uint8Array(await promisify(gzip)(raw)) })));

/** `/docs`: Scalar's API reference of `/openapi.json`, with its script served from here (D10: no outside request). */
export function docs() {
  const app = new Hono<AppEnv>();
  app.get('/scalar.js', async (c) => {
    const { raw, gzipped } = await loadBundle();
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=86400');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Vary', 'Accept-Encoding');
    if (!/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) return c.body(raw);
    c.header('Content-Encoding', 'gzip');
    return c.body(gzipped);
  });
  app.get(
    '/',
    docsHeaders,
    Scalar<AppEnv>((c) => ({
      url: '/openapi.json',
      cdn: SCRIPT_URL,
      nonce: c.get('secureHeadersNonce'),
      pageTitle: 'Lead Portal API reference',
      // Each of these would reach a Scalar-hosted service: fonts, telemetry, the agent chat, MCP, share/deploy tools.
      withDefaultFonts: false,
      telemetry: false,
      agent: { disabled: true },
      mcp: { disabled: true },
      showDeveloperTools: 'never',
    })),
  );
  return app;
}
