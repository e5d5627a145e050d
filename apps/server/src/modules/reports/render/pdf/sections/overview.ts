/** Executive summary (markdown), key numbers (cards) and the charts (server-side SVG). */
import SVGtoPDF from 'svg-to-pdfkit';
import type { ReportChart, ReportKeyNumber, ReportModel } from '../../../model/report-model.js';
import { FONT } from '../fonts.js';
import { C, type PdfWriter } from '../layout.js';
import { writeMarkdown } from '../markdown.js';

export function writeSummary(w: PdfWriter, model: ReportModel): void {
  if (!writeMarkdown(w, model.executiveSummaryMd, { style: { size: 9.5 } })) {
    w.para('No executive summary was written for this mission.', {
      font: FONT.italic,
      colour: C.muted,
    });
  }
}

const CARD_H = 62;

export function writeKeyNumbers(w: PdfWriter, numbers: readonly ReportKeyNumber[]): void {
  const perRow = 3;
  const gap = 10;
  const cardW = (w.width - gap * (perRow - 1)) / perRow;
  for (let i = 0; i < numbers.length; i += perRow) {
    w.ensure(CARD_H + gap);
    const top = w.y;
    numbers.slice(i, i + perRow).forEach((n, j) => {
      const x = w.left + j * (cardW + gap);
      w.doc.roundedRect(x, top, cardW, CARD_H, 4).fillColor(C.accentSoft).fill();
      w.doc
        .rect(x, top + 4, 2.5, CARD_H - 8)
        .fillColor(C.accent)
        .fill();
      w.font(FONT.bold, 7, C.muted).text(n.label.toUpperCase(), x + 12, top + 10, {
        width: cardW - 20,
        height: 9,
        ellipsis: true,
      });
      w.font(FONT.bold, 18, C.ink).text(n.value, x + 12, top + 22, {
        width: cardW - 20,
        height: 22,
        ellipsis: true,
      });
      if (n.hint) {
        w.font(FONT.body, 7, C.faint).text(n.hint, x + 12, top + 46, {
          width: cardW - 20,
          height: 9,
          ellipsis: true,
        });
      }
    });
    w.y = top + CARD_H + gap;
  }
  if (numbers.length === 0) w.para('No results yet.', { font: FONT.italic, colour: C.muted });
  w.gap(4);
}

/**
 * svg-to-pdfkit ignores `paint-order`, so ECharts' white halo behind labels would be painted
 * over their fill (white text). Labels lose the halo in the PDF.
 */
export function pdfSafeSvg(svg: string): string {
  return svg.replace(/<text\b[^>]*>/g, (tag) =>
    /paint-order="stroke"/.test(tag)
      ? tag.replace(/\s(stroke|stroke-width|stroke-miterlimit|paint-order)="[^"]*"/g, '')
      : tag,
  );
}

/** svg-to-pdfkit's types take the PDFDocument class, not an instance: this is the one cast. */
type SvgDoc = Parameters<typeof SVGtoPDF>[0];

function writeChart(w: PdfWriter, chart: ReportChart): void {
  const width = Math.min(w.width, chart.width * 0.75);
  const height = (width * chart.height) / Math.max(1, chart.width);
  w.ensure(height + 30);
  w.font(FONT.bold, 9.5, C.ink).text(chart.title, w.left, w.y, { width: w.width });
  w.gap(4);
  const top = w.y;
  const x = w.left + (w.width - width) / 2;
  SVGtoPDF(w.doc as unknown as SvgDoc, pdfSafeSvg(chart.svg), x, top, {
    width,
    height,
    preserveAspectRatio: 'xMidYMid meet',
    fontCallback: (_family, bold, italic) =>
      bold ? (italic ? FONT.boldItalic : FONT.bold) : italic ? FONT.italic : FONT.body,
    warningCallback: () => undefined,
  });
  w.y = top + height + 14;
  w.doc.x = w.left;
}

export function writeCharts(w: PdfWriter, charts: readonly ReportChart[]): void {
  if (charts.length === 0)
    w.para('No charts: nothing has been executed yet.', { font: FONT.italic, colour: C.muted });
  for (const chart of charts) writeChart(w, chart);
}
