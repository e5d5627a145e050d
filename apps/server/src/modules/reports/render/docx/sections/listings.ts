/** Results by tactic, the evidence manifest (full SHA-256), and the appendix. */
import type {
  ReportManifestRow,
  ReportModel,
  ReportTacticRow,
} from '../../../model/report-model.js';
import { formatBytes, REDACTION_NOTE } from '../../pdf/text.js';
import { grid, label, small, spacer, type Block, type Cell } from '../blocks.js';
import { markdown } from '../markdown.js';
import { C } from '../styles.js';
import { Paragraph, HeadingLevel, TextRun } from 'docx';

export function tactics(rows: readonly ReportTacticRow[]): Block[] {
  if (rows.length === 0) return [small('No test is mapped to a tactic yet.', true)];
  const sum = (k: 'tests' | 'reviewed' | 'detected' | 'prevented') =>
    String(rows.reduce((s, r) => s + r[k], 0));
  const body: Cell[][] = rows.map((r) => [
    { text: r.tactic, bold: true, color: C.ink },
    String(r.tests),
    String(r.reviewed),
    String(r.detected),
    String(r.prevented),
    { text: r.rate, bold: true, color: C.ink },
  ]);
  body.push([
    { text: 'All tactics', bold: true, color: C.muted },
    ...(['tests', 'reviewed', 'detected', 'prevented'] as const).map((k) => ({
      text: sum(k),
      bold: true,
      color: C.muted,
    })),
    '',
  ]);
  return [
    grid(
      [
        { header: 'Tactic', share: 3.2 },
        { header: 'Tests', share: 1, align: 'right' },
        { header: 'Reviewed', share: 1.2, align: 'right' },
        { header: 'Detected', share: 1.2, align: 'right' },
        { header: 'Prevented', share: 1.25, align: 'right' },
        { header: 'Detection rate', share: 1.6, align: 'right' },
      ],
      body,
    ),
    spacer(),
    small(
      'A test counts once under each tactic it is mapped to, so tactic rows may add up to more than the test count. ' +
        'Detected = alerted or prevented; the rate is detected / reviewed.',
    ),
  ];
}

export function manifest(rows: readonly ReportManifestRow[]): Block[] {
  if (rows.length === 0)
    return [small('No evidence file is attached to the reported tests.', true)];
  return [
    small(
      `${rows.length.toLocaleString('en-US')} evidence file${rows.length === 1 ? '' : 's'}. ` +
        'The SHA-256 digest identifies each file byte for byte in the mission archive.',
    ),
    grid(
      [
        { header: 'Test', share: 0.55 },
        { header: 'File', share: 2.3 },
        { header: 'Side', share: 0.55 },
        { header: 'Size', share: 0.75, align: 'right' },
        { header: 'SHA-256', share: 4.1 },
      ],
      rows.map((r) => [
        { text: r.testNumber, bold: true, color: C.ink },
        { text: r.fileName, sub: r.caption },
        r.side === 'red' ? 'Red' : 'Blue',
        formatBytes(r.sizeBytes),
        { text: r.sha256, mono: true, size: 13, color: C.ink },
      ]),
    ),
  ];
}

const COUNTS_AS: Record<string, string> = {
  prevented: 'Prevented (counts as detected)',
  alerted: 'Alerted (counts as detected)',
  logged: 'Logged (reported apart)',
  none: 'Not detected',
};

export function methodology(model: ReportModel): Block[] {
  const h2 = (text: string) =>
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(text)] });
  return [
    ...markdown(model.methodologyMd),
    h2('Detection levels'),
    grid(
      [
        { header: 'Level', share: 1.5 },
        { header: 'Counts as', share: 1.9 },
        { header: 'Score', share: 0.7, align: 'right' },
        { header: 'Definition', share: 4 },
      ],
      model.levels.map((l) => [
        { text: l.label, chip: l.colour },
        COUNTS_AS[l.countsAs] ?? l.countsAs,
        l.coverageScore.toFixed(2),
        l.description ?? '—',
      ]),
    ),
    h2('Redaction'),
    new Paragraph({ children: [new TextRun(REDACTION_NOTE)] }),
    ...(model.redactionPatterns.length > 0
      ? [label('Patterns applied'), small(model.redactionPatterns.join(' · '))]
      : [small('No redaction pattern was applied.', true)]),
  ];
}
