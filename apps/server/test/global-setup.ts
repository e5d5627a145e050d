import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { adminUrl, quoteIdent } from './pg-admin.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL: name of a migrated template database each test file clones. */
    pgTemplate: string;
    /** PGlite: path of a gzipped, migrated data dir each test file loads. */
    pgliteImage: string;
  }
}

/**
 * Migrates once per run: a template database on PostgreSQL (TEST_DATABASE_URL),
 * or a dumped PGlite data dir, so test files never pay for initdb + migrations.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = `metamorph_tpl_${randomBytes(4).toString('hex')}`;
    const admin = await openDatabase({ kind: 'postgres', url: adminUrl(url), poolMax: 1 });
    await admin.query(`create database ${quoteIdent(template)}`);
    const u = new URL(url);
    u.pathname = `/${template}`;
    const tpl = await openDatabase({ kind: 'postgres', url: u.toString(), poolMax: 1 });
    await migrate(tpl);
    await tpl.close();
    console.log(`[test] integration suite on PostgreSQL ${u.host} (template ${template})`);
    project.provide('pgTemplate', template);
    project.provide('pgliteImage', '');
    return async () => {
      await admin.query(`drop database if exists ${quoteIdent(template)} with (force)`);
      await admin.close();
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'metamorph-test-'));
  const db = await openDatabase({ kind: 'pglite-memory' });
  await migrate(db);
  if (!db.dumpImage) throw new Error('PGlite database cannot dump its image');
  const image = await db.dumpImage();
  const file = path.join(dir, 'pglite-image.tar.gz');
  writeFileSync(file, Buffer.from(await image.arrayBuffer()));
  await db.close();
  console.log('[test] integration suite on PGlite (set TEST_DATABASE_URL for PostgreSQL)');
  project.provide('pgliteImage', file);
  project.provide('pgTemplate', '');
  return async () => rmSync(dir, { recursive: true, force: true });
}
