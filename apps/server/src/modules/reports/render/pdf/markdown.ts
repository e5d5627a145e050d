/** Markdown blocks (md-blocks.ts) laid out on the PDF: headings, paragraphs, lists, code, tables. */
import { FONT, runFont } from './fonts.js';
import { C, type PdfWriter } from './layout.js';
import { parseMarkdown, runsText, type Block, type Run } from './md-blocks.js';
import { table } from './tables.js';

export interface MdStyle {
  size: number;
  colour: string;
}

const BODY: MdStyle = { size: 9, colour: C.body };

/** Styled runs as one wrapped paragraph (pdfkit `continued` text). */
export function writeRuns(
  w: PdfWriter,
  runs: readonly Run[],
  x: number,
  style: MdStyle,
  bold = false,
): void {
  const width = w.right - x;
  const parts = runs.filter((r) => r.text.length > 0);
  if (parts.length === 0) return;
  w.ensure(style.size * 2.4);
  w.doc.x = x;
  parts.forEach((r, i) => {
    const last = i === parts.length - 1;
    const colour = r.href ? C.link : r.code ? '#862e9c' : style.colour;
    w.font(
      runFont(bold || r.bold, r.italic, r.code),
      r.code ? style.size * 0.92 : style.size,
      colour,
    );
    const opts: PDFKit.Mixins.TextOptions = { width, lineGap: 1.6, continued: !last };
    if (r.href) {
      opts.link = r.href;
      opts.underline = true;
    } else {
      opts.link = null;
      opts.underline = false;
    }
    if (i === 0) w.doc.text(r.text, x, w.y, opts);
    else w.doc.text(r.text, opts);
  });
  w.doc.x = w.left;
}

function writeBlock(w: PdfWriter, b: Block, x: number, style: MdStyle): void {
  switch (b.kind) {
    case 'heading': {
      const size =
        b.level <= 1 ? style.size + 3.5 : b.level === 2 ? style.size + 2 : style.size + 0.8;
      w.ensure(size * 4);
      w.gap(3);
      writeRuns(w, b.runs, x, { size, colour: C.ink }, true);
      w.gap(3);
      return;
    }
    case 'paragraph':
      writeRuns(w, b.runs, x, style);
      w.gap(4);
      return;
    case 'list': {
      b.items.forEach((item, i) => {
        const marker = b.ordered ? `${b.start + i}.` : '•';
        w.ensure(style.size * 2.4);
        const y = w.y;
        w.font(b.ordered ? FONT.body : FONT.bold, style.size, C.muted).text(marker, x + 2, y, {
          width: 14,
          lineBreak: false,
        });
        w.y = y;
        item.forEach((child, j) => {
          writeBlock(w, child, x + 16, style);
          if (child.kind === 'paragraph' && j === item.length - 1) w.gap(-2.5);
        });
      });
      w.gap(3);
      return;
    }
    case 'code':
      w.monoBox(b.text, { x, size: style.size * 0.82 });
      return;
    case 'quote': {
      const top = w.y;
      const page = w.pageNumber;
      b.blocks.forEach((child) => writeBlock(w, child, x + 12, { ...style, colour: C.muted }));
      if (w.pageNumber === page) {
        w.doc
          .rect(x + 2, top, 2, Math.max(4, w.y - top - 4))
          .fillColor(C.rule)
          .fill();
      }
      return;
    }
    case 'table': {
      const cols = Math.max(b.header.length, ...b.rows.map((r) => r.length), 1);
      const header = Array.from({ length: cols }, (_, i) => runsText(b.header[i] ?? []));
      table(
        w,
        header.map((h) => ({ header: h, share: 1 })),
        b.rows.map((r) => Array.from({ length: cols }, (_, i) => runsText(r[i] ?? []))),
        { size: style.size - 1 },
      );
      return;
    }
    case 'rule':
      w.gap(4);
      w.doc.moveTo(x, w.y).lineTo(w.right, w.y).lineWidth(0.5).strokeColor(C.rule).stroke();
      w.gap(8);
      return;
  }
}

/** Writes markdown at the cursor; returns false when there was nothing to write. */
export function writeMarkdown(
  w: PdfWriter,
  source: string | null | undefined,
  opts: { x?: number; style?: Partial<MdStyle> } = {},
): boolean {
  const blocks = parseMarkdown(source);
  const style = { ...BODY, ...opts.style };
  for (const b of blocks) writeBlock(w, b, opts.x ?? w.left, style);
  return blocks.length > 0;
}
