import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildLargeModel, measure } from '../sample-model.js';
import { docxRenderer } from './index.js';
import { paragraphs, unzip } from './test-docx-read.js';

/** Figures only (performance is asserted in bench/, never here): time and RSS go to the log. */
describe('DOCX report of a large mission', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-docx-size-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders 1,000 tests with 200 images', { timeout: 180_000 }, async () => {
    const model = buildLargeModel('docx', 1000, 200);
    const file = path.join(dir, 'large.docx');
    let last = 0;
    const m = await measure(async () => {
      await docxRenderer.render(model, createWriteStream(file), (done) => {
        last = done;
      });
    });
    const size = statSync(file).size;
    console.log(
      `[docx size] 1000 tests + 200 images: ${m.ms} ms wall, ${m.cpuMs} ms CPU, ${(size / 1024 / 1024).toFixed(1)} MB, ` +
        `RSS ${m.baseRssMb} → peak ${m.peakRssMb} MB (load average ${os.loadavg()[0]?.toFixed(1)})`,
    );
    expect(last).toBe(1000);
    const files = await unzip(readFileSync(file));
    const paras = paragraphs(files.get('word/document.xml')?.toString('utf8') ?? '');
    expect(paras.filter((p) => p.style === 'Heading3')).toHaveLength(1000);
    expect([...files.keys()].filter((f) => /^word\/media\/.*\.jpe?g$/.test(f))).toHaveLength(200);
    expect(paras.some((p) => p.text.includes(model.cover.clientName))).toBe(true);
  });
});
