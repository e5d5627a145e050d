/** The deck's text slides: cover, scope and team, key numbers, next steps, detection levels. */
import type * as P from './pptxgen.js';
import type { ReportModel } from '../../model/report-model.js';
import { nextSteps, plainInline } from './plain.js';
import {
  ACCENT,
  BODY_H,
  BODY_Y,
  CONTENT_W,
  FONT,
  INK,
  MARGIN,
  MUTED,
  RULE,
  SLIDE_H,
  SLIDE_W,
  contentSlide,
  hex,
  note,
  table,
} from './theme.js';

const dates = (m: ReportModel) => {
  const { startDate, endDate } = m.cover;
  if (startDate && endDate) return `${startDate} – ${endDate}`;
  return startDate ? `From ${startDate}` : endDate ? `Until ${endDate}` : 'Dates not set';
};

export function coverSlide(deck: P.Deck, m: ReportModel): void {
  const c = m.cover;
  const slide = deck.addSlide();
  slide.background = { color: 'FFFFFF' };
  slide.addShape('rect', { x: 0, y: 0, w: 0.35, h: SLIDE_H, fill: { color: ACCENT } });
  const text = (t: string, y: number, h: number, o: P.TextPropsOptions) =>
    slide.addText(t, { x: 1, y, w: SLIDE_W - 2, h, fontFace: FONT, margin: 0, ...o });
  text(c.clientName, 1.2, 0.6, { fontSize: 20, color: MUTED });
  text(c.missionName, 1.8, 1.4, { fontSize: 40, bold: true, color: INK, valign: 'top' });
  text('Purple-team readout', 3.3, 0.5, { fontSize: 20, color: ACCENT });
  text(dates(m), 3.9, 0.4, { fontSize: 16, color: INK });
  const team = c.team.map((g) => `${g.role}: ${g.names.join(', ')}`).join('\n');
  if (team) text(team, 4.6, 1.8, { fontSize: 14, color: INK, valign: 'top', fit: 'shrink' });
  text(
    `Generated ${m.generatedAt.toISOString().slice(0, 10)} by ${c.generatedBy} with Metamorph`,
    SLIDE_H - 0.8,
    0.4,
    { fontSize: 11, color: MUTED },
  );
}

export function scopeSlide(deck: P.Deck, m: ReportModel, footer: string): void {
  const c = m.cover;
  const slide = contentSlide(deck, 'Scope and team', footer);
  const rows: Array<[string, string]> = [
    ['Client', c.clientName],
    ['Mission', c.missionName],
    ['Status', c.status],
    ['Dates', dates(m)],
    ['Tests in this report', String(m.tests.length)],
    ['ATT&CK release', c.attackRelease ?? '—'],
  ];
  table(slide, ['Mission facts', ''], rows, { cols: [1, 1.6], fontSize: 13 });
  const scope = c.descriptionMd ? plainInline(c.descriptionMd).slice(0, 600) : null;
  if (scope) {
    slide.addText(scope, {
      x: MARGIN,
      y: BODY_Y + 2.9,
      w: CONTENT_W / 2 - 0.2,
      h: BODY_H - 2.9,
      fontFace: FONT,
      fontSize: 13,
      color: INK,
      valign: 'top',
      margin: 0,
    });
  }
  // The team beside the mission facts: a role per line, its members after it.
  const team: P.TextProps[] = c.team.length
    ? c.team.flatMap((g) => [
        { text: g.role, options: { bold: true, breakLine: true, color: ACCENT } },
        { text: g.names.join(', '), options: { breakLine: true } },
      ])
    : [{ text: 'No members on the mission.', options: { italic: true, color: MUTED } }];
  slide.addText(team, {
    x: MARGIN + CONTENT_W / 2 + 0.2,
    y: BODY_Y + 2.9,
    w: CONTENT_W / 2 - 0.2,
    h: BODY_H - 2.9,
    fontFace: FONT,
    fontSize: 14,
    color: INK,
    valign: 'top',
    margin: 0,
    paraSpaceAfter: 4,
  });
}

/** The key numbers as cards: the figure large, its label and hint under it. */
export function keyNumbersSlide(deck: P.Deck, m: ReportModel, footer: string): void {
  const slide = contentSlide(deck, 'Key numbers', footer);
  const perRow = 3;
  const gap = 0.3;
  const w = (CONTENT_W - gap * (perRow - 1)) / perRow;
  const h = 1.55;
  m.keyNumbers.forEach((k, i) => {
    const x = MARGIN + (i % perRow) * (w + gap);
    const y = BODY_Y + Math.floor(i / perRow) * (h + 0.2);
    slide.addShape('rect', { x, y, w, h, fill: { color: 'F8F9FA' }, line: { color: RULE } });
    slide.addText(
      [
        { text: k.value, options: { fontSize: 30, bold: true, color: ACCENT, breakLine: true } },
        { text: k.label, options: { fontSize: 14, color: INK, breakLine: true } },
        { text: k.hint ?? ' ', options: { fontSize: 11, color: MUTED } },
      ],
      { x: x + 0.15, y, w: w - 0.3, h, fontFace: FONT, valign: 'middle', margin: 0 },
    );
  });
}

export function nextStepsSlide(deck: P.Deck, m: ReportModel, footer: string): void {
  const slide = contentSlide(deck, 'Next steps', footer);
  const steps = nextSteps(m.executiveSummaryMd);
  if (!steps.length) return note(slide, 'The executive summary has not been written yet.');
  slide.addText(
    steps.map((b) => ({
      text: b.text,
      options: { bullet: true, indentLevel: b.level, breakLine: true },
    })),
    {
      x: MARGIN,
      y: BODY_Y,
      w: CONTENT_W,
      h: BODY_H,
      fontFace: FONT,
      fontSize: steps.length > 6 ? 15 : 18,
      color: INK,
      valign: 'top',
      paraSpaceAfter: 8,
      margin: 0,
    },
  );
}

export function levelsSlide(deck: P.Deck, m: ReportModel, footer: string): void {
  const slide = contentSlide(deck, 'Detection levels', footer);
  // The first cell wears the level's colour, as the heat map shows it.
  const rows = m.levels.map((l) => [
    { text: '', options: { fill: { color: hex(l.colour) } } },
    l.label,
    l.countsAs,
    String(l.coverageScore),
    l.description ?? '—',
  ]);
  table(slide, ['', 'Level', 'Counts as', 'Coverage score', 'Definition'], rows, {
    cols: [0.25, 1.4, 1, 1.3, 5],
    fontSize: 12,
  });
}
