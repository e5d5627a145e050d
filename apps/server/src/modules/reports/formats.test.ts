import { createHash } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { paragraphs, unzip } from './render/docx/test-docx-read.js';
import { SECRETS, reportsWorld, type ReportsWorld } from './test-reports.js';

/** PDF and DOCX reports through the real route, job, store and download. */
describe('PDF and DOCX reports through the API', () => {
  let t: TestApp;
  let w: ReportsWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await reportsWorld(t);
  });
  afterAll(() => t.close());

  const download = async (id: string) => {
    const res = await w.ok('lead', 'GET', `/api/reports/${id}/content`);
    return res.rawPayload;
  };

  it('writes a PDF whose text names the mission, its evidence hash and no secret', async () => {
    const report = await w.generate('lead', { format: 'pdf' });
    expect(report.status).toBe('succeeded');
    const pdf = await download(report.id);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(report.sha256);
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    expect(text).toContain('Opération Été');
    expect(text).toContain(w.imageSha);
    expect(text).not.toContain(SECRETS.password);
    expect(text).toContain('[REDACTED]');
  });

  it('writes a DOCX with Word heading styles, images and no secret', async () => {
    const report = await w.generate('lead', { format: 'docx' });
    expect(report.error).toBeNull();
    expect(report.status).toBe('succeeded');
    const files = await unzip(await download(report.id));
    const xml = files.get('word/document.xml')!.toString('utf8');
    const paras = paragraphs(xml);
    const styles = new Set(paras.map((p) => p.style));
    const text = paras.map((p) => p.text).join('\n');
    expect(styles.has('Heading1')).toBe(true);
    expect(styles.has('Heading2')).toBe(true);
    expect(text).toContain('Opération Été');
    expect(text).toContain(w.imageSha);
    expect(text).not.toContain(SECRETS.password);
    expect(xml).not.toContain(SECRETS.password);
    expect([...files.keys()].some((k) => k.startsWith('word/media/'))).toBe(true);
  });
});
