// A notification worker in its own process, for the kill-and-restart test (D24): started by the test, killed with
// SIGKILL mid-batch. Reads its database, secret key and frozen clock time from the environment.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import type { Database } from '../db/schema.js';
import { ManualClock } from '../lib/clock.js';
import { NotificationWorker } from '../notify/worker.js';
import { testConfig } from './harness.js';

const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: process.env.LP_WORKER_DATABASE_URL, max: 4 }) }) });
const config = testConfig({ mode: 'demo', secretKey: Buffer.from(process.env.LP_WORKER_SECRET_KEY!, 'hex') });
const worker = new NotificationWorker({ db, config, clock: new ManualClock(new Date(process.env.LP_WORKER_NOW!)), logger: pino({ level: 'silent' }) }, { batchSize: 10, parallel: 5, pollMs: 50 });
worker.start();
process.stdout.write('started\n');
