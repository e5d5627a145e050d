import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { PDFParse, type OutlineNode } from 'pdf-parse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../model/report-model.js';
import {
  buildSampleModel,
  SAMPLE_CLIENT,
  SAMPLE_COMMAND,
  SAMPLE_MISSION,
  SAMPLE_SECRET,
  SAMPLE_SHA,
} from '../sample-model.js';
import { pdfRenderer } from './index.js';

export async function renderPdf(model: ReportModel): Promise<{ pdf: Buffer; progress: number[] }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const progress: number[] = [];
  await pdfRenderer.render(model, out, (done) => {
    progress.push(done);
  });
  return { pdf: Buffer.concat(chunks), progress };
}

async function pdfText(model: ReportModel): Promise<string> {
  const { pdf } = await renderPdf(model);
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  const t = fold((await parser.getText()).text);
  await parser.destroy();
  return t;
}

const titles = (nodes: readonly OutlineNode[] | null | undefined): string[] =>
  (nodes ?? []).flatMap((n) => [n.title, ...titles(n.items as OutlineNode[])]);

/** The extracted text with whitespace runs folded, so wrapped lines still match. */
const fold = (s: string): string => s.replace(/\s+/g, ' ');

describe('PDF report', () => {
  const model = buildSampleModel('pdf');
  let pdf: Buffer;
  let text: string;
  let outline: string[];
  let pages: number;
  let progress: number[];

  beforeAll(async () => {
    ({ pdf, progress } = await renderPdf(model));
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const result = await parser.getText();
    text = fold(result.text);
    pages = result.total;
    outline = titles((await parser.getInfo()).outline);
    await parser.destroy();
  });

  it('is a PDF with the cover, counts, a command, a hash and the redaction marker', () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(text).toContain(SAMPLE_CLIENT);
    expect(text).toContain(SAMPLE_MISSION);
    expect(text).toContain('Défense — “quoted” © café');
    for (const n of model.keyNumbers) expect(text).toContain(n.value);
    expect(text).toContain(fold(SAMPLE_COMMAND));
    expect(text).toContain(SAMPLE_SHA);
    expect(text).toContain('[REDACTED:password]');
    expect(text).not.toContain(SAMPLE_SECRET);
    expect(text).toContain('Truncated: first');
    expect(text).toContain('Confidential'.toUpperCase());
    // "Page n of N" on every page but the cover, N the real count (no bufferPages).
    for (let n = 2; n <= pages; n++) expect(text).toContain(`Page ${n} of ${pages}`);
    expect(text).toContain('<script>alert(1)</script> stays text.');
  });

  it('has an outline of sections, scenarios and tests, and a TOC with page numbers', () => {
    for (const h of ['Executive summary', 'ATT&CK heat map', 'Test details', 'Evidence manifest']) {
      expect(outline).toContain(h);
    }
    expect(outline).toContain('Credential access');
    expect(outline).toContain('1.1  LSASS memory dump with comsvcs.dll');
    // The TOC (page 2, moved after the cover) gives each heading the page it is on.
    expect(text).toMatch(/Contents Executive summary 3 Key numbers 3 Charts 4/);
    expect(text).toMatch(/Page 3 of \d+ Executive summary/);
    expect(text).toMatch(/Findings and recommendations 7 F-1 Lateral movement over SMB/);
    expect(text).toMatch(/Page 7 of \d+ Findings and recommendations/);
    expect(text).toMatch(/Page 10 of \d+ Test details Credential access/);
  });

  it('reports progress per test', () => {
    expect(progress).toEqual(model.tests.map((_, i) => i + 1));
  });

  it('writes only the chosen sections (the cover always)', async () => {
    const { pdf: small } = await renderPdf({ ...model, sections: ['tactics'] });
    const parser = new PDFParse({ data: new Uint8Array(small) });
    const t = fold((await parser.getText()).text);
    await parser.destroy();
    expect(t).toContain(SAMPLE_CLIENT);
    expect(t).toContain('Results by tactic');
    expect(t).not.toContain('Evidence manifest');
    expect(t).not.toContain(SAMPLE_SHA);
  });

  it('renders an empty mission (no tests, charts, numbers or summary)', async () => {
    const empty: ReportModel = {
      ...model,
      executiveSummaryMd: null,
      keyNumbers: [],
      charts: [],
      heatmap: { ...model.heatmap, columns: [] },
      tactics: [],
      tests: [],
      evidenceManifest: [],
      cover: { ...model.cover, team: [], descriptionMd: null, startDate: null, endDate: null },
    };
    const t = await pdfText(empty);
    expect(t).toContain('No test is included in this report.');
    expect(t).toContain('No executive summary was written for this mission.');
    expect(t).toContain('Dates not set');
  });

  it('renders pages that can be looked at (pdftoppm)', () => {
    const hasPdftoppm = ['/usr/bin/pdftoppm', '/usr/local/bin/pdftoppm'].some((p) => existsSync(p));
    if (!hasPdftoppm) {
      console.log('[pdf] pdftoppm absent (poppler-utils): skipping the page raster check');
      return;
    }
    const dir = process.env.REPORT_RENDER_DIR ?? mkdtempSync(path.join(tmpdir(), 'report-pdf-'));
    writeFileSync(path.join(dir, 'sample.pdf'), pdf);
    execFileSync('pdftoppm', [
      '-r',
      '50',
      '-png',
      path.join(dir, 'sample.pdf'),
      path.join(dir, 'page'),
    ]);
    const pngs = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    console.log(`[pdf] ${pngs.length} pages rendered to ${dir}`);
    expect(pngs.length).toBe(pages);
  });
});
