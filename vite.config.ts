import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** Public entries: stable names in dist/ (served at /widgets/), each widget its own module (D26). */
const entries = {
  embed: 'widgets/embed.ts',
  index: 'widgets/index.ts',
  portal: 'widgets/portal/portal.ts',
  'portal-app': 'widgets/portal-app/portal-app.ts',
  'wallet-balance': 'widgets/wallet-balance/wallet-balance.ts',
  'customer-badge': 'widgets/customer-badge/customer-badge.ts',
  'customer-switcher': 'widgets/customer-switcher/customer-switcher.ts',
  'account-status': 'widgets/account-status/account-status.ts',
  'bids-manager': 'widgets/bids-manager/bids-manager.ts',
  'bidding-limits': 'widgets/bidding-limits/bidding-limits.ts',
  'billing-panel': 'widgets/billing-panel/billing-panel.ts',
  notifications: 'widgets/notifications/notifications.ts',
  'leads-table': 'widgets/leads-table/leads-table.ts',
  'lead-detail': 'widgets/lead-detail/lead-detail.ts',
  dashboard: 'widgets/dashboard/dashboard.ts',
  marketplace: 'widgets/marketplace/marketplace.ts',
  team: 'widgets/team/team.ts',
  // /app's account pages only (sign in, register, …): not a widget, never loaded by embed.js.
  'app-account': 'widgets/app-account/app-account.ts',
};

type Node = { type: string; start: number; end: number; [key: string]: unknown };

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

function visit(node: Node, found: (node: Node) => void): void {
  found(node);
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) if (isNode(child)) visit(child, found);
  }
}

const minifyCss = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};:,>]) ?/g, '$1')
    .replace(/;}/g, '}');

/**
 * Collapses the whitespace of css`…`, html`…` and svg`…` templates, which ship as plain strings: the
 * indentation is a fair share of each widget's bytes (D26). HTML whitespace runs keep one space, so the
 * rendered text stays the same; CSS also drops comments and spaces around punctuation.
 */
function minifyTemplateLiterals(): Plugin {
  return {
    name: 'lp:minify-template-literals',
    apply: 'build',
    transform(code, id) {
      if (!/\/widgets\/.*\.ts$/.test(id) || !/\b(css|html|svg)`/.test(code)) return;
      const edits: { start: number; end: number; text: string }[] = [];
      visit(this.parse(code) as unknown as Node, (node) => {
        const tag = node.tag as Node & { name?: string };
        if (node.type !== 'TaggedTemplateExpression' || tag.type !== 'Identifier') return;
        if (!['css', 'html', 'svg'].includes(tag.name!)) return;
        for (const quasi of (node.quasi as { quasis: Node[] }).quasis) {
          const raw = code.slice(quasi.start, quasi.end);
          edits.push({ start: quasi.start, end: quasi.end, text: tag.name === 'css' ? minifyCss(raw) : raw.replace(/\s+/g, ' ') });
        }
      });
      let result = code;
      for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) {
        result = result.slice(0, start) + text + result.slice(end);
      }
      return { code: result, map: null };
    },
  };
}

/** Where the snippet's URLs point; the server fills in its PUBLIC_URL when it serves the snippet. */
export const PORTAL_ORIGIN_PLACEHOLDER = '{{PORTAL_ORIGIN}}';

/**
 * D32: `dist/embed-snippet.html` — the loader's script tag with its SRI hash, plus an import map carrying an
 * `integrity` entry for every module it may load, so each widget chunk is checked too. The snippet points at this
 * build's release path, `/widgets/v/<build id>/`, whose files never change (the server caches them for good); the
 * id is written to `dist/build-id`. Hashes change with every build, so the README points at this file instead of
 * printing one.
 */
function embedSnippet(): Plugin {
  return {
    name: 'lp:embed-snippet',
    apply: 'build',
    writeBundle(options, bundle) {
      const chunks = Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? [file] : []));
      const contents = createHash('sha256');
      for (const chunk of chunks.sort((a, b) => a.fileName.localeCompare(b.fileName))) contents.update(chunk.fileName).update(chunk.code);
      const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
      const buildId = `${version}-${contents.digest('hex').slice(0, 10)}`;
      writeFileSync(join(options.dir!, 'build-id'), `${buildId}\n`);

      const base = `${PORTAL_ORIGIN_PLACEHOLDER}/widgets/v/${buildId}/`;
      const sri = (code: string) => `sha384-${createHash('sha384').update(code).digest('base64')}`;
      const integrity: Record<string, string> = {};
      for (const chunk of chunks) integrity[base + chunk.fileName] = sri(chunk.code);
      const importMap = JSON.stringify({ integrity }, null, 2);
      const snippet = `<!-- Lead Portal widgets. The import map must come before the loader; under a CSP, allow it by its hash. -->
<script type="importmap">
${importMap}
</script>
<script type="module" src="${base}embed.js" integrity="${integrity[`${base}embed.js`]}" crossorigin="anonymous"></script>
`;
      writeFileSync(join(options.dir!, 'embed-snippet.html'), snippet);
    },
  };
}

/** Gzip and brotli copies of every module beside it, which the server sends to browsers that accept them. */
function precompress(): Plugin {
  return {
    name: 'lp:precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const path = join(options.dir!, file.fileName);
        writeFileSync(`${path}.gz`, gzipSync(file.code, { level: 9 }));
        writeFileSync(`${path}.br`, brotliCompressSync(file.code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

export default defineConfig({
  plugins: [minifyTemplateLiterals(), embedSnippet(), precompress()],
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Library mode: ES modules with relative imports between chunks (any origin, any path), and no
    // preload helper injecting <link> tags into the provider's page.
    lib: { entry: entries, formats: ['es'] },
    rolldownOptions: {
      // A widget's entry holds its own code (index.js imports it) instead of re-exporting a chunk: one hop less.
      preserveEntrySignatures: 'allow-extension',
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Library mode keeps whitespace and annotations for re-bundling; these files ship as they are.
        minify: true,
        comments: false,
      },
    },
  },
});
