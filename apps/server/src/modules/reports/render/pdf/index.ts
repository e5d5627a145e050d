/**
 * The PDF report (pdfkit): embedded DejaVu fonts, an outline (bookmarks) of every heading, a
 * table of contents with page numbers and links, running header and footer.
 *
 * Pages are buffered (`bufferPages`) so the TOC reserved after the cover and "Page n of N" can be
 * filled in once layout is done. What stays in memory is each page's content stream (text and
 * vector operators, a few KB a page); images, fonts and other objects are written to `out` as
 * they are made. Measured for 1,000 tests + 200 images in pdf-size.test.ts.
 */
import PDFDocument from 'pdfkit';
import type { ReportModel, ReportRenderer } from '../../model/report-model.js';
import { drawChrome } from './chrome.js';
import { BODY_FONT_FILE, registerFonts } from './fonts.js';
import { MARGIN, PdfWriter, type TocEntry } from './layout.js';
import { writeMethodology } from './sections/appendix.js';
import { writeCover } from './sections/cover.js';
import { writeHeatmap } from './sections/heatmap.js';
import { writeManifest, writeTactics } from './sections/listings.js';
import { writeCharts, writeKeyNumbers, writeSummary } from './sections/overview.js';
import { writeTests } from './sections/tests.js';
import { sectionTitle, HEADED_SECTIONS } from './text.js';
import { dest, fillToc, planToc, reserveToc } from './toc.js';

type Progress = (done: number, total: number) => Promise<void> | void;
type Headed = (typeof HEADED_SECTIONS)[number];

/** Sections that continue on the current page when it has room; the others open a page. */
const FLOWING = new Set<Headed>(['key_numbers', 'charts', 'tactics']);

async function layout(w: PdfWriter, model: ReportModel, entries: TocEntry[], progress: Progress): Promise<void> {
  writeCover(w, model);
  let tocPages: number[] = [];
  for (const section of model.sections) {
    if (section === 'toc') {
      tocPages = reserveToc(w, entries);
      continue;
    }
    const s = section as Headed;
    const title = sectionTitle(s);
    if (s === 'heatmap') w.heading(1, title, dest.section(s), { newPage: 'landscape' });
    else if (FLOWING.has(s) && w.orientation === 'portrait' && w.room() > w.doc.page.height * 0.4 && w.pageNumber > 1 + tocPages.length)
      w.heading(1, title, dest.section(s));
    else w.heading(1, title, dest.section(s), { newPage: 'portrait' });
    switch (s) {
      case 'executive_summary':
        writeSummary(w, model);
        break;
      case 'key_numbers':
        writeKeyNumbers(w, model.keyNumbers);
        break;
      case 'charts':
        writeCharts(w, model.charts);
        break;
      case 'heatmap':
        writeHeatmap(w, model.heatmap);
        break;
      case 'tactics':
        writeTactics(w, model.tactics);
        break;
      case 'tests':
        await writeTests(w, model, progress);
        break;
      case 'evidence_manifest':
        writeManifest(w, model.evidenceManifest);
        break;
      case 'methodology':
        writeMethodology(w, model, { levels: 'app-levels', redaction: 'app-redaction' });
        break;
    }
  }
  fillToc(w, tocPages, entries);
}

async function render(model: ReportModel, out: NodeJS.WritableStream, progress: Progress): Promise<void> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    font: BODY_FONT_FILE,
    pdfVersion: '1.7',
    lang: 'en',
    displayTitle: true,
    info: {
      Title: `${model.cover.missionName} — ${model.cover.clientName}`,
      Author: model.cover.generatedBy,
      Subject: 'Purple-team exercise report',
      Creator: 'Metamorph',
      CreationDate: model.generatedAt,
    },
  });
  registerFonts(doc);
  const finished = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
    doc.once('error', reject);
  });
  doc.pipe(out);
  const entries = planToc(model);
  const w = new PdfWriter(doc, new Map(entries.map((e) => [e.dest, e])));
  doc.addPage({ size: 'A4', margins: MARGIN });
  try {
    await layout(w, model, entries, progress);
    drawChrome(w, model);
  } catch (err) {
    finished.catch(() => undefined);
    doc.unpipe(out);
    throw err;
  }
  doc.end();
  await finished;
}

export const pdfRenderer: ReportRenderer = {
  format: 'pdf',
  mime: 'application/pdf',
  extension: 'pdf',
  render,
};
