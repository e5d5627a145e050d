/** Results by tactic and the evidence manifest (every file with its full SHA-256). */
import type { ReportManifestRow, ReportTacticRow } from '../../../model/report-model.js';
import { FONT } from '../fonts.js';
import { C, type PdfWriter } from '../layout.js';
import { table, type Cell } from '../tables.js';
import { formatBytes } from '../text.js';

export function writeTactics(w: PdfWriter, rows: readonly ReportTacticRow[]): void {
  if (rows.length === 0) {
    w.para('No test is mapped to a tactic yet.', { font: FONT.italic, colour: C.muted });
    return;
  }
  const sum = (k: 'tests' | 'reviewed' | 'detected' | 'prevented') =>
    rows.reduce((s, r) => s + r[k], 0);
  const body: Cell[][] = rows.map((r) => [
    { text: r.tactic, font: FONT.bold, colour: C.ink },
    String(r.tests),
    String(r.reviewed),
    String(r.detected),
    String(r.prevented),
    { text: r.rate, font: FONT.bold, colour: C.ink },
  ]);
  body.push([
    { text: 'All tactics', font: FONT.bold, colour: C.muted },
    { text: String(sum('tests')), font: FONT.bold, colour: C.muted },
    { text: String(sum('reviewed')), font: FONT.bold, colour: C.muted },
    { text: String(sum('detected')), font: FONT.bold, colour: C.muted },
    { text: String(sum('prevented')), font: FONT.bold, colour: C.muted },
    '',
  ]);
  table(
    w,
    [
      { header: 'Tactic', share: 3.2 },
      { header: 'Tests', share: 1, align: 'right' },
      { header: 'Reviewed', share: 1.2, align: 'right' },
      { header: 'Detected', share: 1.2, align: 'right' },
      { header: 'Prevented', share: 1.25, align: 'right' },
      { header: 'Detection rate', share: 1.6, align: 'right' },
    ],
    body,
    { size: 8.5 },
  );
  w.para(
    'A test counts once under each tactic it is mapped to, so tactic rows may add up to more than the test count. ' +
      'Detected = alerted or prevented; the rate is detected / reviewed.',
    { size: 7.5, colour: C.muted },
  );
}

/** Mono size at which a 64-character digest fits the column on one line. */
function digestSize(w: PdfWriter, width: number): number {
  w.font(FONT.mono, 10);
  const at10 = w.doc.widthOfString('0'.repeat(64));
  return Math.min(7.5, Math.floor(((width - 10) / at10) * 100) / 10);
}

export function writeManifest(w: PdfWriter, rows: readonly ReportManifestRow[]): void {
  if (rows.length === 0) {
    w.para('No evidence file is attached to the reported tests.', {
      font: FONT.italic,
      colour: C.muted,
    });
    return;
  }
  w.para(
    `${rows.length.toLocaleString('en-US')} evidence file${rows.length === 1 ? '' : 's'}. ` +
      'The SHA-256 digest identifies each file byte for byte in the mission archive.',
    { size: 8, colour: C.muted, after: 6 },
  );
  const shares = { test: 0.5, file: 3.1, side: 0.5, size: 0.75, sha: 4.15 };
  const total = Object.values(shares).reduce((s, v) => s + v, 0);
  const size = digestSize(w, (shares.sha / total) * w.width);
  table(
    w,
    [
      { header: 'Test', share: shares.test },
      { header: 'File', share: shares.file },
      { header: 'Side', share: shares.side },
      { header: 'Size', share: shares.size, align: 'right' },
      { header: 'SHA-256', share: shares.sha },
    ],
    rows.map((r) => [
      { text: r.testNumber, font: FONT.bold, colour: C.ink },
      { text: r.fileName, sub: r.caption },
      r.side === 'red' ? 'Red' : 'Blue',
      formatBytes(r.sizeBytes),
      { text: r.sha256, font: FONT.mono, size, colour: C.ink },
    ]),
    { size: 7.5 },
  );
}
