import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { fitXlsxCell, neutralise } from './cells.js';
import { exportColumns } from './columns.js';
import type { ExportData } from './export.repo.js';

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The column widths Excel opens with (characters); long texts wrap past it. */
const WIDTH_MIN = 10;
const WIDTH_MAX = 60;

/**
 * The export as an XLSX workbook written with exceljs's streaming writer: one sheet `Tests`
 * (the CSV's columns, header row frozen and bold; every cell a string or a number, never a
 * formula) and one sheet `Mission` (name, client, export time). Each row is committed as it
 * is written, so the zip streams out while the rows are built.
 */
export function xlsxStream(data: ExportData): Readable {
  const out = new PassThrough();
  void write(data, out).catch((err: unknown) => {
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return out;
}

async function write(data: ExportData, out: PassThrough): Promise<void> {
  const columns = exportColumns(data);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'Metamorph';
  wb.created = data.exportedAt;
  wb.modified = data.exportedAt;
  const cell = (v: Parameters<typeof neutralise>[0]) => fitXlsxCell(neutralise(v));

  const sheet = wb.addWorksheet('Tests', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: String(cell(c.header)),
    width: Math.min(WIDTH_MAX, Math.max(WIDTH_MIN, c.header.length + 2)),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const test of data.tests) {
    sheet.addRow(columns.map((c) => cell(c.value(test)))).commit();
  }
  sheet.commit();

  const about = wb.addWorksheet('Mission');
  about.columns = [
    { header: 'field', width: 16 },
    { header: 'value', width: 60 },
  ];
  for (const [k, v] of [
    ['mission_id', data.mission.id],
    ['mission', data.mission.name],
    ['client', data.mission.client.name],
    ['exported_at', data.exportedAt.toISOString()],
    ['tests', data.tests.length],
  ] as const) {
    about.addRow([k, cell(v)]).commit();
  }
  about.commit();
  await wb.commit();
}
