import { serve } from '@hono/node-server';
import { join } from 'node:path';
import pino from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { systemClock } from './lib/clock.js';
import { InProcessEventBus } from './lib/events.js';
import { PgEventBus } from './lib/pg-event-bus.js';
import { MarketplaceScheduler } from './domain/marketplace/scheduler.js';
import { NotificationWorker } from './notify/worker.js';
import { mountDemo } from '../demo/server.js';
import { DEMO_PASSWORD, DEMO_USERS } from './db/seed.js';

/** config -> database -> migrate -> (demo seed) -> serve (DESIGN). */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`lead-portal: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pgdata') });
  await migrateToLatest(db);

  // With a Postgres server several API processes may share the database: events go through LISTEN/NOTIFY (D22).
  const events = config.databaseUrl ? await PgEventBus.connect(config.databaseUrl, logger) : new InProcessEventBus();
  const deps = { db, config, clock: systemClock, events, logger };
  const built = createApp(deps);
  const demo = config.mode === 'demo' ? await mountDemo(built, deps) : null;
  // Every API process runs one: they share the queue through SKIP LOCKED claims (D21).
  const notifications = new NotificationWorker(deps);
  notifications.start();
  // Every API process runs one too: fills and expiries take their rows with SKIP LOCKED (D19).
  const marketplace = new MarketplaceScheduler(deps);
  marketplace.start();

  const server = serve({ fetch: built.app.fetch, port: config.port, hostname: config.host }, (info) => {
    const base = `http://localhost:${info.port}`;
    const lines = [
      `Lead Portal (${config.mode} mode, ${config.databaseUrl ? 'PostgreSQL server' : `embedded PGlite in ${config.dataDir}`})`,
      ...(demo ? [`  Provider demo site   ${base}/`] : []),
      `  Customer portal      ${base}/app`,
      `  Buyer API            ${base}/api/v1`,
      `  Provider API         ${base}/provider/v1`,
      `  API reference        ${base}/docs`,
      ...(demo ? [`  Demo sign-in         ${DEMO_USERS.map((u) => u.email).join(' or ')} / ${DEMO_PASSWORD}`] : []),
      ...(demo?.apiKey ? [`  Demo provider API key (shown once; keep it): ${demo.apiKey}`] : []),
    ];
    console.log(lines.join('\n'));
  });

  const stop = async () => {
    server.close();
    await notifications.stop();
    await marketplace.stop();
    await built.outcomes.close();
    if (events instanceof PgEventBus) await events.close();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
