import { appendFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints `N passed, N failed, N skipped` as the last line (CI reads that line, not vitest's own summary), and appends
 * the counts to LP_SUMMARY_FILE when `npm test` aggregates several runners.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      if (module.state() === 'failed' && ![...module.children.allTests()].length) counts.failed++;
    }
    counts.failed += errors.length;
    if (process.env.LP_SUMMARY_FILE) appendFileSync(process.env.LP_SUMMARY_FILE, `${JSON.stringify({ runner: process.env.LP_SUMMARY_RUNNER ?? 'vitest', ...counts })}\n`);
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
