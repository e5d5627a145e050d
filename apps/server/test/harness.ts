import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { buildApp, type BuildOptions } from '../src/app.js';
import { TEST_SECRET_KEY } from './test-keys.js';
import type { App, AppContext, AppDeps } from '../src/context.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { parseEnv } from '../src/env.js';
import { MemoryBlobStore } from '../src/platform/blob/memory.js';
import { FakeClock } from '../src/platform/clock.js';
import { adminUrl, quoteIdent } from './pg-admin.js';

/** The first admin every test app is seeded with. */
export const TEST_ADMIN = { email: 'root@metamorph.test', password: 'Correct-Horse-Battery-9' };

export interface TestApp {
  app: App;
  ctx: AppContext;
  clock: FakeClock;
  blobs: MemoryBlobStore;
  database: Database;
  /** PostgreSQL only: the per-file database, so a test can open a second app on it. */
  databaseUrl?: string;
  close(): Promise<void>;
}

export interface TestAppOptions extends BuildOptions {
  env?: Record<string, string>;
  /** Share an open database (a second app instance); the caller closes it. */
  database?: Database;
  /** A fake resolver for outbound HTTP (names mapped to local addresses). */
  resolveHost?: AppDeps['resolveHost'];
  /** Other stores (the S3 tests); default: files under a temp DATA_DIR and memory blobs. */
  evidence?: AppDeps['evidence'];
  blobs?: AppDeps['blobs'];
}

/** A fresh database for one test file: a clone of the migrated template or image. */
export async function openTestDatabase(): Promise<{
  database: Database;
  url?: string;
  drop(): Promise<void>;
}> {
  const template = inject('pgTemplate');
  const url = process.env.TEST_DATABASE_URL;
  if (template && url) {
    const name = `metamorph_t_${randomBytes(6).toString('hex')}`;
    const admin = await openDatabase({ kind: 'postgres', url: adminUrl(url), poolMax: 1 });
    await admin.query(`create database ${quoteIdent(name)} template ${quoteIdent(template)}`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: u.toString(), poolMax: 5 });
    return {
      database,
      url: u.toString(),
      async drop() {
        await database.close();
        await admin.query(`drop database if exists ${quoteIdent(name)} with (force)`);
        await admin.close();
      },
    };
  }
  const image = new Blob([readFileSync(inject('pgliteImage'))]);
  const database = await openDatabase({ kind: 'pglite-memory', image });
  return { database, drop: () => database.close() };
}

/**
 * The real app on a fresh database (PGlite, or PostgreSQL with TEST_DATABASE_URL),
 * in test mode, with a memory blob store and a fake clock. Jobs run only when a
 * test calls `ctx.runner.runOnce()`.
 */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const { database, url, drop } = opts.database
    ? { database: opts.database, url: undefined, drop: async () => undefined }
    : await openTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'metamorph-app-'));
  const env = parseEnv({
    METAMORPH_TEST_MODE: '1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    WEB_DIST_DIR: path.join(dataDir, 'no-web'),
    METAMORPH_ADMIN_EMAIL: TEST_ADMIN.email,
    METAMORPH_ADMIN_PASSWORD: TEST_ADMIN.password,
    // One key for every test app, so two apps on one database open each other's secrets.
    METAMORPH_SECRET_KEY: TEST_SECRET_KEY,
    ...opts.env,
  });
  const clock = new FakeClock('2026-03-01T09:00:00.000Z');
  const blobs = new MemoryBlobStore();
  const app = await buildApp(
    {
      env,
      database,
      clock,
      blobs: opts.blobs ?? blobs,
      evidence: opts.evidence,
      resolveHost: opts.resolveHost,
    },
    { startJobs: false, ...opts },
  );
  await app.ready();
  return {
    app,
    ctx: app.ctx,
    clock,
    blobs,
    database,
    databaseUrl: url,
    async close() {
      await app.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
