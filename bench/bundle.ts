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

const staticImport = /\b(?:import|export)\s*(?:[^'"()]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g;

function closure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const match of readFileSync(entry, 'utf8').matchAll(staticImport)) closure(resolve(dirname(entry), match[1]!), seen);
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
  const total = gz(allChunks);
  lines.push(`  ${'all chunks'.padEnd(20)} ${kb(total).padStart(8)} (budget ${kb(BUDGET.allChunks)}: ${total <= BUDGET.allChunks ? 'ok' : 'OVER'}; stretch ${kb(STRETCH.allChunks)}: ${total <= STRETCH.allChunks ? 'met' : `${kb(total - STRETCH.allChunks)} over`})`);
  if (total > BUDGET.allChunks) failures.push(`all chunks are ${kb(total)}, over the ${kb(BUDGET.allChunks)} budget`);
  return { lines, failures };
}
