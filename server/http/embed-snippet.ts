import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PLACEHOLDER = /\{\{PORTAL_ORIGIN\}\}/g;

export interface EmbedSnippet {
  /** The import map and the loader's script tag, with this portal's origin filled in (D32). */
  html: string;
  /** CSP source allowing the inline import map: `'sha256-…'`. */
  importMapHash: string;
}

/** The build's `dist/embed-snippet.html` for a given portal origin, or null before the first build. */
export function embedSnippet(distDir: string, portalOrigin: string): EmbedSnippet | null {
  let template: string;
  try {
    template = readFileSync(join(distDir, 'embed-snippet.html'), 'utf8');
  } catch {
    return null;
  }
  const html = template.replace(PLACEHOLDER, portalOrigin);
  const importMap = html.match(/<script type="importmap">([\s\S]*?)<\/script>/)?.[1] ?? '';
  return { html, importMapHash: `'sha256-${createHash('sha256').update(importMap).digest('base64')}'` };
}
