import { PassThrough, Readable } from 'node:stream';
import { SEVERITY_RANK, type Finding } from '@metamorph/contract';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { fitXlsxCell, neutralise } from '../results/index.js';

type Cell = string | number | null;

const LIST = '; ';
const list = (items: readonly string[]): Cell => (items.length ? items.join(LIST) : null);

/** The findings export's columns (docs/findings.md), CSV and XLSX alike. */
export const FINDING_COLUMNS: ReadonlyArray<[string, (f: Finding) => Cell]> = [
  ['finding_id', (f) => f.id],
  ['number', (f) => f.number],
  ['title', (f) => f.title],
  ['severity', (f) => f.severity],
  ['severity_rank', (f) => SEVERITY_RANK[f.severity]],
  ['status', (f) => f.status],
  ['status_reason', (f) => f.status_reason],
  ['technique_ids', (f) => list(f.techniques.map((t) => t.external_id))],
  ['technique_names', (f) => list(f.techniques.map((t) => t.name ?? t.external_id))],
  ['gap_reason', (f) => f.gap_reason],
  ['test_ids', (f) => list(f.test_ids)],
  ['description_md', (f) => f.description_md],
  ['recommendation_md', (f) => f.recommendation_md],
  ['sigma_rule', (f) => f.sigma_rule],
  ['siem_query', (f) => f.siem_query],
  ['ticket_url', (f) => f.ticket_url],
  ['owner', (f) => f.owner_display_name ?? f.owner_name],
  ['owner_user_id', (f) => f.owner_user_id],
  ['due_on', (f) => f.due_on],
  ['retest_test_ids', (f) => list(f.retest_test_ids)],
  ['created_at', (f) => f.created_at],
  ['updated_at', (f) => f.updated_at],
];

/** RFC 4180 CSV with a BOM and CRLF, formulas neutralised (the results export's rules). */
export function findingsCsv(items: readonly Finding[]): Readable {
  const out = stringify({ bom: true, record_delimiter: 'windows' });
  const rows = function* () {
    yield FINDING_COLUMNS.map(([h]) => neutralise(h));
    for (const f of items) yield FINDING_COLUMNS.map(([, v]) => neutralise(v(f)));
  };
  const source = Readable.from(rows());
  source.on('error', (err) => out.destroy(err));
  return source.pipe(out);
}

/** One sheet `Findings`, header frozen, every cell a string or number (never a formula). */
export function findingsXlsx(items: readonly Finding[], at: Date): Readable {
  const out = new PassThrough();
  const write = async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    wb.creator = 'Metamorph';
    wb.created = at;
    const sheet = wb.addWorksheet('Findings', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = FINDING_COLUMNS.map(([h]) => ({
      header: h,
      width: Math.max(12, h.length + 2),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (const f of items) {
      sheet.addRow(FINDING_COLUMNS.map(([, v]) => fitXlsxCell(neutralise(v(f))))).commit();
    }
    sheet.commit();
    await wb.commit();
  };
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}
