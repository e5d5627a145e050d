import { PLAN_IMPORT_LIMITS } from '@metamorph/contract';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { validationFailed } from '../../../platform/errors.js';
import { decodeUtf8 } from '../../../platform/utf8.js';
import { zipOverCaps } from '../../../platform/zip-guard.js';

export interface Sheet {
  format: 'csv' | 'xlsx';
  /** The workbook's worksheets in order (empty for CSV), and the one read (null for CSV). */
  sheets: string[];
  sheet: string | null;
  headers: string[];
  /** Data rows as text, one cell per header (missing cells are ''). */
  rows: string[][];
  /** Each data row's number in the spreadsheet (the header's is 1 when it is the first row). */
  numbers: number[];
}

const refuse = (message: string) => validationFailed([{ path: 'file', message }]);
const clean = (s: string) => s.replaceAll('\u0000', '\uFFFD').trim();

/** `all[i]` is spreadsheet row i + 1 (holes and blank rows are skipped, keeping the numbers). */
function fromCells(
  format: Sheet['format'],
  all: (string[] | undefined)[],
  book: Pick<Sheet, 'sheets' | 'sheet'> = { sheets: [], sheet: null },
): Sheet {
  const nonEmpty: Array<{ cells: string[]; n: number }> = [];
  all.forEach((r, i) => {
    if (r?.some((c) => c.trim() !== '')) nonEmpty.push({ cells: r, n: i + 1 });
  });
  const [header, ...rows] = nonEmpty;
  if (!header)
    throw refuse(`the ${book.sheet ? `worksheet "${book.sheet}"` : 'spreadsheet'} is empty`);
  const headers = header.cells.map((h) => clean(h));
  if (headers.some((h) => h === '')) throw refuse('a column of the header row has no name');
  const dup = headers.find((h, i) => headers.indexOf(h) !== i);
  if (dup) throw refuse(`two columns are named ${JSON.stringify(dup)}`);
  if (rows.length > PLAN_IMPORT_LIMITS.maxRows) {
    throw refuse(`${rows.length} rows, more than ${PLAN_IMPORT_LIMITS.maxRows}: split the plan`);
  }
  return {
    format,
    ...book,
    headers,
    rows: rows.map((r) => headers.map((_, i) => clean(r.cells[i] ?? ''))),
    numbers: rows.map((r) => r.n),
  };
}

/** A cell as text: dates as YYYY-MM-DD, formulas by their cached result (never evaluated). */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) {
      const r = v.result;
      return r instanceof Date ? r.toISOString().slice(0, 10) : r == null ? '' : String(r);
    }
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    return cell.text;
  }
  return String(v);
}

/**
 * Reads a CSV, or one worksheet of an XLSX (by content: a zip is XLSX) — the one named, else
 * the first that holds a row.
 */
export async function readSheet(content: Buffer, sheetName?: string | null): Promise<Sheet> {
  if (content.length >= 4 && content[0] === 0x50 && content[1] === 0x4b) {
    const over = await zipOverCaps(content, {
      maxEntries: PLAN_IMPORT_LIMITS.maxZipEntries,
      maxInflatedBytes: PLAN_IMPORT_LIMITS.maxInflatedBytes,
    });
    if (over) throw refuse(`the XLSX file was refused: ${over}`);
    const wb = new ExcelJS.Workbook();
    try {
      // exceljs's types want its own Buffer alias.
      await wb.xlsx.load(content as unknown as ExcelJS.Buffer);
    } catch (err) {
      throw refuse(`not a readable XLSX workbook (${(err as Error).message.slice(0, 200)})`);
    }
    const sheets = wb.worksheets.map((w) => w.name);
    if (sheets.length === 0) throw refuse('the workbook has no worksheet');
    const ws = sheetName
      ? wb.worksheets.find((w) => w.name === sheetName)
      : (wb.worksheets.find((w) => w.actualRowCount > 0) ?? wb.worksheets[0]);
    if (!ws) {
      throw validationFailed([
        {
          path: 'sheet',
          message: `the workbook has no worksheet ${JSON.stringify(sheetName)} (it has ${sheets.map((n) => JSON.stringify(n)).join(', ')})`,
        },
      ]);
    }
    if (ws.rowCount > PLAN_IMPORT_LIMITS.maxRows + 1) {
      throw refuse(
        `${ws.rowCount - 1} rows, more than ${PLAN_IMPORT_LIMITS.maxRows}: split the plan`,
      );
    }
    const cells: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const out: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        out[col - 1] = cellText(cell);
      });
      cells[row.number - 1] = Array.from(out, (c) => c ?? '');
    });
    return fromCells('xlsx', cells, { sheets, sheet: ws.name });
  }
  if (sheetName) {
    throw validationFailed([{ path: 'sheet', message: 'names a worksheet: only XLSX has them' }]);
  }
  const text = decodeUtf8(content);
  if (!text.ok) throw refuse(`a CSV must be UTF-8 text: ${text.error}`);
  let cells: string[][];
  try {
    cells = parse(text.text, {
      relax_column_count: true,
      relax_quotes: true,
      // Blank lines stay (as empty rows) so that row numbers match the file's.
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
  } catch (err) {
    throw refuse(`not a readable CSV file (${(err as Error).message.slice(0, 200)})`);
  }
  return fromCells('csv', cells);
}
