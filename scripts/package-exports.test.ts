import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

type Target = string | { types: string; default: string };
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, Target> };
const built = existsSync('dist/build-id') && existsSync('dist/types');

/** The vite entries (`dist/<name>.js`): what the exports map must offer one by one. */
const entries = [...readFileSync('vite.config.ts', 'utf8').matchAll(/^\s+'?([a-z-]+)'?: 'widgets\/[^']+\.ts',$/gm)].map((m) => m[1]!);

describe('package.json exports (issue 10)', () => {
  it('offers every built entry as its own subpath with its types, and nothing else under dist', () => {
    const subpaths = Object.keys(pkg.exports).filter((key) => typeof pkg.exports[key] !== 'string');
    expect(subpaths.sort()).toEqual(entries.map((name) => (name === 'index' ? '.' : `./${name}`)).sort());
  });

  it.skipIf(!built)('points only at files the build wrote (run `npm run build` first)', () => {
    for (const target of Object.values(pkg.exports)) {
      for (const file of typeof target === 'string' ? [target] : [target.types, target.default]) expect(existsSync(file), file).toBe(true);
    }
  });

  it.skipIf(!built)('keeps every element registration in the build (a sideEffects field that misses the sources drops them)', () => {
    const sources = execFileSync('git', ['grep', '-h', '-o', "define('lp-[a-z-]*'", '--', 'widgets/*.ts', ':!*.test.ts', ':!*.stories.ts', ':!widgets/**/testing/**'], { encoding: 'utf8' });
    const tags = [...new Set(sources.match(/lp-[a-z-]+/g))];
    const dist = execFileSync('sh', ['-c', 'cat dist/*.js dist/chunks/*.js'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(tags.length).toBeGreaterThan(10);
    // Minified, `define('lp-x', LpX)` reads `f(\`lp-x\`,X)` or, with the class inlined, `f(\`lp-x\`,class …`.
    const missing = tags.filter((tag) => !new RegExp(`[\\w$]+\\(\`${tag}\`,(?:[\\w$]+\\)|class\\b)`).test(dist));
    expect(missing).toEqual([]);
  });

  const consumerDir = join('test-results', 'package-consumer');
  afterAll(() => rmSync(consumerDir, { recursive: true, force: true }));

  it.skipIf(!built)('types a provider’s TypeScript: tags, properties and event details through the package name', () => {
    mkdirSync(consumerDir, { recursive: true });
    // Inside the package, `lead-portal/…` resolves through the exports map (self-reference), as it would from node_modules.
    writeFileSync(
      join(consumerDir, 'consumer.ts'),
      `import 'lead-portal/wallet-balance';
import { LpPortal, type Appearance } from 'lead-portal';

const wallet = document.createElement('lp-wallet-balance');
wallet.variant = 'detail';
wallet.billingHref = '/billing';
wallet.addEventListener('lp-navigate', (event) => {
  const section: string = event.detail.section;
  console.log(section);
});
const portal: LpPortal = document.querySelector('lp-portal')!;
const appearance: Appearance = { colorPrimary: '#0a7' };
portal.appearance = appearance;
// @ts-expect-error: 'huge' is not a variant
wallet.variant = 'huge';
`,
    );
    writeFileSync(
      join(consumerDir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], strict: true, noEmit: true, skipLibCheck: true }, files: ['consumer.ts'] }),
    );
    const run = () => execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', join(consumerDir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
    expect(run).not.toThrow();
  }, 60_000);
});
