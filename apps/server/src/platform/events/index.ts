import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '../../db/client.js';
import { PgEventBus } from './pg-bus.js';
import { PgliteEventBus } from './pglite-bus.js';
import type { EventBus } from './types.js';

export * from './types.js';

interface BusLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * The event bus of an open database. The driver client is read from drizzle's `$client`
 * (the PGlite instance, or the pg.Pool whose settings the dedicated LISTEN client copies).
 */
export function createEventBus(database: Database, log: BusLog): EventBus {
  // drizzle keeps the driver client it was built with; our Db type does not declare it.
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === 'pglite') {
    return new PgliteEventBus(client as PGlite, (err) =>
      log.warn({ err }, 'event listener failed'),
    );
  }
  const options = (client as pg.Pool).options;
  return new PgEventBus({
    // `password` is not enumerable on pool.options (kept out of logs): copy it explicitly.
    connection: { ...options, password: options.password },
    query: database.query,
    log,
  });
}
