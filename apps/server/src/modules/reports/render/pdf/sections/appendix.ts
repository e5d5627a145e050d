/** Appendix: methodology, the detection levels' definitions, and what was redacted. */
import type { ReportModel } from '../../../model/report-model.js';
import { FONT } from '../fonts.js';
import { C, type PdfWriter } from '../layout.js';
import { writeMarkdown } from '../markdown.js';
import { table } from '../tables.js';
import { REDACTION_NOTE } from '../text.js';

const COUNTS_AS: Record<string, string> = {
  prevented: 'Prevented (counts as detected)',
  alerted: 'Alerted (counts as detected)',
  logged: 'Logged (reported apart)',
  none: 'Not detected',
};

export function writeMethodology(
  w: PdfWriter,
  model: ReportModel,
  dests: { levels: string; redaction: string },
): void {
  writeMarkdown(w, model.methodologyMd);
  w.heading(2, 'Detection levels', dests.levels);
  table(
    w,
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
    { size: 8.2 },
  );
  writeRedactionNote(w, model, dests.redaction);
}

export function writeRedactionNote(w: PdfWriter, model: ReportModel, dest: string): void {
  w.heading(2, 'Redaction', dest);
  w.para(REDACTION_NOTE);
  if (model.redactionPatterns.length > 0) {
    w.label('Patterns applied');
    w.para(model.redactionPatterns.join(' · '), { size: 8.5, colour: C.muted });
  } else {
    w.para('No redaction pattern was applied.', { font: FONT.italic, colour: C.muted });
  }
}
