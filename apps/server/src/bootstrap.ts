import type { FastifyBaseLogger } from 'fastify';
import { openDatabase, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import type { Env } from './env.js';
import { dbErrorSummary } from './platform/db-errors.js';

/** Opens the configured database (PGlite under DATA_DIR/db, or PostgreSQL) and migrates it. */
export async function openAndMigrate(
  env: Env,
  log: Pick<FastifyBaseLogger, 'info' | 'error'>,
): Promise<Database> {
  const database = env.databaseUrl
    ? await openDatabase({
        kind: 'postgres',
        url: env.databaseUrl,
        poolMax: env.databasePoolMax,
        // The message and code only: pg attaches its whole Client to the error.
        onError: (err) =>
          log.error({ error: dbErrorSummary(err) }, 'idle database connection failed'),
      })
    : await openDatabase({ kind: 'pglite', dataDir: env.dataDir });
  try {
    const applied = await migrate(database);
    if (applied.length > 0) log.info({ applied }, `applied ${applied.length} migration(s)`);
    return database;
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** A one-line description of where the data lives, without credentials. */
export function describeDatabase(env: Env): string {
  if (!env.databaseUrl) return `PGlite (embedded) in ${env.dataDir}/db`;
  try {
    const u = new URL(env.databaseUrl);
    return `PostgreSQL at ${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
