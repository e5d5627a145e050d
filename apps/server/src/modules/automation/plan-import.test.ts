import { PlanImportResult } from '@metamorph/contract';
import ExcelJS from 'exceljs';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { multipartFiles, type Part } from '../../../test/multipart.js';
import { automationWorld, type AutomationWorld, type Who } from './test-automation.js';

const CSV = [
  'Test case,ATT&CK,Goal,Steps,Expected detection,OS,Operator,Planned date',
  'Kerberoasting,"T1027.004, T9999",Get service tickets,Rubeus kerberoast,SIEM alert on 4769 RC4,Windows,RED,2026-12-10',
  'LSASS dump,T1003.001,Dump credentials,procdump -ma lsass.exe,EDR blocks,Windows,nobody@example.com,10/12/2026',
  '=HYPERLINK("http://evil"),T1105,,,,,,',
].join('\r\n');

async function xlsx(rows: unknown[][], sheets: Record<string, unknown[][]> = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, other] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of other) ws.addRow(r);
  }
  const ws = wb.addWorksheet('Plan');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function zipOf(entries: Record<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(entries)) zip.addBuffer(content, name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Test plans from spreadsheets through the API (both databases). */
describe('plan import from CSV and XLSX', () => {
  let t: TestApp;
  let w: AutomationWorld;
  let redEmail: string;
  const post = (who: Who, file: Part, fields: Record<string, string> = {}) => {
    const body = multipartFiles([file], fields);
    return t.app.inject({
      method: 'POST',
      url: `/api/missions/${w.missionId}/import/plan`,
      payload: body.payload,
      headers: { ...w.h[who], ...body.headers },
    });
  };
  const planSize = async () =>
    (await w.ok('lead', 'GET', `/api/missions/${w.missionId}/plan`))
      .json<{ scenarios: { tests: unknown[] }[] }>()
      .scenarios.flatMap((s) => s.tests).length;
  const csv = (text = CSV) => ({ name: 'plan.csv', content: Buffer.from(text) });
  const mapping = {
    name: 'Test case',
    technique_ids: 'ATT&CK',
    objective: 'Goal',
    procedure: 'Steps',
    expected_blue: 'Expected detection',
    platform: 'OS',
    assignee_email: 'Operator',
    planned_day: 'Planned date',
  };
  beforeAll(async () => {
    t = await createTestApp();
    w = await automationWorld(t);
    const me = await w.ok('red', 'GET', '/api/auth/me');
    redEmail = me.json<{ email: string }>().email;
  });
  afterAll(() => t.close());

  it('previews the sheet with a suggested mapping, without writing', async () => {
    const res = await post('lead', csv());
    expect(res.statusCode, res.body).toBe(200);
    const p = PlanImportResult.parse(res.json());
    expect(p).toMatchObject({ format: 'csv', row_count: 3, applied: false, rows: [] });
    expect(p.headers).toEqual([
      'Test case',
      'ATT&CK',
      'Goal',
      'Steps',
      'Expected detection',
      'OS',
      'Operator',
      'Planned date',
    ]);
    expect(p.suggested_mapping).toMatchObject({
      name: 'Test case',
      objective: 'Goal',
      procedure: 'Steps',
      platform: 'OS',
      assignee_email: 'Operator',
      planned_day: 'Planned date',
    });
    expect(p.sample_rows[0]![0]).toBe('Kerberoasting');
  });

  it('checks every row; plans them in one new scenario, warnings left out of the tests', async () => {
    const before = await planSize();
    const text = CSV.replace(',RED,', `,${redEmail.toUpperCase()},`);
    const dry = PlanImportResult.parse(
      (await post('lead', csv(text), { mapping: JSON.stringify(mapping), dry_run: 'true' })).json(),
    );
    expect(dry.rows.map((r) => r.status)).toEqual(['warning', 'warning', 'warning']);
    expect(await planSize()).toBe(before);
    const res = await post('lead', csv(text), {
      mapping: JSON.stringify(mapping),
      scenario_name: 'Spreadsheet plan',
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = PlanImportResult.parse(res.json());
    expect(r.created).toBe(3);
    const [kerb, lsass, formula] = r.rows;
    expect(kerb!.messages).toEqual(['T9999 is not in the ATT&CK catalog: left out']);
    expect(lsass!.messages).toEqual([
      'T1003.001 is not in the ATT&CK catalog: left out',
      'nobody@example.com is not a member of this mission: left unassigned',
      'planned day "10/12/2026" is not a date (YYYY-MM-DD): left unplanned',
    ]);
    expect(formula!.messages[0]).toContain('spreadsheet formulas kept as text: Test case');
    const plan = (await w.ok('lead', 'GET', `/api/missions/${w.missionId}/plan`)).json<{
      scenarios: {
        id: string;
        name: string;
        tests: {
          id: string;
          snapshot_name: string;
          assignee_id: string | null;
          planned_on: string | null;
        }[];
      }[];
    }>();
    const sc = plan.scenarios.find((s) => s.id === r.scenario_id)!;
    expect(sc.name).toBe('Spreadsheet plan');
    expect(sc.tests.map((x) => x.snapshot_name)).toEqual([
      'Kerberoasting',
      'LSASS dump',
      '=HYPERLINK("http://evil")',
    ]);
    expect(sc.tests[0]!.planned_on).toBe('2026-12-10');
    expect(sc.tests[0]!.assignee_id).not.toBeNull();
    const d = await w.test(sc.tests[0]!.id);
    expect(d.snapshot_objective).toBe('Get service tickets');
    expect(d.snapshot_expected_blue_md).toBe('SIEM alert on 4769 RC4');
  });

  it('reads XLSX: dates, formulas by their cached result, rich text', async () => {
    const content = await xlsx([
      ['Name', 'Technique', 'Planned'],
      ['Ingress transfer', 'T1105', new Date('2026-12-11T00:00:00Z')],
      [
        { richText: [{ text: 'Phish ' }, { text: 'attachment', font: { bold: true } }] },
        { formula: '"T1566"&".001"', result: 'T1566.001' },
        '',
      ],
    ]);
    const res = await post(
      'lead',
      { name: 'plan.xlsx', content },
      {
        mapping: JSON.stringify({
          name: 'Name',
          technique_ids: 'Technique',
          planned_day: 'Planned',
        }),
      },
    );
    expect(res.statusCode, res.body).toBe(201);
    const r = PlanImportResult.parse(res.json());
    expect(r.format).toBe('xlsx');
    expect(r.rows.map((x) => [x.name, x.technique_ids, x.status])).toEqual([
      ['Ingress transfer', ['T1105'], 'ok'],
      ['Phish attachment', ['T1566.001'], 'ok'],
    ]);
  });

  it('reads the worksheet named (else the first holding a row); row numbers count blank rows', async () => {
    const content = await xlsx(
      [['Name', 'Technique'], [], ['Ingress transfer', 'T1105'], ['', ''], ['', 'T1566.001']],
      { Cover: [], Notes: [['Read me'], ['Owner: Dana']] },
    );
    const file = { name: 'plan.xlsx', content };
    // No sheet named: Cover is empty, so Notes is read; the preview lists every worksheet.
    const first = PlanImportResult.parse((await post('lead', file)).json());
    expect(first).toMatchObject({ sheets: ['Cover', 'Notes', 'Plan'], sheet: 'Notes' });
    expect(first.headers).toEqual(['Read me']);
    const plan = PlanImportResult.parse((await post('lead', file, { sheet: 'Plan' })).json());
    expect(plan).toMatchObject({ sheet: 'Plan', headers: ['Name', 'Technique'], row_count: 2 });
    const before = await planSize();
    const m = JSON.stringify({ name: 'Name', technique_ids: 'Technique' });
    const missing = await post('lead', file, { sheet: 'Plan', mapping: m });
    expect(missing.statusCode).toBe(422);
    // The nameless row is row 5 of the worksheet, as Excel shows it.
    expect(missing.json().detail).toMatch(/first: row 5, no test name/);
    const unknown = await post('lead', file, { sheet: 'Q3', mapping: m });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({
      path: 'sheet',
      message: 'the workbook has no worksheet "Q3" (it has "Cover", "Notes", "Plan")',
    });
    const onCsv = await post('lead', csv(), { sheet: 'Plan' });
    expect(onCsv.statusCode).toBe(422);
    expect(onCsv.json().errors[0]).toMatchObject({ path: 'sheet' });
    // A CSV's blank lines count too.
    const text = CSV.replace('\r\nLSASS', '\r\n\r\nLSASS');
    const dry = PlanImportResult.parse(
      (await post('lead', csv(text), { mapping: JSON.stringify(mapping), dry_run: 'true' })).json(),
    );
    expect(dry).toMatchObject({ sheets: [], sheet: null });
    expect(dry.rows.map((r) => r.row)).toEqual([2, 4, 5]);
    expect(await planSize()).toBe(before);
  });

  it('refuses what it cannot plan, naming it, and writes nothing', async () => {
    const before = await planSize();
    const m = JSON.stringify(mapping);
    expect((await post('red', csv(), { mapping: m })).statusCode).toBe(403);
    expect((await post('outsider', csv(), { mapping: m })).statusCode).toBe(404);
    const noName = await post('lead', csv(`${CSV}\r\n,T1105,,,,,,`), { mapping: m });
    expect(noName.statusCode).toBe(422);
    expect(noName.json().detail).toMatch(
      /1 of 4 rows cannot be planned \(first: row 5, no test name/,
    );
    const column = await post('lead', csv(), { mapping: JSON.stringify({ name: 'Title' }) });
    expect(column.statusCode).toBe(422);
    expect(column.json().errors[0]).toMatchObject({ path: 'mapping.name' });
    const key = await post('lead', csv(), {
      mapping: JSON.stringify({ name: 'Test case', colour: 'x' }),
    });
    expect(key.statusCode).toBe(422);
    expect(key.json().detail).toContain('colour');
    expect((await post('lead', csv(), { mapping: '{nope' })).statusCode).toBe(422);
    expect((await post('lead', csv(), { tab: 'x' })).statusCode).toBe(422);
    const json = await t.app.inject({
      method: 'POST',
      url: `/api/missions/${w.missionId}/import/plan`,
      payload: {},
      headers: w.h.lead,
    });
    expect(json.statusCode).toBe(415);
    const dup = await post('lead', csv('A,A\r\n1,2'));
    expect(dup.json().errors[0].message).toBe('two columns are named "A"');
    const bomb = await zipOf({ '[Content_Types].xml': Buffer.alloc(101 * 1024 * 1024, 0x20) });
    const b = await post('lead', { name: 'bomb.xlsx', content: bomb }, { mapping: m });
    expect(b.statusCode).toBe(422);
    expect(b.json().errors[0].message).toMatch(/XLSX file was refused: it inflates to more than/);
    const notXlsx = await post('lead', {
      name: 'x.xlsx',
      content: await zipOf({ 'a.txt': Buffer.from('hi') }),
    });
    expect(notXlsx.statusCode).toBe(422);
    const binary = await post('lead', { name: 'x.csv', content: Buffer.from([0xc3, 0x28, 0xff]) });
    expect(binary.statusCode).toBe(422);
    expect(await planSize()).toBe(before);
  });
});
