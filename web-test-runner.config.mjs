// Browser tests of the widgets: `npx wtr --config web-test-runner.config.mjs`.
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';

/**
 * Ends the output with exactly `N passed, N failed` (what CI reads), after the failures and their errors, and
 * appends the counts to LP_SUMMARY_FILE when `npm test` aggregates runners. It prints through getTestProgress,
 * which the runner calls last, after every reporter's stop().
 */
function summaryReporter() {
  let summary;
  const collect = (suite, path, file, out) => {
    for (const test of suite.tests) {
      if (test.skipped) out.skipped += 1;
      else if (test.passed) out.passed += 1;
      else out.failures.push({ file, name: [...path, test.name].join(' › '), error: test.error });
    }
    for (const child of suite.suites) collect(child, [...path, child.name], file, out);
  };
  return {
    stop({ sessions }) {
      const out = { passed: 0, skipped: 0, failures: [] };
      for (const session of sessions) {
        if (session.testResults) collect(session.testResults, [], session.testFile, out);
        // Errors outside any test (a file that failed to load, a hook that threw) count as failures too.
        for (const error of session.errors) out.failures.push({ file: session.testFile, name: '(file)', error });
      }
      const counts = { passed: out.passed, failed: out.failures.length, skipped: out.skipped };
      if (process.env.LP_SUMMARY_FILE) {
        appendFileSync(process.env.LP_SUMMARY_FILE, `${JSON.stringify({ runner: process.env.LP_SUMMARY_RUNNER ?? 'widgets', ...counts })}\n`);
      }
      summary = [
        ...out.failures.map(({ file, name, error }) => `FAILED ${relative(process.cwd(), file)} › ${name}\n  ${error?.message ?? 'unknown error'}`),
        `${counts.passed} passed, ${counts.failed} failed`,
      ];
    },
    getTestProgress: () => summary ?? [],
  };
}

export default {
  files: ['widgets/**/*.test.ts'],
  nodeResolve: true,
  // Fixtures name the demo provider's logo (/demo/acme-logo.svg), which the server serves from demo/public/.
  middleware: [
    (context, next) => {
      if (context.url.startsWith('/demo/')) context.url = context.url.replace('/demo/', '/demo/public/');
      return next();
    },
  ],
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
  reporters: [defaultReporter(), summaryReporter()],
};
