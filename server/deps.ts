import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { Clock } from './lib/clock.js';
import type { EventBus } from './lib/events.js';

/** Everything the app needs from outside, passed in so each test builds its own app (DESIGN). */
export interface Deps {
  db: Db;
  config: Config;
  clock: Clock;
  events: EventBus;
  logger: Logger;
}
