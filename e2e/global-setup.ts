import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchServer } from './server.js';

/** Seeds one demo DATA_DIR for the run; each e2e server starts on a copy of it (see `startServer`). */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'lp-e2e-template-'));
  const server = await launchServer(dataDir);
  await server.stop();
  project.provide('demoTemplate', { dataDir, apiKey: server.apiKey });
  return () => rmSync(dataDir, { recursive: true, force: true });
}
