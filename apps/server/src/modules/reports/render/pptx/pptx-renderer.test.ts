import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../model/report-model.js';
import { unzip } from '../docx/test-docx-read.js';
import { buildSampleModel } from '../sample-model.js';
import { pptxRenderer } from './index.js';

async function deck(model: ReportModel) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  let progress: [number, number] | null = null;
  await pptxRenderer.render(model, out, (done, total) => {
    progress = [done, total];
  });
  out.end();
  const files = await unzip(Buffer.concat(chunks));
  const slides = [...files.keys()]
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]))
    .map((n) => files.get(n)!.toString('utf8'));
  const titles = slides.map((x) => /<a:t>([^<]*)<\/a:t>/.exec(x)?.[1] ?? '');
  return { slides, titles, progress, files };
}

/** The deck from the sample model: findings first among the gaps, sections honoured, paging. */
describe('PPTX renderer', () => {
  it('shows the open findings as the gaps when the mission has findings', async () => {
    const m = buildSampleModel('pptx');
    const { slides, titles, progress } = await deck(m);
    expect(titles).toContain('Top open findings');
    const gaps = slides[titles.indexOf('Top open findings')]!;
    // "In progress" is open; "Risk accepted" is not.
    expect(gaps).toContain(m.findings.items[0]!.title.replace(/&/g, '&amp;'));
    expect(gaps).not.toContain('Risk accepted');
    expect(progress).toEqual([m.tests.length, m.tests.length]);
    // Nothing but the heat map is a picture.
    expect(slides.filter((s) => s.includes('<p:pic>'))).toHaveLength(1);
  });

  it('keeps to the chosen sections and pages a long tactic table', async () => {
    const m = buildSampleModel('pptx');
    m.sections = ['tactics'];
    m.tactics = Array.from({ length: 20 }, (_, i) => ({
      tactic: `Tactic ${i + 1}`,
      tests: 1,
      reviewed: 1,
      detected: 1,
      prevented: 0,
      rate: '100 %',
    }));
    const { titles, slides } = await deck(m);
    expect(titles).toEqual([
      m.cover.clientName.replace(/&/g, '&amp;'),
      'Scope and team',
      'Results by tactic (1/2)',
      'Results by tactic (2/2)',
    ]);
    expect(slides[3]).toContain('Tactic 20');
    expect(slides[3]).not.toContain('Tactic 14<');
  });

  it('writes an empty mission without failing', async () => {
    const m = buildSampleModel('pptx');
    m.tests = [];
    m.tactics = [];
    m.heatmap = { ...m.heatmap, columns: [] };
    m.findings = { items: [], bySeverity: [], byStatus: [] };
    m.executiveSummaryMd = null;
    const { titles, slides } = await deck(m);
    expect(titles).toContain('Next steps');
    expect(slides.join('')).toContain('The executive summary has not been written yet.');
    expect(slides.join('')).toContain('Every reviewed test was detected or prevented.');
    expect(slides.join('')).toContain('No tool recorded a detection time yet.');
  });
});
