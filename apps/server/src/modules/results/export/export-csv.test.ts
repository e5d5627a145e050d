import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { exportRequests, HEADERS } from './test-export-requests.js';
import { exportWorld, INJECTION, type ExportWorld } from './test-export.js';

/** The CSV export: every field, the tools flattened, the file name, the default format. */
describe('GET /api/missions/:id/export — CSV', () => {
  let t: TestApp;
  let x: ExportWorld;
  beforeAll(async () => {
    t = await createTestApp();
    x = await exportWorld(t);
  });
  afterAll(() => t.close());

  const { get, lead, csvRows } = exportRequests(
    () => t,
    () => x,
  );

  it('answers CSV with one row per test, every field and the tools flattened', async () => {
    const res = await lead('?format=csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header] = parse(res.rawPayload, { bom: true, to_line: 1 }) as string[][];
    expect(header).toEqual(HEADERS);
    const rows = csvRows(res);
    expect(rows.map((r) => r.test)).toEqual([
      'Encoded PowerShell',
      'Secret exfiltration',
      'LSASS dump',
    ]);
    const full = rows[2]!;
    expect(full).toMatchObject({
      test_id: x.fullId,
      scenario: 'Day 2',
      position: '0',
      template_key: 'lsass-dump',
      template_version: '1',
      technique_ids: 'T1059.001; T1027',
      technique_names: 'PowerShell; Obfuscated Files or Information',
      platforms: 'Windows; Windows Server',
      library_tags: 'credential; noisy',
      state: 'executed',
      state_reason: '',
      assignee_email: x.blueExporterEmail,
      assignee_name: x.blueExporterEmail.split('@')[0],
      planned_on: '2026-12-08',
      hidden_from_blue: 'false',
      expected_outcomes: 'edr:alert; siem:log',
      executed_at: '2026-12-07T10:01:00.000Z',
      executed_at_overridden: 'true',
      attack_started_at: '2026-12-07T10:00:00.000Z',
      attack_ended_at: '2026-12-07T10:03:00.000Z',
      red_command: `'${INJECTION}`,
      red_output: "'+OK done\r\nline 2",
      red_comment: 'Ran "as planned", twice',
      source_asset: 'WS-042',
      target_asset: "'@DC01",
      account_used: 'CORP\\svc_backup',
      red_tool: 'Cobalt Strike',
      execution_result: 'succeeded',
      cleanup_done: 'true',
      artefacts: "'-rf /tmp/dump.bin",
      blue_comment: "'@here alert triaged",
      detection_level_key: 'logged',
      outcome_override_reason: 'The alert went to the wrong queue',
      gap_reason: 'rule_not_fired',
      hunt_query: 'process.name:rundll32.exe',
      log_sources: 'Sysmon; Security',
      evidence_count: '1',
      'CrowdStrike prevented': 'no',
      'CrowdStrike alerted': 'yes',
      'CrowdStrike logged': 'yes',
      'CrowdStrike detected_at': '2026-12-07T10:00:30.000Z',
      'CrowdStrike rule': 'Credential dumping',
      'CrowdStrike rule_id': 'CS-1001',
      'CrowdStrike severity': 'high',
      'CrowdStrike case': 'INC-7',
      'CrowdStrike note': 'fast',
      'Splunk prevented': 'tbd',
      'Splunk alerted': 'tbd',
      'Splunk logged': 'tbd',
      'Splunk detected_at': '',
      'Splunk rule': '',
      'Splunk case': '',
    });
    expect(full.tactics).toContain('Execution');
    expect(full.detection_level_label).not.toBe('');
    expect(full.updated_at).toMatch(/^2026-12-07T10:0\d:00\.000Z$/);
    expect(rows[0]).toMatchObject({ state: 'pending', evidence_count: '0', red_command: '' });
    expect(rows[1]).toMatchObject({ hidden_from_blue: 'true' });
  });

  it('names the file after the mission and the date, ASCII and RFC 5987', async () => {
    const res = await lead('?format=csv');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="metamorph-ete-2026-q1-final-2026-12-07.csv"; ' +
        "filename*=UTF-8''metamorph-%C3%A9t%C3%A9-2026-q1-final-2026-12-07.csv",
    );
    expect(res.headers['cache-control']).toBe('private, no-store');
    const xlsx = await lead('?format=xlsx');
    expect(xlsx.headers['content-disposition']).toMatch(
      /filename="metamorph-ete-2026-q1-final-2026-12-07\.xlsx"/,
    );
    const json = await lead('?format=json');
    expect(json.headers['content-disposition']).toMatch(/2026-12-07\.json"/);
  });

  it('defaults to CSV', async () => {
    const res = await lead('');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('keeps the tool columns for a mission without tests', async () => {
    const m = await x.w.newMission('Empty');
    const plan = await x.w.ok('lead', 'GET', `/api/missions/${m.id}/plan`);
    const only = plan.json<{ scenarios: Array<{ tests: Array<{ id: string }> }> }>().scenarios[0]!
      .tests[0]!.id;
    await x.w.ok('lead', 'DELETE', `/api/missions/${m.id}/tests/${only}`);
    const res = await get(x.w.h.lead, '?format=csv', m.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(parse(res.rawPayload, { bom: true })).toEqual([HEADERS]);
    const json = await get(x.w.h.lead, '?format=json', m.id);
    expect(json.json<{ defence_tools: unknown[]; tests: unknown[] }>()).toMatchObject({
      defence_tools: [{ name: 'CrowdStrike' }, { name: 'Splunk' }],
      tests: [],
    });
  });
});
