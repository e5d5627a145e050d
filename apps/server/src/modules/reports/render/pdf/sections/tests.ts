/**
 * Per-test detail, grouped by scenario: facts (state, window, result, detection level with its
 * colour, expectation, gap), objective, procedure, command and output, per-tool results, red
 * and blue comments, evidence. Progress is reported after each test.
 */
import type { ReportModel, ReportTest } from '../../../model/report-model.js';
import { FONT } from '../fonts.js';
import { C, type PdfWriter } from '../layout.js';
import { writeMarkdown } from '../markdown.js';
import { facts, table, type Cell } from '../tables.js';
import { dest } from '../toc.js';
import { writeEvidence } from './evidence.js';
import {
  attackLine,
  attackWindow,
  cap,
  COMMAND_CAP,
  formatDateTime,
  groupByScenario,
  OUTPUT_CAP,
  OUTPUT_LINE_CAP,
  stateLabel,
  tri,
} from '../text.js';

type Progress = (done: number, total: number) => Promise<void> | void;

const triCell = (v: string): Cell => {
  const t = tri(v);
  const colour = t === 'Yes' ? '#2b8a3e' : t === 'TBD' ? C.faint : C.body;
  return { text: t, font: t === 'Yes' ? FONT.bold : FONT.body, colour };
};

function writeFacts(w: PdfWriter, t: ReportTest): void {
  const rows: Array<[string, Cell]> = [
    ['State', stateLabel(t.state)],
    ['Execution result', t.executionResult ?? '—'],
    ['Attack window', attackWindow(t)],
    ['Executed at', formatDateTime(t.executedAt)],
    [
      'Detection level',
      t.level ? { text: t.level.label, chip: t.level.colour } : 'No outcome recorded',
    ],
  ];
  if (t.overrideReason) rows.push(['Override reason', t.overrideReason]);
  if (t.expectation || t.expectedSummary) {
    const expected = t.expectedSummary ? `Expected: ${t.expectedSummary}` : null;
    rows.push([
      'Expected vs actual',
      { text: t.expectation ?? 'Not assessed', font: FONT.bold, colour: C.ink, sub: expected },
    ]);
  }
  if (t.gapReason) rows.push(['Gap reason', t.gapReason]);
  facts(w, rows);
}

function writeTools(w: PdfWriter, t: ReportTest): void {
  if (t.toolResults.length === 0) return;
  w.label('Per-tool results');
  table(
    w,
    [
      { header: 'Defence tool', share: 2.1 },
      { header: 'Prevented', share: 1.3, align: 'center' },
      { header: 'Alerted', share: 1.1, align: 'center' },
      { header: 'Logged', share: 1.05, align: 'center' },
      { header: 'Rule / alert', share: 2.3 },
      { header: 'Detected at', share: 1.55 },
      { header: 'Note', share: 2.4 },
    ],
    t.toolResults.map((r) => [
      { text: r.toolName, font: FONT.bold, colour: C.ink, sub: r.layer },
      triCell(r.prevented),
      triCell(r.alerted),
      triCell(r.logged),
      r.ruleName ?? '—',
      formatDateTime(r.detectedAt),
      cap(r.note ?? '—', 400).text,
    ]),
    { size: 7.4 },
  );
}

function writeCode(
  w: PdfWriter,
  label: string,
  text: string | null,
  chars: number,
  lines?: number,
): void {
  if (!text) return;
  const c = cap(text, chars, lines);
  w.label(label);
  w.monoBox(c.text, { note: c.note });
}

function writeComment(w: PdfWriter, label: string, md: string | null): void {
  if (!md?.trim()) return;
  w.label(label);
  writeMarkdown(w, md, { style: { size: 8.8 } });
  w.gap(2);
}

async function writeTest(w: PdfWriter, t: ReportTest): Promise<void> {
  w.heading(3, `${t.number}  ${t.name}`, dest.test(t.id));
  const attack = attackLine(t);
  if (attack) w.para(attack, { size: 8, colour: C.accent, font: FONT.bold, after: 6 });
  writeFacts(w, t);
  if (t.objective) {
    w.label('Objective');
    w.para(t.objective, { size: 8.8 });
  }
  if (t.procedureMd?.trim()) {
    w.label('Procedure');
    writeMarkdown(w, t.procedureMd, { style: { size: 8.8 } });
    w.gap(2);
  }
  writeCode(w, 'Command', t.command, COMMAND_CAP);
  writeCode(w, 'Output', t.output, OUTPUT_CAP, OUTPUT_LINE_CAP);
  writeTools(w, t);
  writeComment(w, 'Red comment', t.redCommentMd);
  writeComment(w, 'Blue comment', t.blueCommentMd);
  await writeEvidence(w, t);
  w.gap(4);
  w.ensure(20);
  w.doc.moveTo(w.left, w.y).lineTo(w.right, w.y).lineWidth(0.5).strokeColor(C.rule).stroke();
  w.gap(4);
}

export async function writeTests(
  w: PdfWriter,
  model: ReportModel,
  progress: Progress,
): Promise<void> {
  const total = model.tests.length;
  if (total === 0) {
    w.para('No test is included in this report.', { font: FONT.italic, colour: C.muted });
    return;
  }
  let done = 0;
  for (const g of groupByScenario(model.tests)) {
    w.heading(2, g.name, dest.scenario(g.index), done > 0 ? { newPage: 'portrait' } : {});
    w.para(`${g.tests.length} test${g.tests.length === 1 ? '' : 's'} in this scenario.`, {
      size: 8,
      colour: C.muted,
      after: 2,
    });
    for (const t of g.tests) {
      await writeTest(w, t);
      done++;
      await progress(done, total);
    }
  }
}
