/**
 * The PDF report (pdfkit): embedded DejaVu fonts, an outline (bookmarks) of every heading, a
 * table of contents with page numbers and links, running header and footer.
 *
 * Pages stream out as they fill: no `bufferPages`. Buffering (to fill a TOC in front and print
 * "Page n of N") kept every page's content stream and its pdfkit objects in the heap: measured
 * +165 MB of live heap per 1,000 tests, growing with the mission. Instead the TOC's page count
 * is planned from the model (one line per entry), the headings' page numbers are known as they
 * are laid out, the TOC is written last and its pages are moved after the cover in the page
 * tree (written at the end).
 *
 * "Page n of N": the layout is deterministic (same model, same fonts, same measurements), so
 * the report is laid out twice. The first pass writes into a sink that drops every byte, with
 * compression off, and only counts the pages; the second writes the file with the total in
 * every footer (the footer's width never moves anything else). Memory stays flat (each pass
 * streams); the cost is the first pass's layout time (docs/reports.md has the figures).
 * Progress is reported per test by the second pass.
 */
import { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { ReportModel, ReportRenderer } from '../../model/report-model.js';
import { drawChrome } from './chrome.js';
import { BODY_FONT_FILE, registerFonts } from './fonts.js';
import { MARGIN, PdfWriter, type TocEntry } from './layout.js';
import { writeMethodology } from './sections/appendix.js';
import { writeCover } from './sections/cover.js';
import { writeBeforeAfter, writeFindings } from './sections/findings.js';
import { writeHeatmap } from './sections/heatmap.js';
import { writeManifest, writeTactics } from './sections/listings.js';
import { writeCharts, writeKeyNumbers, writeSummary } from './sections/overview.js';
import { writeTests } from './sections/tests.js';
import type { HEADED_SECTIONS } from './text.js';
import { sectionTitle } from './text.js';
import { dest, planToc, reserveToc, writeToc } from './toc.js';

type Progress = (done: number, total: number) => Promise<void> | void;
type Headed = (typeof HEADED_SECTIONS)[number];

/** Sections that continue on the current page when it has room; the others open a page. */
const FLOWING = new Set<Headed>(['key_numbers', 'charts', 'tactics']);
/** Wide content: the matrix, and the manifest (a full SHA-256 on one readable line). */
const LANDSCAPE = new Set<Headed>(['heatmap', 'evidence_manifest']);

async function layout(
  w: PdfWriter,
  model: ReportModel,
  entries: TocEntry[],
  progress: Progress,
): Promise<void> {
  writeCover(w, model);
  for (const section of model.sections) {
    if (section === 'toc') {
      reserveToc(w, entries);
      continue;
    }
    const s = section as Headed;
    const title = sectionTitle(s);
    if (LANDSCAPE.has(s)) w.heading(1, title, dest.section(s), { newPage: 'landscape' });
    else if (
      FLOWING.has(s) &&
      w.orientation === 'portrait' &&
      w.room() > w.doc.page.height * 0.4 &&
      w.createdPages > 1
    )
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
      case 'findings':
        writeFindings(w, model.findings);
        break;
      case 'before_after':
        if (model.beforeAfter) writeBeforeAfter(w, model.beforeAfter);
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
  writeToc(w, entries);
}

function newDocument(model: ReportModel, compress: boolean): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    autoFirstPage: false,
    compress,
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
  return doc;
}

/** One layout of the report into `out`; answers the number of pages written. */
async function pass(
  model: ReportModel,
  out: NodeJS.WritableStream,
  progress: Progress,
  opts: { totalPages: number | null; compress: boolean },
): Promise<number> {
  const doc = newDocument(model, opts.compress);
  const finished = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
    doc.once('error', reject);
  });
  doc.pipe(out);
  const entries = planToc(model);
  const w = new PdfWriter(
    doc,
    new Map(entries.map((e) => [e.dest, e])),
    (writer) => drawChrome(writer, model),
    opts.totalPages,
  );
  doc.addPage({ size: 'A4', margins: MARGIN });
  try {
    await layout(w, model, entries, progress);
  } catch (err) {
    finished.catch(() => undefined);
    doc.unpipe(out);
    throw err;
  }
  doc.end();
  await finished;
  return w.createdPages;
}

/** A stream that drops what it is given (the counting pass). */
const sink = (): Writable =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

/** Lays the report out once to count its pages (nothing kept), then writes it with the total. */
export async function countPdfPages(model: ReportModel): Promise<number> {
  return pass(model, sink(), () => undefined, { totalPages: null, compress: false });
}

async function render(
  model: ReportModel,
  out: NodeJS.WritableStream,
  progress: Progress,
): Promise<void> {
  const totalPages = await countPdfPages(model);
  await pass(model, out, progress, { totalPages, compress: true });
}

export const pdfRenderer: ReportRenderer = {
  format: 'pdf',
  mime: 'application/pdf',
  extension: 'pdf',
  render,
};
