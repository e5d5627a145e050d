/**
 * The ATT&CK heat map on landscape pages: tactic columns in matrix order, one cell per tested
 * technique in its outcome colour with a contrasting label and the detected fraction. Wide
 * matrices are split into bands of columns; long columns continue on the next page with their
 * headers repeated.
 */
import type { ReportHeatmap } from '../../../model/report-model.js';
import { FONT } from '../fonts.js';
import { C, type PdfWriter } from '../layout.js';
import { textOn } from '../text.js';

const NO_OUTCOME = '#e9ecef';
const MIN_COL = 86;
const GAP = 4;
const CELL_H = 36;
const HEAD_H = 26;

const RULE_TEXT: Record<ReportHeatmap['rule'], string> = {
  worst: 'a technique shows the worst outcome of its tests',
  best: 'a technique shows the best outcome of its tests',
  latest: 'a technique shows the outcome of its latest test',
};

function legend(w: PdfWriter, map: ReportHeatmap): void {
  let x = w.left;
  const y = w.y;
  for (const item of map.legend) {
    w.font(FONT.body, 7.5);
    const need = 7.5 + 5 + w.doc.widthOfString(item.label) + 14;
    if (x + need > w.right) break;
    x += w.swatch(x, y, item.label, item.colour);
  }
  w.y = y + 14;
  w.para(`Cell colour: ${RULE_TEXT[map.rule]}. Fraction: procedures detected / procedures run.`, {
    size: 7.5,
    colour: C.muted,
    after: 8,
  });
}

function cell(
  w: PdfWriter,
  x: number,
  y: number,
  width: number,
  c: ReportHeatmap['columns'][number]['cells'][number],
): void {
  const fill = c.colour ?? NO_OUTCOME;
  const ink = textOn(fill);
  w.doc
    .roundedRect(x, y, width, CELL_H - 3, 2.5)
    .fillColor(fill)
    .fill();
  w.font(FONT.bold, 7, ink);
  const fracW = w.doc.widthOfString(c.fraction);
  w.doc.text(c.fraction, x + width - 5 - fracW, y + 4, { lineBreak: false });
  w.doc.text(c.externalId, x + 5, y + 4, {
    width: width - 14 - fracW,
    height: 9,
    ellipsis: true,
    lineBreak: false,
  });
  w.font(FONT.body, 6.4, ink).text(c.name, x + 5, y + 13.5, {
    width: width - 10,
    height: 16,
    ellipsis: true,
    lineGap: 0,
  });
}

function headers(w: PdfWriter, cols: ReportHeatmap['columns'], colW: number): void {
  const y = w.y;
  cols.forEach((col, i) => {
    const x = w.left + i * (colW + GAP);
    w.doc
      .rect(x, y, colW, HEAD_H - 4)
      .fillColor('#343a40')
      .fill();
    w.font(FONT.bold, 7, '#ffffff').text(col.tactic, x + 4, y + 3, {
      width: colW - 8,
      height: HEAD_H - 6,
      align: 'center',
      ellipsis: true,
      lineGap: 0,
    });
  });
  w.y = y + HEAD_H;
}

export function writeHeatmap(w: PdfWriter, map: ReportHeatmap): void {
  legend(w, map);
  const cols = map.columns;
  if (cols.length === 0) {
    w.para('No technique has been tested yet.', { font: FONT.italic, colour: C.muted });
    return;
  }
  const perBand = Math.max(1, Math.min(cols.length, Math.floor((w.width + GAP) / (MIN_COL + GAP))));
  for (let b = 0; b < cols.length; b += perBand) {
    const band = cols.slice(b, b + perBand);
    const colW = (w.width - GAP * (perBand - 1)) / perBand;
    w.ensure(HEAD_H + CELL_H * 2);
    headers(w, band, colW);
    const depth = Math.max(...band.map((c) => c.cells.length));
    for (let r = 0; r < depth; r++) {
      if (w.room() < CELL_H) {
        w.newPage('landscape');
        headers(w, band, colW);
      }
      const top = w.y;
      band.forEach((col, i) => {
        const c = col.cells[r];
        if (c) cell(w, w.left + i * (colW + GAP), top, colW, c);
      });
      w.y = top + CELL_H;
    }
    w.gap(12);
  }
}
