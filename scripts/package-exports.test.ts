import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

/** A module (types and code), a types-only subpath (`./jsx`: typings with no code), or a plain file. */
type Target = string | { types: string; default?: string };
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, Target> };
const modules = Object.keys(pkg.exports).filter((key) => typeof pkg.exports[key] === 'object' && pkg.exports[key].default);
const typesOnly = Object.keys(pkg.exports).filter((key) => typeof pkg.exports[key] === 'object' && !pkg.exports[key].default);
const built = existsSync('dist/build-id') && existsSync('dist/types');

/** The vite entries (`dist/<name>.js`): what the exports map must offer one by one. */
const entries = [...readFileSync('vite.config.ts', 'utf8').matchAll(/^\s+'?([a-z-]+)'?: 'widgets\/[^']+\.ts',$/gm)].map((m) => m[1]!);

describe('package.json exports (issue 10)', () => {
  it('offers every built entry as its own subpath with its types, and nothing else under dist', () => {
    expect(modules.sort()).toEqual(entries.map((name) => (name === 'index' ? '.' : `./${name}`)).sort());
  });

  it('offers types-only subpaths (./jsx) only for widget sources that compile to no code', () => {
    expect(typesOnly).toContain('./jsx');
    for (const key of typesOnly) {
      const types = (pkg.exports[key] as { types: string }).types;
      const source = types.replace(/^\.\/dist\/types\/(.+)\.d\.ts$/, 'widgets/$1.ts');
      expect(source, types).toMatch(/^widgets\/.+\.ts$/);
      // Nothing to import at run time: a bundler must never be asked for this subpath's code.
      const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true } });
      expect(outputText.replace(/\/\/# sourceMappingURL=.*|\/\*[\s\S]*?\*\//g, '').trim(), source).toBe('export {};');
    }
  });

  it.skipIf(!built)('points only at files the build wrote (run `npm run build` first)', () => {
    for (const target of Object.values(pkg.exports)) {
      for (const file of typeof target === 'string' ? [target] : [target.types, target.default ?? target.types]) expect(existsSync(file), file).toBe(true);
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
  const reactDir = join('test-results', 'package-consumer-react');
  afterAll(() => {
    rmSync(consumerDir, { recursive: true, force: true });
    rmSync(reactDir, { recursive: true, force: true });
  });
  /** tsc's diagnostics for a project: empty when it compiles. */
  const tsc = (project: string) => {
    const { stdout, stderr, status } = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { encoding: 'utf8' });
    return status === 0 ? '' : `${stdout}${stderr}` || `exit ${status}`;
  };
  const compilerOptions = { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], strict: true, noEmit: true, skipLibCheck: true };

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
    writeFileSync(join(consumerDir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    expect(tsc(join(consumerDir, 'tsconfig.json'))).toBe('');
  }, 60_000);

  it.skipIf(!built)('types React 19 JSX through lead-portal/jsx: properties, attributes, ref and lp-* handlers with their detail', () => {
    rmSync(reactDir, { recursive: true, force: true });
    mkdirSync(join(reactDir, 'node_modules'), { recursive: true });
    // One app imports the typings; the other lists them in tsconfig `types`, which resolves from node_modules only:
    // a link stands for the installed package.
    symlinkSync(relative(join(reactDir, 'node_modules'), '.'), join(reactDir, 'node_modules', 'lead-portal'), 'dir');
    const app = `import 'lead-portal/portal';
import 'lead-portal/wallet-balance';
import type { LpPortal, LpWalletBalance } from 'lead-portal';

export function App({ onBilling }: { onBilling: (section: string) => void }) {
  let portal: LpPortal | null = null;
  return (
    <lp-portal
      ref={(element) => void (portal = element)}
      appearance={{ colorPrimary: '#0a7', borderRadius: '4px' }}
      fetchToken={async () => 'token'}
      api-base="https://portal.example"
      customer-id="roof-pros"
      onlp-customer-switched={(event) => console.log(event.detail.customer.name, event.detail.customerId, portal)}
    >
      <lp-wallet-balance
        variant="detail"
        billing-href="/billing"
        onlp-navigate={(event) => {
          const wallet: LpWalletBalance = event.currentTarget;
          onBilling(event.detail.section + wallet.variant);
        }}
      />
      <lp-customer-badge className="badge" style={{ margin: 0 }} />
      {/* @ts-expect-error 'huge' is not a variant */}
      <lp-customer-badge variant="huge" />
      {/* @ts-expect-error appearance is an object: a string would only become an attribute */}
      <lp-portal appearance="#0a7" />
      {/* @ts-expect-error an lp-navigate detail has no customerId */}
      <lp-wallet-balance onlp-navigate={(event) => event.detail.customerId} />
      {/* @ts-expect-error customer-id is a string attribute */}
      <lp-portal customer-id={42} />
      {/* @ts-expect-error lp-bid-form is internal */}
      <lp-bid-form />
    </lp-portal>
  );
}
`;
    writeFileSync(join(reactDir, 'imported.tsx'), `import type {} from 'lead-portal/jsx';\n${app}`);
    writeFileSync(join(reactDir, 'listed.tsx'), app);
    const options = { ...compilerOptions, jsx: 'react-jsx', types: [] as string[] };
    writeFileSync(join(reactDir, 'imported.json'), JSON.stringify({ compilerOptions: options, files: ['imported.tsx'] }));
    writeFileSync(join(reactDir, 'listed.json'), JSON.stringify({ compilerOptions: { ...options, types: ['lead-portal/jsx'] }, files: ['listed.tsx'] }));
    expect(tsc(join(reactDir, 'imported.json'))).toBe('');
    expect(tsc(join(reactDir, 'listed.json'))).toBe('');
  }, 60_000);

  it.skipIf(!built)('type-checks the React and Vue demos (demo/react, demo/vue) as a provider’s apps, through the package name', () => {
    expect(tsc('demo/react/tsconfig.json')).toBe('');
    expect(tsc('demo/vue/tsconfig.json')).toBe('');
  }, 60_000);
});
