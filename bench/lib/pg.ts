import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Admin connection used to create and drop the throwaway database (local only). */
export const PG_ADMIN_URL =
  process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: PG_ADMIN_URL,
    connectionTimeoutMillis: 3000,
    query_timeout: 30_000,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Null when PostgreSQL answers; the reason otherwise. */
export async function pgUnavailableReason(): Promise<string | null> {
  try {
    await admin((c) => c.query('SELECT 1'));
    return null;
  } catch (err) {
    return `PostgreSQL unreachable at ${PG_ADMIN_URL}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Creates a fresh database, runs `fn` with its URL, and always drops it afterwards. */
export async function withTempDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `metamorph_bench_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  try {
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}
