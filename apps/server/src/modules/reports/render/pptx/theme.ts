/** The deck's look: 16:9 slides, the reports' palette, one title bar and footer per slide. */
import type * as P from './pptxgen.js';

/** LAYOUT_WIDE: 13.33 × 7.5 inches. */
export const SLIDE_W = 13.333;
export const SLIDE_H = 7.5;
export const MARGIN = 0.5;
export const CONTENT_W = SLIDE_W - 2 * MARGIN;
/** Top of the content area (below the title). */
export const BODY_Y = 1.35;
/** Height of the content area (above the footer). */
export const BODY_H = SLIDE_H - BODY_Y - 0.6;

export const FONT = 'Calibri';
export const INK = '212529';
export const MUTED = '6C757D';
export const ACCENT = '5F3DC4';
export const DARK = '343A40';
export const RULE = 'DEE2E6';
export const ZEBRA = 'F8F9FA';

/** "#aabbcc" → "AABBCC" (pptxgenjs wants hex without the hash). */
export const hex = (colour: string): string => colour.replace(/^#/, '').toUpperCase();

/** A slide with its title (a native text box) and the footer: mission name and slide number. */
export function contentSlide(deck: P.Deck, title: string, footer: string): P.Slide {
  const slide = deck.addSlide();
  slide.addShape('rect', { x: 0, y: 0, w: SLIDE_W, h: 0.12, fill: { color: ACCENT } });
  slide.addText(title, {
    x: MARGIN,
    y: 0.35,
    w: CONTENT_W,
    h: 0.8,
    fontFace: FONT,
    fontSize: 28,
    bold: true,
    color: INK,
    valign: 'middle',
    margin: 0,
  });
  slide.addText(footer, {
    x: MARGIN,
    y: SLIDE_H - 0.45,
    w: CONTENT_W - 1,
    h: 0.3,
    fontFace: FONT,
    fontSize: 10,
    color: MUTED,
    margin: 0,
  });
  slide.slideNumber = {
    x: SLIDE_W - MARGIN - 0.6,
    y: SLIDE_H - 0.45,
    w: 0.6,
    h: 0.3,
    fontSize: 10,
    color: MUTED,
    align: 'right',
  };
  return slide;
}

type Row = P.TableRow;

/** A native table: a dark bold header row, zebra rows, thin rules. */
export function table(
  slide: P.Slide,
  header: string[],
  rows: Array<Array<string | P.TableCell>>,
  opts: {
    y?: number;
    /** Column shares of the content width. */ cols: number[];
    fontSize?: number;
  },
): void {
  const fontSize = opts.fontSize ?? 12;
  const total = opts.cols.reduce((a, b) => a + b, 0);
  const head: Row = header.map((text) => ({
    text,
    options: { bold: true, color: 'FFFFFF', fill: { color: DARK } },
  }));
  const body: Row[] = rows.map((r, i) =>
    r.map((c) =>
      typeof c === 'string' ? { text: c, options: i % 2 ? { fill: { color: ZEBRA } } : {} } : c,
    ),
  );
  slide.addTable([head, ...body], {
    x: MARGIN,
    y: opts.y ?? BODY_Y,
    w: CONTENT_W,
    colW: opts.cols.map((c) => (c / total) * CONTENT_W),
    fontFace: FONT,
    fontSize,
    color: INK,
    border: { type: 'solid', pt: 0.5, color: RULE },
    valign: 'middle',
    margin: 0.05,
  });
}

/** A muted sentence where a slide has nothing to show. */
export function note(slide: P.Slide, text: string, y = BODY_Y): void {
  slide.addText(text, {
    x: MARGIN,
    y,
    w: CONTENT_W,
    h: 0.5,
    fontFace: FONT,
    fontSize: 16,
    italic: true,
    color: MUTED,
    margin: 0,
  });
}
