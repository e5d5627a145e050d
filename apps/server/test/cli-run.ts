import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
import { adminUrl, quoteIdent } from './pg-admin.js';
import { TEST_SECRET_KEY } from './test-keys.js';

const CLI = new URL('../src/cli/index.ts', import.meta.url).href;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const pgUrl = process.env.TEST_DATABASE_URL;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `metamorph <args>` in a real process, run from source with tsx. */
export function metamorph(args: string[], env: Record<string, string>): Promise<Run> {
  const script = `const { runCli } = await import(${JSON.stringify(CLI)}); await runCli(${JSON.stringify(args)});`;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A migrated database the CLI can open: an embedded data dir made from the suite's
 * migrated image, or a clone of the PostgreSQL template.
 */
export async function prepareCliDatabase(): Promise<{
  env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
}> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mm-audit-cli-'));
  const template = inject('pgTemplate');
  if (pgUrl && template) {
    const name = `metamorph_cli_${randomBytes(6).toString('hex')}`;
    const admin = await openDatabase({ kind: 'postgres', url: adminUrl(pgUrl), poolMax: 1 });
    await admin.query(`create database ${quoteIdent(name)} template ${quoteIdent(template)}`);
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    return {
      env: { DATA_DIR: dataDir, DATABASE_URL: u.toString(), METAMORPH_SECRET_KEY: TEST_SECRET_KEY },
      open: () => openDatabase({ kind: 'postgres', url: u.toString(), poolMax: 1 }),
      async drop() {
        await admin.query(`drop database if exists ${quoteIdent(name)} with (force)`);
        await admin.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const image = new Blob([readFileSync(inject('pgliteImage'))]);
  const seeded = await PGlite.create(path.join(dataDir, 'db'), { loadDataDir: image });
  await seeded.close();
  return {
    env: { DATA_DIR: dataDir },
    open: () => openDatabase({ kind: 'pglite', dataDir }),
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
