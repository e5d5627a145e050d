/** The deck's results slides: heat map (an image), results by tactic, gaps, time to detect. */
import type * as P from './pptxgen.js';
import sharp from 'sharp';
import type { ReportModel } from '../../model/report-model.js';
import { heatmapSvg } from '../heatmap-svg.js';
import { TOP, detectionGaps, slowestDetections } from './plain.js';
import {
  BODY_H,
  BODY_Y,
  CONTENT_W,
  FONT,
  INK,
  MARGIN,
  MUTED,
  contentSlide,
  note,
  table,
} from './theme.js';

/** Rows of the tactic table per slide (14 ATT&CK enterprise tactics fit on one). */
const TACTIC_ROWS = 14;
/** Widest raster of the heat map, in pixels (enough for a full-screen projection). */
const HEATMAP_MAX_PX = 3200;

/**
 * The ATT&CK heat map: the report's SVG rasterised to PNG with sharp (librsvg), scaled into the
 * slide with its aspect kept. Should librsvg refuse it, the slide says where the map is.
 */
export async function heatmapSlide(deck: P.Deck, m: ReportModel, footer: string) {
  const slide = contentSlide(deck, 'ATT&CK heat map', footer);
  const map = heatmapSvg(m.heatmap);
  const scale = Math.min(2, HEATMAP_MAX_PX / map.width);
  let png: Buffer;
  try {
    png = await sharp(Buffer.from(map.svg), { density: Math.max(1, Math.round(72 * scale)) })
      .flatten({ background: '#ffffff' })
      .png()
      .toBuffer();
  } catch {
    return note(slide, 'The heat map could not be drawn here; it is in the PDF and HTML reports.');
  }
  const CAPTION_H = 0.5;
  const fit = Math.min(CONTENT_W / map.width, (BODY_H - CAPTION_H) / map.height);
  const w = map.width * fit;
  const h = map.height * fit;
  slide.addImage({
    data: `image/png;base64,${png.toString('base64')}`,
    x: MARGIN + (CONTENT_W - w) / 2,
    y: BODY_Y,
    w,
    h,
    altText: `ATT&CK heat map: ${m.heatmap.columns.reduce((n, c) => n + c.cells.length, 0)} techniques tested under ${m.heatmap.columns.length} tactics`,
  });
  slide.addText(
    `Each cell is a technique tested, coloured by the ${m.heatmap.rule} outcome of its tests; ` +
      'the fraction counts its procedures detected.',
    {
      x: MARGIN,
      y: BODY_Y + h + 0.15,
      w: CONTENT_W,
      h: CAPTION_H - 0.15,
      fontFace: FONT,
      fontSize: 12,
      color: MUTED,
      margin: 0,
    },
  );
}

export function tacticSlides(deck: P.Deck, m: ReportModel, footer: string): void {
  const header = ['Tactic', 'Tests', 'Reviewed', 'Detected', 'Prevented', 'Detection rate'];
  const rows = m.tactics.map((t) => [
    t.tactic,
    String(t.tests),
    String(t.reviewed),
    String(t.detected),
    String(t.prevented),
    t.rate,
  ]);
  const pages = Math.max(1, Math.ceil(rows.length / TACTIC_ROWS));
  for (let p = 0; p < pages; p++) {
    const title = pages > 1 ? `Results by tactic (${p + 1}/${pages})` : 'Results by tactic';
    const slide = contentSlide(deck, title, footer);
    const chunk = rows.slice(p * TACTIC_ROWS, (p + 1) * TACTIC_ROWS);
    if (!chunk.length) note(slide, 'No test is tagged with an ATT&CK tactic.');
    else table(slide, header, chunk, { cols: [3, 1, 1, 1, 1, 1.4], fontSize: 13 });
  }
}

export function gapsSlide(deck: P.Deck, m: ReportModel, footer: string): void {
  const gaps = detectionGaps(m);
  const slide = contentSlide(deck, gaps.title, footer);
  if (!gaps.rows.length) return note(slide, 'Every reviewed test was detected or prevented.');
  const more = gaps.total > TOP ? ` (the first ${TOP} of ${gaps.total})` : '';
  const widths =
    gaps.header.length === 6 ? [0.5, 4, 1.2, 1.4, 1.8, 1.6] : [0.7, 3.6, 1.6, 1.6, 3.6];
  table(slide, gaps.header, gaps.rows, { cols: widths, fontSize: 12 });
  if (more)
    note(
      slide,
      `${gaps.total} in all${more}; every one is in the full report.`,
      BODY_Y + BODY_H - 0.5,
    );
}

export function timeSlide(deck: P.Deck, m: ReportModel, footer: string): void {
  const slide = contentSlide(deck, 'Time to detect and alert', footer);
  const figures = m.keyNumbers.filter((k) => /time to (detect|alert)/i.test(k.label));
  slide.addText(
    figures.flatMap((k) => [
      { text: `${k.label}: `, options: { color: INK } },
      { text: k.value, options: { bold: true, color: INK } },
      { text: k.hint ? `   ${k.hint}` : '', options: { color: MUTED, breakLine: true } },
    ]),
    {
      x: MARGIN,
      y: BODY_Y,
      w: CONTENT_W,
      h: 1,
      fontFace: FONT,
      fontSize: 18,
      margin: 0,
      valign: 'top',
    },
  );
  const rows = slowestDetections(m);
  if (!rows.length) return note(slide, 'No tool recorded a detection time yet.', BODY_Y + 1.2);
  slide.addText('Slowest detections (attack start to the first tool that saw it)', {
    x: MARGIN,
    y: BODY_Y + 1.1,
    w: CONTENT_W,
    h: 0.4,
    fontFace: FONT,
    fontSize: 14,
    bold: true,
    color: INK,
    margin: 0,
  });
  table(slide, ['Test', 'Name', 'First detected by', 'After'], rows, {
    y: BODY_Y + 1.6,
    cols: [0.8, 5, 2.4, 1.4],
    fontSize: 12,
  });
}
