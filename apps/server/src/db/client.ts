import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
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

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Db;
  query: RawQuery;
  /** Runs `fn` inside one transaction on one connection (BEGIN … COMMIT / ROLLBACK). */
  rawTransaction<T>(fn: (q: RawQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
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

function wrapPglite(client: PGlite, lock: DataDirLock | undefined): Database {
  const query: RawQuery = async <T>(text: string, params?: unknown[]) =>
    (await client.query<T>(text, params)).rows;
  let closed = false;
  return {
    kind: 'pglite',
    db: drizzlePglite({ client, schema }) as unknown as Db,
    query,
    dumpImage: () => client.dumpDataDir('gzip'),
    rawTransaction: (fn) =>
      client.transaction((tx) =>
        fn(async <T>(text: string, params?: unknown[]) => (await tx.query<T>(text, params)).rows),
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
  const query: RawQuery = async <T>(text: string, params?: unknown[]) =>
    (await pool.query(text, params)).rows as T[];
  await query('select 1');
  let closed = false;
  return {
    kind: 'postgres',
    db: drizzlePg({ client: pool, schema }) as unknown as Db,
    query,
    async rawTransaction(fn) {
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN');
        const result = await fn(
          async <T>(text: string, params?: unknown[]) =>
            (await conn.query(text, params)).rows as T[],
        );
        await conn.query('COMMIT');
        return result;
      } catch (err) {
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
