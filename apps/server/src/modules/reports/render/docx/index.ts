/**
 * The DOCX report (`docx`): Word's Heading1/2/3 styles (navigation pane, TOC field), a
 * TableOfContents field (filled with the headings; Word adds page numbers when it updates the
 * field on opening), tables, JPEG thumbnails and chart PNGs, header and footer with
 * "Page n of N" fields, the heat map on a landscape section.
 *
 * Memory: `docx` builds the whole document tree before packing, thumbnails included (they stay
 * referenced by their ImageRun until the zip is written), and `Packer.toStream` hands the zip
 * over as one buffer, so unlike the PDF this grows with the mission: measured for 1,000 tests +
 * 200 images ≈ 4.7 s CPU and 550–700 MB peak RSS (docx-size.test.ts prints it). Table cells and
 * facts use paragraph styles rather than direct formatting to keep document.xml (and the tree)
 * small: 14.7 → 11.3 MB for that mission. Where the heap goes (sample model, 1,000 tests, heap
 * used after a forced GC): the `docx` object tree +132 MB, the Formatter's object form of
 * document.xml +102 MB on top, then +174 MB transient while it is stringified (11.1 M
 * characters); the images are the cached ≤ 800 px thumbnails (≈ 30 MB for 200 screenshots).
 * What would make it flat is writing document.xml test by test into a streamed zip — images'
 * relationship ids, docPr ids and numbering instances would then be ours to allocate.
 *
 * TOC page numbers are left to Word (the field is dirty and `updateFields` asks to update it on
 * opening); `docx/layout`'s estimatePageNumbers would write them, but measured 11 s for 100
 * tests and 183 s for 1,000, so it is not used.
 */
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import {
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Tab,
  TableOfContents,
  TabStopType,
  TextRun,
  type ISectionOptions,
} from 'docx';
import type { ReportModel, ReportRenderer } from '../../model/report-model.js';
import type { HEADED_SECTIONS } from '../pdf/text.js';
import { formatDateTime, sectionTitle } from '../pdf/text.js';
import type { Block } from './blocks.js';
import { cover } from './sections/cover.js';
import { beforeAfter, findings } from './sections/findings.js';
import { heatmap } from './sections/heatmap.js';
import { manifest, methodology, tactics } from './sections/listings.js';
import { charts, keyNumbers, summary } from './sections/overview.js';
import { tests } from './sections/tests.js';
import { C, CONTENT_TWIPS, numbering, PAGE, styles } from './styles.js';

type Progress = (done: number, total: number) => Promise<void> | void;
type Orientation = 'portrait' | 'landscape';
type Headed = (typeof HEADED_SECTIONS)[number];

/** Sections that follow on the same page; the others start a page. */
const FLOWING = new Set<Headed>(['key_numbers', 'charts', 'tactics']);

function chrome(model: ReportModel, o: Orientation): Pick<ISectionOptions, 'headers' | 'footers'> {
  const width = CONTENT_TWIPS[o];
  const rule = { style: BorderStyle.SINGLE, size: 4, color: C.rule, space: 4 };
  return {
    headers: {
      default: new Header({
        children: [
          new Paragraph({
            tabStops: [{ type: TabStopType.RIGHT, position: width }],
            border: { bottom: rule },
            children: [
              new TextRun({
                text: `${model.cover.missionName} — ${model.cover.clientName}`,
                size: 15,
                color: C.muted,
              }),
              new TextRun({
                children: [new Tab(), 'CONFIDENTIAL'],
                bold: true,
                size: 15,
                color: C.accent,
              }),
            ],
          }),
        ],
      }),
    },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({
            tabStops: [{ type: TabStopType.RIGHT, position: width }],
            border: { top: rule },
            children: [
              new TextRun({
                text: `Generated ${formatDateTime(model.generatedAt)}`,
                size: 14,
                color: C.faint,
              }),
              new TextRun({
                children: [new Tab(), 'Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
                size: 15,
                color: C.muted,
              }),
            ],
          }),
        ],
      }),
    },
  };
}

function page(o: Orientation): ISectionOptions['properties'] {
  return {
    page: {
      size: {
        width: PAGE.width,
        height: PAGE.height,
        orientation: o === 'landscape' ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
      },
      margin: {
        top: PAGE.margin,
        bottom: PAGE.margin,
        left: PAGE.margin,
        right: PAGE.margin,
        header: 560,
        footer: 560,
      },
    },
  };
}

const h1 = (s: Headed, newPage: boolean): Paragraph =>
  new Paragraph({
    heading: HeadingLevel.HEADING_1,
    pageBreakBefore: newPage,
    children: [new TextRun(sectionTitle(s))],
  });

function toc(): Block[] {
  return [
    new Paragraph({
      spacing: { after: 160 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 10, color: C.accent, space: 4 } },
      children: [new TextRun({ text: 'Contents', bold: true, size: 34, color: C.accent })],
    }),
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-3' }),
  ];
}

async function body(s: Headed, model: ReportModel, progress: Progress): Promise<Block[]> {
  switch (s) {
    case 'executive_summary':
      return summary(model);
    case 'key_numbers':
      return keyNumbers(model.keyNumbers);
    case 'charts':
      return charts(model.charts);
    case 'heatmap':
      return heatmap(model.heatmap);
    case 'tactics':
      return tactics(model.tactics);
    case 'findings':
      return findings(model.findings);
    case 'before_after':
      return beforeAfter(model.beforeAfter);
    case 'tests':
      return tests(model, progress);
    case 'evidence_manifest':
      return manifest(model.evidenceManifest);
    case 'methodology':
      return methodology(model);
  }
}

async function build(model: ReportModel, progress: Progress): Promise<Document> {
  const chunks: Array<{ o: Orientation; children: Block[] }> = [];
  for (const section of model.sections) {
    const o: Orientation = section === 'heatmap' ? 'landscape' : 'portrait';
    let chunk = chunks[chunks.length - 1];
    const opens = !chunk || chunk.o !== o;
    if (!chunk || opens) {
      chunk = { o, children: [] };
      chunks.push(chunk);
    }
    if (section === 'toc') {
      chunk.children.push(...toc());
      continue;
    }
    const s = section as Headed;
    chunk.children.push(h1(s, !opens && !FLOWING.has(s)), ...(await body(s, model, progress)));
  }
  const sections: ISectionOptions[] = [
    { properties: page('portrait'), children: cover(model) },
    ...chunks.map((c) => ({ properties: page(c.o), ...chrome(model, c.o), children: c.children })),
  ];
  return new Document({
    creator: model.cover.generatedBy,
    title: `${model.cover.missionName} — ${model.cover.clientName}`,
    description: 'Purple-team exercise report',
    features: { updateFields: true },
    styles,
    numbering,
    sections,
  });
}

async function render(
  model: ReportModel,
  out: NodeJS.WritableStream,
  progress: Progress,
): Promise<void> {
  const doc = await build(model, progress);
  await pipeline(Packer.toStream(doc) as Readable, out);
}

export const docxRenderer: ReportRenderer = {
  format: 'docx',
  mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  extension: 'docx',
  render,
};
