import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../../../../test/auth-helpers.js';
import { checkAuthzTable, makeActors } from '../../../../test/authz-kit.js';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { TOOL_FIELD_NAMES } from './columns.js';
import { exportWorld, INJECTION, type ExportWorld } from './test-export.js';

const FIXED = [
  'test_id',
  'scenario',
  'position',
  'test',
  'template_key',
  'template_version',
  'technique_ids',
  'technique_names',
  'tactics',
  'platforms',
  'library_tags',
  'state',
  'state_reason',
  'assignee_email',
  'assignee_name',
  'planned_on',
  'hidden_from_blue',
  'expected_outcomes',
  'executed_at',
  'executed_at_overridden',
  'attack_started_at',
  'attack_ended_at',
  'red_command',
  'red_output',
  'red_comment',
  'source_asset',
  'target_asset',
  'account_used',
  'red_tool',
  'execution_result',
  'cleanup_done',
  'artefacts',
  'blue_comment',
  'detection_level_key',
  'detection_level_label',
  'outcome_override_reason',
  'gap_reason',
  'hunt_query',
  'log_sources',
  'evidence_count',
  'updated_at',
];
const HEADERS = [
  ...FIXED,
  ...['CrowdStrike', 'Splunk'].flatMap((tool) => TOOL_FIELD_NAMES.map((f) => `${tool} ${f}`)),
];

describe('GET /api/missions/:id/export', () => {
  let t: TestApp;
  let x: ExportWorld;
  beforeAll(async () => {
    t = await createTestApp();
    x = await exportWorld(t);
  });
  afterAll(() => t.close());

  const get = (headers: Headers, query: string, id = x.missionId) =>
    t.app.inject({ method: 'GET', url: `/api/missions/${id}/export${query}`, headers });
  const lead = (query: string) => get(x.w.h.lead, query);
  const csvRows = (res: LightMyRequestResponse) =>
    parse(res.rawPayload, { bom: true, columns: true }) as Array<Record<string, string>>;

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

  it('answers an XLSX workbook with the same columns, formulas neutralised', async () => {
    const res = await lead('?format=xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const wb = new ExcelJS.Workbook();
    // exceljs's Buffer type is its own declaration; the bytes are a Node Buffer.
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('Tests')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(HEADERS);
    expect(sheet.rowCount).toBe(4);
    const full = Object.fromEntries(HEADERS.map((h, i) => [h, values(4)[i]]));
    expect(full).toMatchObject({
      test: 'LSASS dump',
      position: 0,
      template_version: 1,
      red_command: `'${INJECTION}`,
      target_asset: "'@DC01",
      blue_comment: "'@here alert triaged",
      expected_outcomes: 'edr:alert; siem:log',
      'CrowdStrike alerted': 'yes',
      'CrowdStrike rule': 'Credential dumping',
      'Splunk logged': 'tbd',
      evidence_count: 1,
    });
    expect(full['Splunk rule']).toBeUndefined();
    for (let r = 1; r <= sheet.rowCount; r++) {
      sheet.getRow(r).eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula));
    }
    const about = wb.getWorksheet('Mission')!;
    expect((about.getRow(3).values as unknown[]).slice(1)).toEqual([
      'mission',
      'Été 2026 / Q1 "final"',
    ]);
  });

  it('answers a JSON document with the mission, the tools and structured tests', async () => {
    const res = await lead('?format=json');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const doc = res.json<{
      mission: unknown;
      exported_at: string;
      defence_tools: unknown[];
      tests: Array<Record<string, unknown>>;
    }>();
    expect(doc.mission).toEqual({
      id: x.missionId,
      name: 'Été 2026 / Q1 "final"',
      client: { id: x.w.clientId, name: 'Initech' },
    });
    expect(doc.exported_at).toBe('2026-12-07T10:30:00.000Z');
    expect(doc.defence_tools).toEqual([
      { id: x.edr, name: 'CrowdStrike', layer: 'edr' },
      { id: x.siem, name: 'Splunk', layer: 'siem' },
    ]);
    expect(doc.tests).toHaveLength(3);
    const full = doc.tests[2]!;
    expect(full).toMatchObject({
      id: x.fullId,
      scenario: { name: 'Day 2' },
      red_command: INJECTION, // JSON keeps the raw text
      source_asset: { name: 'WS-042' },
      expected_outcomes: [
        { layer: 'edr', expectation: 'alert' },
        { layer: 'siem', expectation: 'log' },
      ],
      assignee: { email: x.blueExporterEmail },
      detection_level: { key: 'logged' },
      evidence_count: 1,
      evidence: [expect.objectContaining({ original_filename: 'alert.txt', side: 'blue' })],
    });
    expect(full.tool_results).toEqual([
      expect.objectContaining({ tool_name: 'CrowdStrike', recorded: true, alerted: 'yes' }),
      expect.objectContaining({ tool_name: 'Splunk', recorded: false, alerted: 'tbd' }),
    ]);
    expect(Object.keys(full).every((k) => /^[a-z0-9_]+$/.test(k))).toBe(true);
  });

  it('leaves hidden tests out for a blue-only member, in every format', async () => {
    const csv = await get(x.blueExporter, '?format=csv');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csvRows(csv).map((r) => r.test_id)).toEqual([x.pendingId, x.fullId]);
    const json = await get(x.blueExporter, '?format=json');
    const ids = json.json<{ tests: Array<{ id: string }> }>().tests.map((r) => r.id);
    expect(ids).toEqual([x.pendingId, x.fullId]);
    const xlsx = await get(x.blueExporter, '?format=xlsx');
    expect(xlsx.rawPayload.includes(Buffer.from('Secret exfiltration'))).toBe(false);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('Tests')!.rowCount).toBe(3);
    expect(csv.body).not.toContain(x.hiddenId);
  });

  it('is 404 for a non-member and an unknown mission, 403 without report.export', async () => {
    const outsider = await get(x.outsider, '?format=csv');
    expect(outsider.statusCode).toBe(404);
    const unknown = await get(x.w.h.lead, '?format=csv', '00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect((await get(x.w.h.lead, '', 'not-a-uuid')).statusCode).toBe(404);
    // blue_analyst: a member, but the role lacks report.export.
    expect((await get(x.w.h.blue, '?format=csv')).statusCode).toBe(403);
    expect((await get({}, '?format=csv')).statusCode).toBe(401);
  });

  it('checks visibility before report.export (route × actor, none of them members)', async () => {
    const actors = await makeActors(t, 'report.export');
    const url = `/api/missions/${x.missionId}/export?format=csv`;
    await checkAuthzTable(t, actors, [
      {
        name: 'GET export',
        request: { method: 'GET', url },
        expect: {
          anonymous: 401,
          no_role: 404,
          viewer: 404,
          red: 404,
          blue: 404,
          lead: 404,
          // admin.missions sees every mission; report.export alone does not.
          admin: 200,
          token_scoped: 404,
          token_unscoped: 403,
        },
      },
    ]);
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

  it('refuses a bad format or an unknown query key with 422 naming it', async () => {
    const bad = await lead('?format=pdf');
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: Array<{ path: string }> }>().errors[0]?.path).toBe(
      'querystring.format',
    );
    const typo = await lead('?fromat=csv');
    expect(typo.statusCode).toBe(422);
    expect(typo.body).toContain('fromat');
  });
});
