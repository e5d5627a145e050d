/**
 * Findings (counts by severity and status, an index table, then each finding with its facts,
 * description, recommendation and detection-engineering references) and a retest's before /
 * after (detection rate, per test outcome, per tactic, findings closed).
 */
import type {
  ReportBeforeAfter,
  ReportFinding,
  ReportFindings,
} from '../../../model/report-model.js';
import { FONT } from '../fonts.js';
import { C, type PdfWriter } from '../layout.js';
import { writeMarkdown } from '../markdown.js';
import { facts, table, type Cell } from '../tables.js';
import { cap, CHANGE_COLOURS, findingLabel, formatDateTime, linkedTestsLine } from '../text.js';
import { dest } from '../toc.js';

/** A row of severity chips with their counts, then the statuses that occur. */
function writeCounts(w: PdfWriter, f: ReportFindings): void {
  w.ensure(46);
  w.label('By severity');
  let x = w.left;
  const y = w.y;
  for (const s of f.bySeverity) {
    x += w.chip(x, y, s.label, s.count > 0 ? (s.colour ?? C.faint) : C.rule) + 4;
    const n = String(s.count);
    w.font(FONT.bold, 10, s.count > 0 ? C.ink : C.faint).text(n, x, y + 1, { lineBreak: false });
    x += w.doc.widthOfString(n) + 16;
  }
  w.y = y + 20;
  if (f.byStatus.length > 0) {
    w.label('By status');
    w.para(f.byStatus.map((s) => `${s.label}: ${s.count}`).join('   ·   '), { size: 9 });
  }
  w.gap(4);
}

function writeIndex(w: PdfWriter, items: readonly ReportFinding[]): void {
  table(
    w,
    [
      { header: '#', share: 0.55 },
      { header: 'Finding', share: 3.9 },
      { header: 'Severity', share: 1.15 },
      { header: 'Status', share: 1.35 },
      { header: 'Owner', share: 1.55 },
      { header: 'Due', share: 1.3 },
    ],
    items.map((f) => [
      { text: `F-${f.number}`, font: FONT.bold, colour: C.ink },
      { text: f.title, sub: f.techniques.map((t) => t.externalId).join(' · ') || null },
      { text: f.severity.label, chip: f.severity.colour },
      f.status,
      f.owner ?? '—',
      f.dueOn ?? '—',
    ]),
    { size: 8 },
  );
}

function writeCode(w: PdfWriter, label: string, text: string | null): void {
  if (!text) return;
  const c = cap(text, 2_000, 40);
  w.label(label);
  w.monoBox(c.text, { note: c.note });
}

function writeFinding(w: PdfWriter, f: ReportFinding): void {
  w.heading(2, findingLabel(f), dest.finding(f.number));
  const techniques = f.techniques
    .map((t) => (t.name ? `${t.externalId} ${t.name}` : t.externalId))
    .join(' · ');
  if (techniques) w.para(techniques, { size: 8, colour: C.accent, font: FONT.bold, after: 6 });
  const rows: Array<[string, Cell]> = [
    ['Severity', { text: f.severity.label, chip: f.severity.colour }],
    ['Status', { text: f.status, font: FONT.bold, colour: C.ink, sub: f.statusReason }],
    ['Owner', f.owner ?? '—'],
    ['Due', f.dueOn ?? '—'],
    ['Linked tests', linkedTestsLine(f) || '—'],
  ];
  if (f.gapReason) rows.push(['Gap reason', f.gapReason]);
  if (f.ticketUrl) rows.push(['Ticket', f.ticketUrl]);
  if (f.retestTests > 0) rows.push(['Retest', `${f.retestTests} retest test(s)`]);
  facts(w, rows);
  if (f.descriptionMd) {
    w.label('Description');
    writeMarkdown(w, f.descriptionMd, { style: { size: 8.8 } });
    w.gap(2);
  }
  if (f.recommendationMd) {
    w.label('Recommendation');
    writeMarkdown(w, f.recommendationMd, { style: { size: 8.8 } });
    w.gap(2);
  }
  writeCode(w, 'Sigma rule', f.sigmaRule);
  writeCode(w, 'SIEM query', f.siemQuery);
  w.gap(4);
}

