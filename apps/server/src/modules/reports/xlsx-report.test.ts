import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { buildSampleModel } from './render/sample-model.js';
import { xlsxRenderer } from './render/xlsx/index.js';
import { SECRETS, reportsWorld, type ReportsWorld } from './test-reports.js';

const SHEETS = [
  'Summary',
  'Tactics',
  'Heat map',
  'Tests',
  'Tool results',
  'Findings',
  'Evidence',
  'Detection levels',
];

async function read(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

const texts = (wb: ExcelJS.Workbook) => {
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value)))));
  return out;
};

/** The XLSX report workbook: a sheet per section, frozen headers, filters, no formula, no secret. */
describe('XLSX report', () => {
  let t: TestApp;
  let w: ReportsWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await reportsWorld(t);
  });
  afterAll(() => t.close());

  it('is written by the report job: sheets per section, frozen header, filters, no secret', async () => {
    const report = await w.generate('lead', { format: 'xlsx' });
    expect(report.error).toBeNull();
    expect(report.file_name).toMatch(/\.xlsx$/);
    const res = await w.ok('lead', 'GET', `/api/reports/${report.id}/content`);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const buf = res.rawPayload;
    expect(createHash('sha256').update(buf).digest('hex')).toBe(report.sha256);
    const wb = await read(buf);
    expect(wb.worksheets.map((s) => s.name)).toEqual(SHEETS);
    for (const ws of wb.worksheets) {
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter, ws.name).toBeTruthy();
      expect(ws.getRow(1).font?.bold, ws.name).toBe(true);
    }
    const all = texts(wb).join('\n');
    for (const secret of Object.values(SECRETS)) expect(all).not.toContain(secret);
    const tests = wb.getWorksheet('Tests')!;
    const header = (tests.getRow(1).values as unknown[]).slice(1);
    const command = header.indexOf('command') + 1;
    const mainRow = tests
      .getRows(2, tests.rowCount - 1)!
      .find((r) => r.getCell(3).value === 'Dump credentials')!;
    expect(mainRow.getCell(command).value).toBe(
      'mysql -u root --password=[REDACTED] -e "select 1"',
    );
    expect(all).toContain('Opération Été');
    expect(all).toContain(w.imageSha);
  });

  it('neutralises formulas exactly as the exports do', async () => {
    const model = buildSampleModel('xlsx');
    model.tests[0]!.command = "=cmd|' /C calc'!A0";
    model.tests[0]!.name = '+SUM(1,2)';
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await xlsxRenderer.render(model, out, () => undefined);
    out.end();
    const wb = await read(Buffer.concat(chunks));
    const row = wb.getWorksheet('Tests')!.getRow(2);
    expect(row.getCell(3).value).toBe("'+SUM(1,2)");
    expect(row.getCell(6).value).toBe("'=cmd|' /C calc'!A0");
    let formulas = 0;
    wb.eachSheet((ws) =>
      ws.eachRow((r) =>
        r.eachCell((c) => {
          if (c.type === ExcelJS.ValueType.Formula) formulas++;
        }),
      ),
    );
    expect(formulas).toBe(0);
  });
});
