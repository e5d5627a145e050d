import { PassThrough, Readable } from 'node:stream';
import {
  NEXT_TESTS_COLUMNS,
  type NextTestItem,
  type NextTests,
  type NextTestsExportFormat,
} from '@metamorph/contract';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { contentDisposition } from '../../../platform/http/content-disposition.js';
import {
  asciiSlug,
  CSV_CONTENT_TYPE,
  fitXlsxCell,
  neutralise,
  unicodeSlug,
  XLSX_CONTENT_TYPE,
} from '../../results/index.js';

type Cell = string | number;

const list = (xs: readonly string[]) => xs.join('; ');
const VALUES: Record<(typeof NEXT_TESTS_COLUMNS)[number], (x: NextTestItem) => Cell> = {
  rank: (x) => x.rank,
  technique_id: (x) => x.technique_id,
  technique: (x) => x.name,
  tactics: (x) => list(x.tactics),
  reason: (x) => x.reason,
  status: (x) => x.status,
  priority: (x) => x.priority,
  weight: (x) => x.weight,
  used_by: (x) => list(x.groups),
  last_tested_at: (x) => x.last_tested_at ?? '',
  templates: (x) => list(x.templates.map((t) => t.name)),
  template_keys: (x) => list(x.templates.map((t) => t.key)),
};

/** One row per ranked technique, every text cell formula-neutralised. */
export function nextTestsRows(next: NextTests): Cell[][] {
  return next.items.map((x) => NEXT_TESTS_COLUMNS.map((c) => neutralise(VALUES[c](x)) as Cell));
}

export interface NextTestsFile {
  next: NextTests;
  client: string;
  exportedAt: Date;
}

/** CSV: RFC 4180, CRLF, UTF-8 with a BOM (Excel), one header row — as the mission export. */
function csv(f: NextTestsFile): Readable {
  const out = stringify({ bom: true, record_delimiter: 'windows' });
  const source = Readable.from([[...NEXT_TESTS_COLUMNS], ...nextTestsRows(f.next)]);
  source.on('error', (err) => out.destroy(err));
  return source.pipe(out);
}

/** XLSX: sheet `Next tests` (header frozen, bold) and sheet `Profile` (what it was built from). */
function xlsx(f: NextTestsFile): Readable {
  const out = new PassThrough();
  const write = async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    wb.creator = 'Metamorph';
    wb.created = f.exportedAt;
    const cell = (v: Cell) => fitXlsxCell(neutralise(v));
    const sheet = wb.addWorksheet('Next tests', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = NEXT_TESTS_COLUMNS.map((c) => ({
      header: c,
      width: Math.max(10, c.length + 4),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (const row of nextTestsRows(f.next)) sheet.addRow(row.map(fitXlsxCell)).commit();
    sheet.commit();
    const about = wb.addWorksheet('Profile');
    about.columns = [
      { header: 'field', width: 16 },
      { header: 'value', width: 60 },
    ];
    const n = f.next;
    for (const [k, v] of [
      ['client', f.client],
      ['profile', n.profile.name],
      ['profile_version', n.profile.version],
      ['rule', n.rule],
      ['basis', n.basis],
      ['min_level', n.min_level?.key ?? ''],
      ['stale_days', n.stale_days ?? ''],
      ['platforms', list(n.platforms)],
      ['as_of', n.as_of],
    ] as const) {
      about.addRow([k, cell(v)]).commit();
    }
    about.commit();
    await wb.commit();
  };
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

export const NEXT_TESTS_WRITERS: Record<
  NextTestsExportFormat,
  { contentType: string; stream(f: NextTestsFile): Readable }
> = {
  csv: { contentType: CSV_CONTENT_TYPE, stream: csv },
  xlsx: { contentType: XLSX_CONTENT_TYPE, stream: xlsx },
};

/** `metamorph-<client>-<profile>-<what>-YYYY-MM-DD.<ext>`: ASCII `filename`, Unicode `filename*`. */
export function threatDisposition(
  client: string,
  profile: string,
  what: string,
  at: Date,
  ext: string,
): string {
  const name = (slug: (s: string) => string) =>
    `metamorph-${slug(client)}-${slug(profile)}-${what}-${at.toISOString().slice(0, 10)}.${ext}`;
  return contentDisposition('attachment', name(unicodeSlug), { ascii: name(asciiSlug) });
}
