import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
import { loadMigrations, migrate, migrationStatus } from '../src/db/migrate.js';
import { adminUrl, quoteIdent } from './pg-admin.js';

const pgUrl = process.env.TEST_DATABASE_URL;

/** An empty, never-migrated database on the driver under test. */
async function emptyDatabase(): Promise<{ open(): Promise<Database>; drop(): Promise<void> }> {
  if (!pgUrl) {
    const db = await openDatabase({ kind: 'pglite-memory' });
    return { open: async () => db, drop: () => db.close() };
  }
  const name = `metamorph_m_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ kind: 'postgres', url: adminUrl(pgUrl), poolMax: 1 });
  await admin.query(`create database ${quoteIdent(name)}`);
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  const opened: Database[] = [];
  return {
    async open() {
      const db = await openDatabase({ kind: 'postgres', url: u.toString(), poolMax: 2 });
      opened.push(db);
      return db;
    },
    async drop() {
      await Promise.all(opened.map((d) => d.close()));
      await admin.query(`drop database if exists ${quoteIdent(name)} with (force)`);
      await admin.close();
    },
  };
}

describe('migrator', () => {
  it('applies every migration once and is idempotent', async () => {
    const env = await emptyDatabase();
    try {
      const db = await env.open();
      expect((await migrationStatus(db)).applied).toBe(0);
      const first = await migrate(db);
      expect(first).toEqual(loadMigrations().map((m) => m.tag));
      expect(await migrate(db)).toEqual([]);
      const status = await migrationStatus(db);
      expect(status.pending).toEqual([]);
      expect(status.applied).toBe(status.expected);
    } finally {
      await env.drop();
    }
  });

  it('refuses a migration whose released content changed', async () => {
    const env = await emptyDatabase();
    try {
      const db = await env.open();
      await migrate(db);
      const tampered = loadMigrations().map((m, i) =>
        i === 0 ? { ...m, hash: 'f'.repeat(64) } : m,
      );
      await expect(migrate(db, tampered)).rejects.toThrow(/applied with different content/);
    } finally {
      await env.drop();
    }
  });

  it('rolls back a failing migration completely', async () => {
    const env = await emptyDatabase();
    try {
      const db = await env.open();
      const broken = [
        ...loadMigrations(),
        {
          tag: '9999_broken',
          hash: 'x',
          statements: ['create table t_ok (id int)', 'select nope()'],
        },
      ];
      await expect(migrate(db, broken)).rejects.toThrow();
      expect((await migrationStatus(db)).applied).toBe(0);
      const t = await db.query<{ r: string | null }>("select to_regclass('t_ok')::text as r");
      expect(t[0]?.r).toBeNull();
    } finally {
      await env.drop();
    }
  });

  if (!pgUrl) {
    console.log(
      '[test] skipping concurrent-migration test: needs TEST_DATABASE_URL (PGlite is single-process)',
    );
  }
  it.runIf(pgUrl)('two instances migrating at once do not race (PostgreSQL)', async () => {
    const env = await emptyDatabase();
    try {
      const [a, b] = await Promise.all([env.open(), env.open()]);
      const results = await Promise.all([migrate(a!), migrate(b!)]);
      const all = results.flat();
      expect(all.sort()).toEqual(
        loadMigrations()
          .map((m) => m.tag)
          .sort(),
      );
      expect((await migrationStatus(a!)).pending).toEqual([]);
    } finally {
      await env.drop();
    }
  });
});
