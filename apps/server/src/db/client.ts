import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = 'pglite' | 'postgres';

/** Raw SQL on one connection; used by the migrator and maintenance code, not by modules. */
export type RawQuery = <T = Record<string, unknown>>(
  text: string,
  params?: unknown[],
) => Promise<T[]>;

/** Told of every statement the app sends (its SQL text); see `Database.observeStatements`. */
export type StatementObserver = (text: string) => void;

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Db;
  query: RawQuery;
  /**
   * Sets (or with undefined clears) the one observer told of every statement sent through
   * `db`, `query` and `rawTransaction`, BEGIN and COMMIT / ROLLBACK included, on both
   * drivers alike: the statement counts of test/sql-count.ts. Costs one call per statement.
   */
  observeStatements(observer: StatementObserver | undefined): void;
  /** Runs `fn` inside one transaction on one connection (BEGIN … COMMIT / ROLLBACK). */
  rawTransaction<T>(fn: (q: RawQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PostgreSQL only: the connection pool's state now (metrics). */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
  /** PGlite only: a gzipped tarball of the data dir, loadable with `pglite-memory`. */
  dumpImage?(): Promise<Blob>;
}

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; poolMax?: number; onError?: (err: Error) => void }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory'; image?: Blob | File };

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'postgres')
    return openPostgres(config.url, config.poolMax ?? 10, config.onError);
  if (config.kind === 'pglite') {
    mkdirSync(config.dataDir, { recursive: true });
    const lock = acquireDataDirLock(config.dataDir);
    try {
      const client = await PGlite.create(path.join(config.dataDir, 'db'));
      return wrapPglite(client, lock);
    } catch (err) {
      lock.release();
      throw err;
    }
  }
  const client = await PGlite.create(config.image ? { loadDataDir: config.image } : {});
  return wrapPglite(client, undefined);
}

/** The observer slot shared by a database's drizzle logger and its raw query paths. */
function observerSlot() {
  let observer: StatementObserver | undefined;
  return {
    note: (text: string) => observer?.(text),
    set: (o: StatementObserver | undefined) => {
      observer = o;
    },
    logger: { logQuery: (text: string) => observer?.(text) },
  };
}

function wrapPglite(client: PGlite, lock: DataDirLock | undefined): Database {
  const slot = observerSlot();
  const query: RawQuery = async <T>(text: string, params?: unknown[]) => {
    slot.note(text);
    return (await client.query<T>(text, params)).rows;
  };
  // PGlite sends BEGIN and COMMIT / ROLLBACK itself (drizzle's logger never sees them): count
  // them here, so a transaction costs the same number of statements as on node-postgres.
  const transaction = client.transaction.bind(client);
  client.transaction = async <T>(fn: (tx: Transaction) => Promise<T>): Promise<T> => {
    slot.note('BEGIN');
    try {
      return await transaction(fn);
    } finally {
      slot.note('COMMIT');
    }
  };
  let closed = false;
  return {
    kind: 'pglite',
    db: drizzlePglite({ client, schema, logger: slot.logger }) as unknown as Db,
    query,
    observeStatements: slot.set,
    dumpImage: () => client.dumpDataDir('gzip'),
    rawTransaction: (fn) =>
      client.transaction((tx) =>
        fn(async <T>(text: string, params?: unknown[]) => {
          slot.note(text);
          return (await tx.query<T>(text, params)).rows;
        }),
      ),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openPostgres(
  url: string,
  max: number,
  onError?: (err: Error) => void,
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: 'metamorph',
    keepAlive: true,
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (err) => onError?.(err));
  // Nor a checked-out one (a transaction between two queries): pg emits 'error' on it, and an
  // EventEmitter without a listener throws. The query in flight fails on its own (the request
  // answers 503) and the pool discards the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const slot = observerSlot();
  const query: RawQuery = async <T>(text: string, params?: unknown[]) => {
    slot.note(text);
    return (await pool.query(text, params)).rows as T[];
  };
  await query('select 1');
  let closed = false;
  return {
    kind: 'postgres',
    db: drizzlePg({ client: pool, schema, logger: slot.logger }) as unknown as Db,
    query,
    observeStatements: slot.set,
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max,
    }),
    async rawTransaction(fn) {
      const conn = await pool.connect();
      try {
        slot.note('BEGIN');
        await conn.query('BEGIN');
        const result = await fn(async <T>(text: string, params?: unknown[]) => {
          slot.note(text);
          return (await conn.query(text, params)).rows as T[];
        });
        slot.note('COMMIT');
        await conn.query('COMMIT');
        return result;
      } catch (err) {
        slot.note('ROLLBACK');
        await conn.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        conn.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
