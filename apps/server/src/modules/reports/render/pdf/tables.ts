/**
 * Tables that fit the page: column widths are fractions of the text width, cells wrap, a row
 * never splits, the header is repeated after a page break, and cells may be colour chips.
 */
import { FONT, type FontName } from './fonts.js';
import { C, type PdfWriter } from './layout.js';

export interface Column {
  header: string;
  /** Share of the table width (the shares are normalised). */
  share: number;
  align?: 'left' | 'right' | 'center';
}

export interface CellSpec {
  text: string;
  font?: FontName;
  size?: number;
  colour?: string;
  /** Draw the text as a colour chip of this colour. */
  chip?: string | null;
  /** A second, smaller line under the text (file caption, tool layer). */
  sub?: string | null;
}
export type Cell = string | CellSpec;

export interface TableOptions {
  size?: number;
  /** No header row: a key/value list whose first column is a label. */
  headless?: boolean;
  zebra?: boolean;
}

const PAD_X = 4.5;
const PAD_Y = 3.6;

const spec = (c: Cell): CellSpec => (typeof c === 'string' ? { text: c } : c);

export function table(
  w: PdfWriter,
  columns: Column[],
  rows: Cell[][],
  opts: TableOptions = {},
): void {
  const size = opts.size ?? 8;
  const total = columns.reduce((s, c) => s + c.share, 0);
  const widths = columns.map((c) => (c.share / total) * w.width);
  const xs = widths.map((_, i) => w.left + widths.slice(0, i).reduce((s, v) => s + v, 0));
  const doc = w.doc;

  const cellHeight = (c: CellSpec, i: number, bold: boolean): number => {
    const inner = (widths[i] ?? 0) - 2 * PAD_X;
    const s = c.size ?? size;
    if (c.chip) return s * 1.75;
    w.font(bold ? FONT.bold : (c.font ?? FONT.body), s);
    let h = doc.heightOfString(c.text || ' ', { width: inner, lineGap: 1 });
    if (c.sub) {
      w.font(FONT.body, s - 1);
      h += 1.5 + doc.heightOfString(c.sub, { width: inner, lineGap: 0.5 });
    }
    return h;
  };
  const rowHeight = (cells: CellSpec[], bold: boolean): number =>
    Math.max(...cells.map((c, i) => cellHeight(c, i, bold))) + 2 * PAD_Y;

  const drawRow = (cells: CellSpec[], h: number, header: boolean, shade: string | null): void => {
    const top = w.y;
    if (shade) doc.rect(w.left, top, w.width, h).fillColor(shade).fill();
    cells.forEach((c, i) => {
      const x = (xs[i] ?? 0) + PAD_X;
      const inner = (widths[i] ?? 0) - 2 * PAD_X;
      const s = c.size ?? size;
      const align = columns[i]?.align ?? 'left';
      if (c.chip) {
        w.chip(x, top + PAD_Y - 0.5, c.text, c.chip, s - 0.5);
        return;
      }
      const font = header ? FONT.bold : (c.font ?? FONT.body);
      const colour = header ? C.muted : (c.colour ?? C.body);
      w.font(font, s, colour).text(c.text, x, top + PAD_Y, {
        width: inner,
        align,
        lineGap: 1,
      });
      if (c.sub) {
        w.font(FONT.body, s - 1, C.faint).text(c.sub, x, doc.y + 1.5, {
          width: inner,
          align,
          lineGap: 0.5,
        });
      }
    });
    doc
      .moveTo(w.left, top + h)
      .lineTo(w.right, top + h)
      .lineWidth(header ? 0.9 : 0.4)
      .strokeColor(header ? C.faint : C.rule)
      .stroke();
    w.y = top + h;
  };

  const headerCells: CellSpec[] = columns.map((c) => ({
    text: c.header.toUpperCase(),
    size: size - 1,
  }));
  const headerH = opts.headless ? 0 : rowHeight(headerCells, true);
  const drawHeader = (): void => {
    if (!opts.headless) drawRow(headerCells, headerH, true, C.accentSoft);
  };

  const firstH = rows[0] ? rowHeight(rows[0].map(spec), false) : 0;
  w.ensure(headerH + firstH + 4);
  drawHeader();
  rows.forEach((raw, r) => {
    const cells = raw.map(spec);
    const h = rowHeight(cells, false);
    if (w.room() < h) {
      w.newPage(w.orientation);
      drawHeader();
    }
    const shade = opts.zebra !== false && r % 2 === 1 ? C.zebra : null;
    drawRow(cells, h, false, shade);
  });
  w.gap(8);
}

/** Label/value rows (test facts, cover facts): a narrow bold label column. */
export function facts(
  w: PdfWriter,
  rows: Array<[string, Cell]>,
  labelShare = 0.24,
  size = 8.2,
): void {
  table(
    w,
    [
      { header: '', share: labelShare },
      { header: '', share: 1 - labelShare },
    ],
    rows.map(([k, v]) => [{ text: k, font: FONT.bold, colour: C.muted, size }, v]),
    { headless: true, zebra: false, size },
  );
}
