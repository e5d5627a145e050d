import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { exportRequests, HEADERS } from './test-export-requests.js';
import { exportWorld, INJECTION, type ExportWorld } from './test-export.js';

/** The XLSX workbook (formulas neutralised) and the structured JSON document. */
describe('GET /api/missions/:id/export — XLSX and JSON', () => {
  let t: TestApp;
  let x: ExportWorld;
  beforeAll(async () => {
    t = await createTestApp();
    x = await exportWorld(t);
  });
  afterAll(() => t.close());

  const { lead } = exportRequests(
    () => t,
    () => x,
  );

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
});
