import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { AuditVerifyResponse } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminUrl, quoteIdent } from '../../../test/pg-admin.js';
import { openDatabase, type Database } from '../../db/client.js';
import { appendAudit, systemAuditContext } from '../../platform/audit/audit.js';
import { systemClock } from '../../platform/clock.js';

const CLI = new URL('../../cli/index.ts', import.meta.url).href;
const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const pgUrl = process.env.TEST_DATABASE_URL;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `metamorph <args>` in a real process, run from source with tsx. */
function metamorph(args: string[], env: Record<string, string>): Promise<Run> {
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
async function prepare(): Promise<{
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
      env: { DATA_DIR: dataDir, DATABASE_URL: u.toString() },
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

describe('metamorph audit verify', () => {
  let target: Awaited<ReturnType<typeof prepare>>;
  beforeAll(async () => {
    target = await prepare();
    const database = await target.open();
    try {
      for (const n of [1, 2, 3]) {
        await database.db.transaction((tx) =>
          appendAudit(tx, systemClock, systemAuditContext, {
            action: 'settings.updated',
            targetId: null,
            after: { n },
          }),
        );
      }
    } finally {
      await database.close();
    }
  });
  afterAll(async () => target.drop());

  it('passes on an intact chain, then exits 1 once a row is altered by hand', async () => {
    const intact = await metamorph(['audit', 'verify', '--json'], target.env);
    expect(intact.code, intact.stderr).toBe(0);
    const head = AuditVerifyResponse.parse(JSON.parse(intact.stdout));
    expect(head).toMatchObject({ ok: true, checked: 3, broken_at_seq: null, reason: null });
    expect(head.head_seq).toBe(3);
    const anchored = await metamorph(
      ['audit', 'verify', '--anchor', `${head.head_seq}:${head.head_hash}`],
      target.env,
    );
    expect(anchored.code, anchored.stderr).toBe(0);
    expect(anchored.stdout).toContain(`head 3:${head.head_hash}`);

    const database = await target.open();
    try {
      await database.rawTransaction(async (q) => {
        await q('alter table audit_events disable trigger audit_events_no_update');
        await q(`update audit_events set after = '{"n": 20}'::jsonb where seq = 2`);
        await q('alter table audit_events enable trigger audit_events_no_update');
      });
    } finally {
      await database.close();
    }
    const broken = await metamorph(['audit', 'verify'], target.env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('audit chain BROKEN at event 2');
  }, 60_000);

  it.skipIf(pgUrl)(
    'refuses politely while another process holds the embedded database',
    async () => {
      const database = await target.open();
      try {
        const held = await metamorph(['audit', 'verify'], target.env);
        expect(held.code).toBe(1);
        expect(held.stderr).toMatch(/in use by process \d+/);
      } finally {
        await database.close();
      }
    },
    60_000,
  );
});
