/**
 * The ATT&CK heat map as one SVG document, drawn from the same `ReportHeatmap` (and the same
 * fill / ink colours) as the PDF and DOCX heat maps: tactic columns in matrix order, one cell
 * per tested technique with its id, detected fraction and name. Used where the map must be a
 * picture — the readout deck (rasterised with sharp, like the DOCX charts) and the report data.
 * Plain shapes and text only, so librsvg and browsers read it alike.
 */
import type { ReportHeatmap } from '../model/report-model.js';
import { escapeHtml as esc } from './html/markdown.js';
import { textOn } from './pdf/text.js';

const NO_OUTCOME = '#e9ecef';
const COL_W = 132;
const GAP = 4;
const HEAD_H = 30;
const CELL_H = 40;
/** One legend row; rows wrap at the map's width (a narrow map still shows every level). */
const LEGEND_ROW = 20;
const FONT = "'Helvetica', 'Arial', sans-serif";

/** Cut to `max` characters with an ellipsis (SVG text does not wrap). */
const fit = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export interface HeatmapSvg {
  svg: string;
  width: number;
  height: number;
}

export function heatmapSvg(map: ReportHeatmap): HeatmapSvg {
  const cols = Math.max(1, map.columns.length);
  const depth = Math.max(1, ...map.columns.map((c) => c.cells.length));
  const width = cols * COL_W + (cols - 1) * GAP;
  const legend: { x: number; y: number; colour: string; label: string }[] = [];
  let lx = 0;
  let row = 0;
  for (const item of map.legend) {
    const w = 16 + item.label.length * 6.5 + 18;
    if (lx > 0 && lx + w - 18 > width) {
      row += 1;
      lx = 0;
    }
    legend.push({ x: lx, y: 6 + row * LEGEND_ROW, colour: item.colour, label: item.label });
    lx += w;
  }
  const LEGEND_H = (row + 1) * LEGEND_ROW + 6;
  const height = LEGEND_H + HEAD_H + depth * (CELL_H + GAP);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  for (const item of legend) {
    parts.push(
      `<rect x="${item.x}" y="${item.y}" width="12" height="12" rx="2" fill="${esc(item.colour)}"/>`,
      `<text x="${item.x + 16}" y="${item.y + 10}" font-size="11" fill="#495057">${esc(item.label)}</text>`,
    );
  }
  if (map.columns.length === 0) {
    parts.push(
      `<text x="4" y="${LEGEND_H + 20}" font-size="12" fill="#868e96">No technique has been tested yet.</text>`,
    );
  }
  map.columns.forEach((col, i) => {
    const cx = i * (COL_W + GAP);
    parts.push(
      `<rect x="${cx}" y="${LEGEND_H}" width="${COL_W}" height="${HEAD_H - 4}" fill="#343a40"/>`,
      `<text x="${cx + COL_W / 2}" y="${LEGEND_H + 17}" font-size="11" font-weight="bold" fill="#ffffff" text-anchor="middle">${esc(fit(col.tactic, 22))}</text>`,
    );
    col.cells.forEach((c, r) => {
      const y = LEGEND_H + HEAD_H + r * (CELL_H + GAP);
      const fill = c.colour ?? NO_OUTCOME;
      const ink = textOn(fill);
      parts.push(
        `<rect x="${cx}" y="${y}" width="${COL_W}" height="${CELL_H}" rx="3" fill="${esc(fill)}"/>`,
        `<text x="${cx + 6}" y="${y + 14}" font-size="11" font-weight="bold" fill="${ink}">${esc(c.externalId)}</text>`,
        `<text x="${cx + COL_W - 6}" y="${y + 14}" font-size="11" font-weight="bold" fill="${ink}" text-anchor="end">${esc(c.fraction)}</text>`,
        `<text x="${cx + 6}" y="${y + 31}" font-size="10" fill="${ink}">${esc(fit(c.name, 24))}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return { svg: parts.join(''), width, height };
}