export function writeFindings(w: PdfWriter, f: ReportFindings): void {
  if (f.items.length === 0) {
    w.para('No finding was recorded for this mission.', { font: FONT.italic, colour: C.muted });
    return;
  }
  w.para(
    `${f.items.length} finding${f.items.length === 1 ? '' : 's'}: detection gaps with a recommendation, an owner and a status.`,
    { size: 8.5, colour: C.muted, after: 8 },
  );
  writeCounts(w, f);
  writeIndex(w, f.items);
  for (const item of f.items) writeFinding(w, item);
}

/** Two big rates side by side with an arrow between them. */
function writeRates(w: PdfWriter, b: ReportBeforeAfter): void {
  const h = 58;
  w.ensure(h + 12);
  const top = w.y;
  const boxW = (w.width - 40) / 2;
  const box = (x: number, label: string, value: string, hint: string) => {
    w.doc.roundedRect(x, top, boxW, h, 4).fillColor(C.accentSoft).fill();
    w.doc
      .rect(x, top + 4, 2.5, h - 8)
      .fillColor(C.accent)
      .fill();
    w.font(FONT.bold, 7, C.muted).text(label.toUpperCase(), x + 12, top + 9, {
      width: boxW - 24,
      height: 9,
      ellipsis: true,
    });
    w.font(FONT.bold, 20, C.ink).text(value, x + 12, top + 20, { lineBreak: false });
    w.font(FONT.body, 7.5, C.faint).text(hint, x + 12, top + 44, {
      width: boxW - 24,
      height: 9,
      ellipsis: true,
    });
  };
  box(
    w.left,
    'Detection rate before',
    b.detection.before,
    `${b.before.name} · ${b.detection.beforeHint}`,
  );
  w.font(FONT.bold, 16, C.accent).text('→', w.left + boxW + 12, top + 20, { lineBreak: false });
  box(
    w.left + boxW + 40,
    'Detection rate after',
    b.detection.after,
    `this retest · ${b.detection.afterHint}`,
  );
  w.y = top + h + 12;
  w.doc.x = w.left;
}

export function writeBeforeAfter(w: PdfWriter, b: ReportBeforeAfter): void {
  w.para(
    `This mission retests “${b.before.name}” (created ${formatDateTime(b.before.createdAt)}). ` +
      'Tests are paired by the retest link, else by library template; rates count the paired tests reviewed by blue. ' +
      `Findings of the original closed by this retest: ${b.findings.closed} of ${b.findings.total}.`,
    { size: 8.8, after: 8 },
  );
  writeRates(w, b);
  w.label('Tests before and after');
  table(
    w,
    [
      { header: 'Test', share: 4 },
      { header: 'Before', share: 2 },
      { header: 'After', share: 2 },
      { header: 'Change', share: 1.2 },
    ],
    b.tests.map((t) => [
      t.name,
      t.before,
      t.after,
      { text: t.change, font: FONT.bold, colour: CHANGE_COLOURS[t.changeKey] ?? C.body },
    ]),
    { size: 8 },
  );
  if (b.tactics.length > 0) {
    w.label('Detection rate by tactic');
    table(
      w,
      [
        { header: 'Tactic', share: 3 },
        { header: 'Before', share: 1, align: 'right' },
        { header: 'After', share: 1, align: 'right' },
      ],
      b.tactics.map((t) => [t.tactic, t.before, { text: t.after, font: FONT.bold, colour: C.ink }]),
      { size: 8 },
    );
  }
  w.label(`Findings of the original mission (${b.findings.closed} of ${b.findings.total} closed)`);
  if (b.findings.items.length === 0) {
    w.para('The original mission has no finding.', { font: FONT.italic, colour: C.muted });
    return;
  }
  table(
    w,
    [
      { header: 'Finding', share: 4 },
      { header: 'Severity', share: 1.2 },
      { header: 'Status', share: 1.5 },
    ],
    b.findings.items.map((f) => [f.title, f.severity, f.status]),
    { size: 8 },
  );
}
