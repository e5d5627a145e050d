/**
 * The PDF page model: A4 pages with fixed margins, a cursor, headings that become outline
 * (bookmark) entries, named destinations and table-of-contents page numbers, and the small
 * drawing primitives every section uses (labels, paragraphs, chips, monospace boxes).
 */
import { FONT, type FontName } from './fonts.js';
import { textOn } from './text.js';
import { C, HEADING, MARGIN, type Orientation, type TocEntry } from './theme.js';
import { hardWrap } from './wrap.js';

export { C, MARGIN, type Orientation, type TocEntry } from './theme.js';

interface FontState {
  name: FontName;
  size: number;
  colour: string;
}

export class PdfWriter {
  private readonly outlineStack: PDFKit.PDFOutline[] = [];
  private created = 0;
  private fontState: FontState = { name: FONT.body, size: 9, colour: C.body };
  /** Pages created after this many get `tocPages` added to their number (the TOC goes there). */
  private tocAfter = Number.POSITIVE_INFINITY;
  private tocPages = 0;
  private tocWriteStart: number | null = null;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly toc: ReadonlyMap<string, TocEntry>,
    /** Called on each new page, before anything is written on it (running header/footer). */
    private readonly onPage: (w: PdfWriter) => void,
    /** The finished PDF's page count, from the counting pass (null during that pass). */
    readonly totalPages: number | null = null,
  ) {
    doc.on('pageAdded', () => {
      this.created++;
      const { x, y } = doc;
      const saved = this.fontState;
      this.onPage(this);
      this.font(saved.name, saved.size, saved.colour);
      doc.x = x;
      doc.y = y;
    });
  }

  /** The TOC's pages will be moved to follow the pages created so far. */
  reserveTocPages(count: number): void {
    this.tocAfter = this.created;
    this.tocPages = count;
  }
  /** Where the TOC's pages go (0-based) and how many, or null when there is no TOC. */
  get tocSlot(): { at: number; count: number } | null {
    return Number.isFinite(this.tocAfter) ? { at: this.tocAfter, count: this.tocPages } : null;
  }

  get left(): number {
    return this.doc.page.margins.left;
  }
  get right(): number {
    return this.doc.page.width - this.doc.page.margins.right;
  }
  get width(): number {
    return this.right - this.left;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  get top(): number {
    return this.doc.page.margins.top;
  }
  get y(): number {
    return this.doc.y;
  }
  set y(v: number) {
    this.doc.y = v;
  }
  get orientation(): Orientation {
    return this.doc.page.width > this.doc.page.height ? 'landscape' : 'portrait';
  }
  /** 1-based number of pages created so far (in creation order). */
  get createdPages(): number {
    return this.created;
  }
  /**
   * The number the current page will carry in the finished PDF: pages are written once (no
   * buffering), and the TOC's pages, written last, are moved in front of the pages that
   * followed the point where the TOC belongs.
   */
  get pageNumber(): number {
    if (this.tocWriteStart != null && this.created > this.tocWriteStart) {
      return this.tocAfter + (this.created - this.tocWriteStart);
    }
    return this.created > this.tocAfter ? this.created + this.tocPages : this.created;
  }
  /** Marks the start of the TOC's own pages (written after everything else). */
  beginToc(): void {
    this.tocWriteStart = this.created;
  }
  room(): number {
    return this.bottom - this.y;
  }

  newPage(orientation: Orientation = 'portrait'): void {
    this.doc.addPage({ size: 'A4', layout: orientation, margins: MARGIN });
    this.doc.x = this.left;
    this.y = this.top;
  }

  /** Starts a new page (same orientation) unless `height` points are left on this one. */
  ensure(height: number): void {
    if (this.room() < height) this.newPage(this.orientation);
  }

  gap(points: number): void {
    this.y = Math.min(this.y + points, this.bottom);
  }

  font(name: FontName, size: number, colour: string = C.body): PDFKit.PDFDocument {
    this.fontState = { name, size, colour };
    return this.doc.font(name).fontSize(size).fillColor(colour);
  }

  /** A heading: outline entry, named destination, TOC page; level 1 may open a page. */
  heading(
    level: 1 | 2 | 3,
    title: string,
    dest: string,
    opts: { newPage?: Orientation } = {},
  ): void {
    const h = HEADING[level];
    if (opts.newPage) this.newPage(opts.newPage);
    else {
      this.ensure(h.keep);
      if (this.y > this.top) this.gap(h.before);
    }
    this.doc.addNamedDestination(dest, 'XYZ', 0, this.doc.page.height - this.y + 8, null);
    const parent =
      level === 1 ? this.doc.outline : (this.outlineStack[level - 2] ?? this.doc.outline);
    this.outlineStack.length = level - 1;
    this.outlineStack.push(parent.addItem(title, { expanded: level === 1 }));
    const entry = this.toc.get(dest);
    if (entry) entry.page = this.pageNumber;

    const colour = level === 1 ? C.accent : C.ink;
    this.font(FONT.bold, h.size, colour).text(title, this.left, this.y, {
      width: this.width,
      lineGap: 1,
    });
    if (level === 1) {
      this.gap(3);
      this.doc
        .moveTo(this.left, this.y)
        .lineTo(this.right, this.y)
        .lineWidth(1.2)
        .strokeColor(C.accent)
        .stroke();
    }
    this.gap(h.after);
  }

  /** Small uppercase label above a block ("COMMAND", "OUTPUT"). */
  label(text: string, x = this.left): void {
    this.ensure(40);
    const y = this.y;
    this.font(FONT.bold, 7, C.muted).text(text.toUpperCase(), x, y, {
      lineBreak: false,
    });
    this.y = y + this.doc.currentLineHeight(true) + 3;
  }

  para(
    text: string,
    opts: {
      size?: number;
      colour?: string;
      font?: FontName;
      x?: number;
      width?: number;
      after?: number;
    } = {},
  ): void {
    const x = opts.x ?? this.left;
    this.font(opts.font ?? FONT.body, opts.size ?? 9, opts.colour ?? C.body).text(text, x, this.y, {
      width: opts.width ?? this.right - x,
      lineGap: 1.6,
    });
    this.gap(opts.after ?? 5);
  }

  /** A rounded colour chip with a readable label; returns its width. */
  chip(x: number, y: number, label: string, colour: string, size = 7.5): number {
    this.font(FONT.bold, size);
    const w = this.doc.widthOfString(label) + size * 1.4;
    const h = size * 1.75;
    this.doc
      .roundedRect(x, y, w, h, h / 2)
      .fillColor(colour)
      .fill();
    this.font(FONT.bold, size, textOn(colour)).text(label, x + size * 0.7, y + size * 0.36, {
      lineBreak: false,
    });
    return w;
  }

  /** A square legend swatch followed by its label; returns the width used. */
  swatch(x: number, y: number, label: string, colour: string, size = 7.5): number {
    this.doc
      .rect(x, y + 0.5, size + 1, size + 1)
      .fillColor(colour)
      .fill();
    this.doc
      .rect(x, y + 0.5, size + 1, size + 1)
      .lineWidth(0.4)
      .strokeColor(C.faint)
      .stroke();
    this.font(FONT.body, size, C.muted).text(label, x + size + 5, y + 0.5, { lineBreak: false });
    return size + 5 + this.doc.widthOfString(label) + 14;
  }

  /**
   * Monospace text in a shaded box, hard-wrapped at the box width (long tokens — hashes,
   * base64 — are cut, never overflow), split across pages with the box redrawn on each.
   */
  monoBox(text: string, opts: { note?: string | null; size?: number; x?: number } = {}): void {
    const size = opts.size ?? 7.4;
    const x = opts.x ?? this.left;
    const width = this.right - x;
    const pad = 5;
    this.font(FONT.mono, size, C.ink);
    const charW = this.doc.widthOfString('0');
    const perLine = Math.max(10, Math.floor((width - 2 * pad) / charW));
    const lines = hardWrap(text, perLine);
    const lineH = size * 1.32;
    let i = 0;
    while (i < lines.length) {
      if (this.room() < 2 * pad + lineH * Math.min(3, lines.length - i))
        this.newPage(this.orientation);
      const n = Math.max(
        1,
        Math.min(lines.length - i, Math.floor((this.room() - 2 * pad) / lineH)),
      );
      const h = n * lineH + 2 * pad;
      const top = this.y;
      this.doc.rect(x, top, width, h).fillColor(C.box).fill();
      this.doc.rect(x, top, width, h).lineWidth(0.5).strokeColor(C.boxBorder).stroke();
      this.font(FONT.mono, size, C.ink);
      for (let k = 0; k < n; k++) {
        const line = lines[i + k];
        if (line) this.doc.text(line, x + pad, top + pad + k * lineH, { lineBreak: false });
      }
      i += n;
      this.y = top + h;
    }
    if (opts.note) {
      this.gap(2);
      this.para(opts.note, { font: FONT.italic, size: 7, colour: C.muted, x, after: 2 });
    }
    this.gap(6);
  }
}
