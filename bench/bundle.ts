import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

/** D26 budgets, in gzip -9 bytes of an entry's whole static import closure (Stripe.js excluded: it loads lazily). */
const KB = 1000;
const BUDGET = { embed: 3 * KB, walletBalance: 14 * KB, widget: 24 * KB, allChunks: 60 * KB };
const STRETCH = { walletBalance: 12 * KB, allChunks: 40 * KB };

/** Entries that are widgets (dist/<name>.js); `index` and `embed` are bundles, not widgets. */
const NOT_WIDGETS = new Set(['embed', 'index']);

/** A catalogue of a non-default language (`wallet-balance.messages.es-<hash>.js`, `messages.fr-CA-<hash>.js`). */
const OTHER_LOCALE = /(?:^|[./])messages\.[a-z]{2}(?:-[A-Z]{2})?-[\w-]+\.js$/;

const staticImport = /\b(?:import|export)\s*(?:[^'"()]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g;
const dynamicImport = /\bimport\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g;

/** The files `entry` loads: its static imports, and with `lazy` also what it may import() later. */
function closure(entry: string, lazy = false, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  const imports = [...code.matchAll(staticImport), ...(lazy ? code.matchAll(dynamicImport) : [])];
  for (const match of imports) closure(resolve(dirname(entry), match[1]!), lazy, seen);
  return seen;
}

const gz = (files: Iterable<string>) => gzipSync(Buffer.concat([...files].map((f) => readFileSync(f))), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} kB`;

/** Baseline measured in the same run: Lit's runtime (LitElement + html + css) alone, minified the same way. */
function litRuntimeSize(): number {
  const out = buildSync({ stdin: { contents: "export { LitElement, html, css, nothing } from 'lit';", resolveDir: process.cwd() }, bundle: true, minify: true, format: 'esm', write: false });
  return gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length;
}

export function bundleReport(distDir = 'dist'): { lines: string[]; failures: string[] } {
  const lines: string[] = [];
  const failures: string[] = [];
  // Entries sit at the top of dist/; content-hashed chunks live in dist/chunks/.
  const entries = readdirSync(distDir).filter((f) => f.endsWith('.js'));
  const allChunks = readdirSync(distDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => join(distDir, f));
  const baseline = litRuntimeSize();

  lines.push(`bundle (gzip -9 of each entry's static import closure; baseline = Lit's runtime alone, ${kb(baseline)})`);
  for (const file of entries.sort()) {
    const name = file.replace(/\.js$/, '');
    const size = gz(closure(resolve(distDir, file)));
    const ratio = ` ×${(size / baseline).toFixed(2)} of Lit`;
    const budget = name === 'embed' ? BUDGET.embed : name === 'wallet-balance' ? BUDGET.walletBalance : NOT_WIDGETS.has(name) ? null : BUDGET.widget;
    const verdict = budget === null ? '' : size <= budget ? ` (budget ${kb(budget)}: ok)` : ` (budget ${kb(budget)}: OVER)`;
    lines.push(`  ${name.padEnd(20)} ${kb(size).padStart(8)}${ratio}${verdict}`);
    if (budget !== null && size > budget) failures.push(`${name} is ${kb(size)}, over its ${kb(budget)} budget`);
    if (name === 'wallet-balance') lines.push(`    stretch goal ${kb(STRETCH.walletBalance)}: ${size <= STRETCH.walletBalance ? 'met' : `${kb(size - STRETCH.walletBalance)} over`}`);
  }
  // D26's "all chunks" is the embeddable suite: everything the autoloader can load. The rest (the /app shell and
  // account pages, the package's index module) are entries with their own closure budget, counted apart.
  // D26 measures the default locale: the other languages' catalogues (`*.messages.<lang>-<hash>.js`) load only on a
  // switch, and are printed apart.
  const reachable = [...closure(resolve(distDir, 'embed.js'), true)].sort();
  const otherLocales = reachable.filter((f) => OTHER_LOCALE.test(f));
  const suite = reachable.filter((f) => !OTHER_LOCALE.test(f));
  const appOnly = allChunks.map((f) => resolve(f)).filter((f) => !reachable.includes(f) && !OTHER_LOCALE.test(f)).sort();
  const total = gz(suite);
  lines.push(`  ${'all chunks'.padEnd(20)} ${kb(total).padStart(8)} (the embed suite, ${suite.length} files; budget ${kb(BUDGET.allChunks)}: ${total <= BUDGET.allChunks ? 'ok' : 'OVER'}; stretch ${kb(STRETCH.allChunks)}: ${total <= STRETCH.allChunks ? 'met' : `${kb(total - STRETCH.allChunks)} over`})`);
  lines.push(`  ${'other locales'.padEnd(20)} ${kb(otherLocales.length ? gz(otherLocales) : 0).padStart(8)} (${otherLocales.length} catalogues, loaded on a language switch)`);
  lines.push(`  ${'outside the suite'.padEnd(20)} ${kb(appOnly.length ? gz(appOnly) : 0).padStart(8)} (${appOnly.map((f) => f.slice(resolve(distDir).length + 1)).join(', ') || 'nothing'})`);
  if (total > BUDGET.allChunks) failures.push(`all chunks are ${kb(total)}, over the ${kb(BUDGET.allChunks)} budget`);
  return { lines, failures };
}
