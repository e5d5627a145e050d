import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openAndMigrate } from '../src/bootstrap.js';
import { openDatabase } from '../src/db/client.js';
import { parseEnv } from '../src/env.js';
import { openTestDatabase } from './harness.js';
import { adminUrl } from './pg-admin.js';

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) {
  console.log('[test] idle-connection log test skipped: it needs PostgreSQL (TEST_DATABASE_URL)');
}

describe.skipIf(!pgUrl)('an idle pool connection that fails', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mm-idle-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is logged with its message and code only, not the whole pg client', async () => {
    const test = await openTestDatabase();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    // A distinct application_name, so only this pool's connections are terminated.
    const appName = `mm-idle-${process.pid}`;
    const u = new URL(test.url ?? '');
    u.searchParams.set('application_name', appName);
    const env = parseEnv({ DATA_DIR: dataDir, DATABASE_URL: u.toString(), DATABASE_POOL_MAX: '2' });
    const database = await openAndMigrate(env, pino({ level: 'info' }, sink));
    const admin = await openDatabase({ kind: 'postgres', url: adminUrl(pgUrl ?? ''), poolMax: 1 });
    try {
      await database.query('select 1'); // one idle connection in the pool
      // Pids first, then one terminate each: never a filter the planner may reorder.
      const ours = await admin.query<{ pid: number }>(
        'select pid from pg_stat_activity where application_name = $1',
        [appName],
      );
      expect(ours.length).toBeGreaterThan(0);
      for (const { pid } of ours) await admin.query('select pg_terminate_backend($1)', [pid]);
      const deadline = Date.now() + 10_000;
      const failed = () => lines.filter((l) => l.includes('idle database connection failed'));
      while (failed().length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(failed().length).toBeGreaterThan(0);
      for (const line of failed()) {
        expect(line.length).toBeLessThan(600);
        const entry = JSON.parse(line) as { error?: { message?: string; code?: string } };
        expect(entry.error).toEqual({
          message: 'terminating connection due to administrator command',
          code: '57P01',
        });
      }
      // The pool replaces the connection: the next query works.
      expect(await database.query('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
      await admin.close();
      await test.drop();
    }
  });
});
