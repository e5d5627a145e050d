import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { neutralise } from './cells.js';
import { exportColumns } from './columns.js';
import type { ExportData } from './export.repo.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/**
 * The export as CSV (RFC 4180: comma, double quotes, CRLF), UTF-8 with a byte order mark so
 * Excel reads the accents; one header row, one row per test. Streamed row by row.
 */
export function csvStream(data: ExportData): Readable {
  const columns = exportColumns(data);
  const out = stringify({
    bom: true,
    record_delimiter: 'windows',
  });
  const rows = function* () {
    yield columns.map((c) => neutralise(c.header));
    for (const test of data.tests) {
      yield columns.map((c) => neutralise(c.value(test)));
    }
  };
  const source = Readable.from(rows());
  source.on('error', (err) => out.destroy(err));
  return source.pipe(out);
}
