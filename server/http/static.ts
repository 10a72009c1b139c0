import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ApiError } from '../errors.js';
import { embedSnippet } from './embed-snippet.js';
import type { AppEnv } from './env.js';

const RELEASE_PATH = /^\/widgets\/v\/([^/]+)(?=\/)/;

/** The build's id (`dist/build-id`, written by vite.config.ts): a release's files live under `/widgets/v/<id>/`. */
export function currentBuildId(distDir: string): string | null {
  try {
    return readFileSync(join(distDir, 'build-id'), 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * The widget bundle, from `dist/`, at two paths. `/widgets/v/<build id>/…` (what the embed snippet uses) never
 * changes, so everything under it is cached for good; an id other than the current build's is gone (404). Under
 * `/widgets/…` the content-hashed chunks are immutable and the stable entry names (embed.js, one per widget)
 * revalidate, so a deploy reaches pages that load them by name. Served gzip or brotli from the build's
 * precompressed copies; module scripts loaded by another origin need CORS.
 */
export function widgetAssets(distDir: string): MiddlewareHandler<AppEnv> {
  if (!existsSync(distDir)) {
    return () => Promise.reject(new ApiError('not_found', 'The widget bundle is not built: run `npm run build`'));
  }
  const files = serveStatic<AppEnv>({
    root: relative(process.cwd(), distDir) || '.',
    rewriteRequestPath: (path) => path.replace(RELEASE_PATH, '').replace(/^\/widgets/, ''),
    precompressed: true,
  });
  return async (c, next) => {
    const release = c.req.path.match(RELEASE_PATH)?.[1];
    if (release !== undefined && release !== currentBuildId(distDir)) {
      throw new ApiError('not_found', 'This release of the widgets is no longer served: load the current embed snippet');
    }
    const reply = await files(c, next);
    // Headers go on the file's own reply (serveStatic's onFound runs after that reply is made, too late to add any).
    if (reply instanceof Response && reply.ok) {
      // Only chunks/ holds content-hashed files (vite.config.ts); a name like customer-switcher.js is an entry.
      const immutable = release !== undefined || c.req.path.startsWith('/widgets/chunks/');
      reply.headers.set('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
      reply.headers.set('Access-Control-Allow-Origin', '*');
      reply.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
      reply.headers.set('X-Content-Type-Options', 'nosniff');
    }
    return reply;
  };
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
