import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

export interface RunningServer {
  port: number;
  /** http://localhost:PORT — where people open the portal and the demo site. */
  url: string;
  /** The demo provider's API key, printed once on first start. */
  apiKey: string;
  output: () => string;
  /** The provider API with the demo provider's key: JSON in and out; anything but a 2xx throws with the reply. */
  provider(method: string, path: string, body?: unknown): Promise<any>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** A seeded demo DATA_DIR (from `e2e/global-setup.ts`) and the API key its first start printed. */
export interface DemoTemplate {
  dataDir: string;
  apiKey: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoTemplate?: DemoTemplate;
  }
}

/**
 * `npm start` minus the build (the test run builds once): demo mode, a free port, and a DATA_DIR of its own —
 * a copy of the run's seeded template when there is one (first starts migrate and seed: seconds per file), else
 * fresh. With DATABASE_URL in `env` the data lives on that server and the template does not apply.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lp-e2e-'));
  const template = env['DATABASE_URL'] ? undefined : inject('demoTemplate');
  if (template) cpSync(template.dataDir, dataDir, { recursive: true });
  const server = await launchServer(dataDir, env);
  return {
    ...server,
    apiKey: server.apiKey || template?.apiKey || '',
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The server on `dataDir`, once it printed its URLs. */
export async function launchServer(dataDir: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  // Node itself with tsx's loader, not `npx tsx` (whose child would outlive a SIGTERM sent to npx).
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LP_MODE: 'demo', DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${output}`)), 90_000);
    child.stdout!.on('data', () => {
      if (output.includes('Customer portal')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const apiKey = output.match(/lpk_[\w-]+/)?.[0] ?? '';
  const url = `http://localhost:${port}`;
  return {
    port,
    url,
    apiKey,
    output: () => output,
    async provider(this: RunningServer, method: string, path: string, body?: unknown) {
      const reply = await fetch(`${url}/provider/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.apiKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!reply.ok) throw new Error(`${method} /provider/v1${path}: ${reply.status} ${await reply.text()}`);
      return reply.json();
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
