import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { ApiError } from '../errors.js';
import { embedSnippet } from './embed-snippet.js';
import type { AppEnv } from './env.js';

/**
 * The widget bundle, from `dist/`. Content-hashed chunks are immutable; the stable entry names (embed.js, one per
 * widget) revalidate so a deploy reaches embedders. Module scripts loaded by another origin need CORS.
 */
export function widgetAssets(distDir: string): MiddlewareHandler<AppEnv> {
  if (!existsSync(distDir)) {
    return () => Promise.reject(new ApiError('not_found', 'The widget bundle is not built: run `npm run build`'));
  }
  return serveStatic({
    root: relative(process.cwd(), distDir) || '.',
    rewriteRequestPath: (path) => path.replace(/^\/widgets/, ''),
    precompressed: true,
    onFound: (path, c) => {
      // Only chunks/ holds content-hashed files (vite.config.ts); a name like customer-switcher.js is an entry.
      const hashed = path.includes('/chunks/');
      c.header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
      c.header('X-Content-Type-Options', 'nosniff');
    },
  });
}

/** `/widgets/embed-snippet.html` with this server's public origin filled in: what an embedder pastes (D32). */
export function embedSnippetRoute(distDir: string, publicUrl: string): MiddlewareHandler<AppEnv> {
  return async (c) => {
    const snippet = embedSnippet(distDir, publicUrl);
    if (!snippet) throw new ApiError('not_found', 'The widget bundle is not built: run `npm run build`');
    c.header('Cache-Control', 'no-cache');
    return c.text(snippet.html);
  };
}

/** Files of our own pages (stylesheets, images) from a folder, at `prefix`. */
export function publicAssets(folder: string, prefix: string): MiddlewareHandler<AppEnv> {
  return serveStatic({
    root: relative(process.cwd(), folder) || '.',
    rewriteRequestPath: (path) => path.slice(prefix.length),
    onFound: (_path, c) => {
      c.header('Cache-Control', 'public, max-age=300');
      c.header('X-Content-Type-Options', 'nosniff');
    },
  });
}
