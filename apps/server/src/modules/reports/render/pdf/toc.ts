/**
 * The table of contents: planned from the model before layout (so its page count is known and
 * its pages can be reserved right after the cover), written after layout with the page each
 * heading landed on (no `bufferPages`: its pages are moved into place), every line a link.
 */
import type { ReportModel } from '../../model/report-model.js';
import { FONT } from './fonts.js';
import { C, MARGIN, type PdfWriter, type TocEntry } from './layout.js';
import { findingLabel, groupByScenario, HEADED_SECTIONS, sectionTitle } from './text.js';

export const dest = {
  section: (s: string): string => `sec-${s}`,
  scenario: (i: number): string => `scn-${i}`,
  test: (id: string): string => `test-${id}`,
  finding: (n: number): string => `fnd-${n}`,
};

const LINE = {
  1: { h: 17, size: 9.5, indent: 0 },
  2: { h: 13.5, size: 8.6, indent: 14 },
  3: { h: 12, size: 8, indent: 28 },
};
const TITLE_H = 44;

export function planToc(model: ReportModel): TocEntry[] {
  const entries: TocEntry[] = [];
  for (const s of model.sections) {
    if (!(HEADED_SECTIONS as readonly string[]).includes(s)) continue;
    entries.push({ level: 1, title: sectionTitle(s), dest: dest.section(s), page: null });
    if (s === 'findings') {
      for (const f of model.findings.items) {
        entries.push({
          level: 2,
          title: findingLabel(f),
          dest: dest.finding(f.number),
          page: null,
        });
      }
    }
    if (s !== 'tests') continue;
    for (const g of groupByScenario(model.tests)) {
      entries.push({ level: 2, title: g.name, dest: dest.scenario(g.index), page: null });
      for (const t of g.tests) {
        entries.push({
          level: 3,
          title: `${t.number}  ${t.name}`,
          dest: dest.test(t.id),
          page: null,
        });
      }
    }
  }
  return entries;
}

/** Splits entries into pages of the usable height (each entry is one line, cut to fit). */
function paginate(entries: TocEntry[], usable: number): TocEntry[][] {
  const pages: TocEntry[][] = [[]];
  let y = TITLE_H;
  for (const e of entries) {
    const h = LINE[e.level].h;
    if (y + h > usable) {
      pages.push([]);
      y = 0;
    }
    pages[pages.length - 1]?.push(e);
    y += h;
  }
  return pages;
}

/** Sets aside the TOC's page count at this point of the report (its pages are written last). */
export function reserveToc(w: PdfWriter, entries: TocEntry[]): void {
  w.reserveTocPages(paginate(entries, w.doc.page.height - MARGIN.top - MARGIN.bottom).length);
}

/**
 * pdfkit writes the page tree (its Kids array) only at the end, so pages written earlier can
 * still be reordered there. pdfkit's own outline code reads the same array; it is not typed.
 */
interface PageTree {
  _root: { data: { Pages: { data: { Kids: unknown[] } } } };
}

function moveLastPages(doc: PDFKit.PDFDocument, count: number, to: number): void {
  const kids = (doc as unknown as PageTree)._root.data.Pages.data.Kids;
  const moved = kids.splice(kids.length - count, count);
  kids.splice(to, 0, ...moved);
}

function fit(w: PdfWriter, text: string, width: number): string {
  if (w.doc.widthOfString(text) <= width) return text;
  let s = text;
  while (s.length > 1 && w.doc.widthOfString(`${s}…`) > width) s = s.slice(0, -1);
  return `${s.trimEnd()}…`;
}

/** Writes the TOC on new pages at the end, then moves them where the TOC was reserved. */
export function writeToc(w: PdfWriter, entries: TocEntry[]): void {
  const slot = w.tocSlot;
  if (!slot) return;
  const pages = paginate(entries, w.doc.page.height - MARGIN.top - MARGIN.bottom);
  w.beginToc();
  pages.forEach((list, p) => {
    w.newPage();
    let y = w.top;
    if (p === 0) {
      w.font(FONT.bold, 17, C.accent).text('Contents', w.left, y, { lineBreak: false });
      w.doc
        .moveTo(w.left, y + 24)
        .lineTo(w.right, y + 24)
        .lineWidth(1.2)
        .strokeColor(C.accent)
        .stroke();
      y += TITLE_H;
    }
    for (const e of list) {
      const line = LINE[e.level];
      const top = e.level === 1 ? y + 4 : y;
      const x = w.left + line.indent;
      const num = e.page == null ? '' : String(e.page);
      w.font(e.level === 1 ? FONT.bold : FONT.body, line.size, e.level === 1 ? C.ink : C.body);
      const numW = w.doc.widthOfString(num);
      const title = fit(w, e.title, w.right - x - numW - 24);
      const titleW = w.doc.widthOfString(title);
      w.doc.text(title, x, top, { lineBreak: false });
      w.doc.text(num, w.right - numW, top, { lineBreak: false });
      const dotsFrom = x + titleW + 6;
      const dotsTo = w.right - numW - 6;
      if (dotsTo > dotsFrom) {
        w.doc
          .moveTo(dotsFrom, top + line.size * 0.95)
          .lineTo(dotsTo, top + line.size * 0.95)
          .lineWidth(0.6)
          .dash(0.6, { space: 2.4 })
          .strokeColor(C.faint)
          .stroke()
          .undash();
      }
      w.doc.goTo(x, top - 1, w.right - x, line.size + 3, e.dest);
      y += line.h;
    }
  });
  moveLastPages(w.doc, pages.length, slot.at);
}
