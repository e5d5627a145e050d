import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
import { settings } from '../src/db/schema/index.js';
import { CSRF_HEADERS, loginAdmin, type SessionHeaders } from './auth-helpers.js';
import { createTestApp, type TestApp } from './harness.js';
import { statementCounter } from './sql-count.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const SETTINGS_READ = /from "settings"/;

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('settings cache (ctx.settings)', () => {
  let t: TestApp;
  let admin: SessionHeaders;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  it('serves authenticated requests without reading the settings table', async () => {
    await t.ctx.settings.get();
    const sql = statementCounter(t);
    try {
      const counted = await sql.count(() =>
        t.app.inject({ method: 'GET', url: '/api/auth/me', headers: admin }),
      );
      expect(counted.result.statusCode).toBe(200);
      expect(counted.statements.length).toBeGreaterThan(0);
      expect(counted.statements.filter((q) => SETTINGS_READ.test(q))).toEqual([]);
    } finally {
      sql.stop();
    }
  });

  it('a PATCH is seen by the very next request of the same process', async () => {
    const patch = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: { ...admin, ...CSRF_HEADERS },
      payload: { 'password.min_length': 16 },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect((await t.ctx.settings.get())['password.min_length']).toBe(16);
    const read = await t.app.inject({ method: 'GET', url: '/api/settings', headers: admin });
    expect(read.json()).toMatchObject({ 'password.min_length': 16 });
  });

  it('a write that bypasses the API (another process, psql) drops the cache via the trigger', async () => {
    expect((await t.ctx.settings.get())['evidence.max_bytes']).not.toBe(7168);
    await t.ctx.db
      .insert(settings)
      .values({ key: 'evidence.max_bytes', value: 7168, updatedAt: new Date() })
      .onConflictDoUpdate({ target: settings.key, set: { value: 7168 } });
    await until(
      async () => (await t.ctx.settings.get())['evidence.max_bytes'] === 7168,
      'the NOTIFY of the settings trigger',
    );
    await t.ctx.db.delete(settings).where(eq(settings.key, 'evidence.max_bytes'));
    await until(
      async () => (await t.ctx.settings.get())['evidence.max_bytes'] !== 7168,
      'the default back after the row is deleted',
    );
  });
});

describe('settings cache across two server processes on one PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp | undefined;
  let second: Database | undefined;
  beforeAll(async () => {
    a = await createTestApp();
    if (!onPostgres || !a.databaseUrl) {
      console.log('[settings] two-instance test skipped: PGlite is single-process by design');
      return;
    }
    second = await openDatabase({ kind: 'postgres', url: a.databaseUrl, poolMax: 3 });
    b = await createTestApp({ database: second });
  });
  afterAll(async () => {
    await b?.close();
    await second?.close();
    await a.close();
  });

  it.skipIf(!onPostgres)('a PATCH through instance A reaches instance B', async () => {
    if (!b) throw new Error('no second instance');
    const other = b;
    expect((await other.ctx.settings.get())['mfa.required']).toBe(false);
    const admin = await loginAdmin(a);
    const patch = await a.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: { ...admin, ...CSRF_HEADERS },
      payload: { 'mfa.required': true },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    await until(async () => (await other.ctx.settings.get())['mfa.required'], 'B to see it');
  });
});
