import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFParse } from 'pdf-parse';
import { afterAll, describe, expect, it } from 'vitest';
import { buildLargeModel, measure } from '../sample-model.js';
import { countPdfPages, pdfRenderer } from './index.js';

/** Figures only (performance is asserted in bench/, never here): time and RSS go to the log. */
describe('PDF report of a large mission', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-pdf-size-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders 1,000 tests with 200 images, streamed to disk', { timeout: 120_000 }, async () => {
    const model = buildLargeModel('pdf', 1000, 200);
    const file = path.join(dir, 'large.pdf');
    let last = 0;
    const m = await measure(async () => {
      await pdfRenderer.render(model, createWriteStream(file), (done) => {
        last = done;
      });
    });
    const size = statSync(file).size;
    console.log(
      `[pdf size] 1000 tests + 200 images: ${m.ms} ms wall, ${m.cpuMs} ms CPU, ${(size / 1024 / 1024).toFixed(1)} MB, ` +
        `RSS ${m.baseRssMb} → peak ${m.peakRssMb} MB (load average ${os.loadavg()[0]?.toFixed(1)})`,
    );
    // The counting pass alone (the render above runs it, then writes the file).
    let pages = 0;
    const count = await measure(async () => {
      pages = await countPdfPages(model);
    });
    console.log(
      `[pdf size] of which the page-counting pass: ${count.ms} ms wall, ${count.cpuMs} ms CPU, ` +
        `peak RSS ${count.peakRssMb} MB, ${pages} pages`,
    );
    expect(last).toBe(1000);
    const parser = new PDFParse({ data: new Uint8Array(readFileSync(file)) });
    const info = await parser.getInfo();
    const text = (await parser.getText({ partial: [1, 2, info.total] })).text;
    await parser.destroy();
    expect(text).toContain(model.cover.clientName);
    expect(text).toContain('Test details');
    expect(info.total).toBeGreaterThan(500);
    expect(info.total).toBe(pages);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(info.outline?.length).toBeGreaterThan(5);
  });
});
