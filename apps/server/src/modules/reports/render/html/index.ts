import type { ReportSection } from '@metamorph/contract';
import type { ReportModel, ReportRenderer } from '../../model/report-model.js';
import { redactionNote } from '../../model/methodology.js';
import { writeChunk } from '../write.js';
import { escapeHtml } from './markdown.js';
import {
  chartsHtml,
  coverHtml,
  heatmapHtml,
  manifestHtml,
  methodologyHtml,
  numbersHtml,
  summaryHtml,
  tacticsHtml,
  testsHeading,
  tocHtml,
} from './sections.js';
import { REPORT_CSS } from './styles.js';
import { testHtml } from './details.js';
import { beforeAfterHtml, findingsHtml } from './findings.js';

/** Nothing may be fetched: no script, no remote font, image or frame; inline styles only. */
const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

const SIMPLE: Partial<Record<ReportSection, (m: ReportModel) => string>> = {
  toc: tocHtml,
  executive_summary: summaryHtml,
  key_numbers: numbersHtml,
  charts: chartsHtml,
  heatmap: heatmapHtml,
  tactics: tacticsHtml,
  findings: findingsHtml,
  before_after: beforeAfterHtml,
  evidence_manifest: manifestHtml,
};

/**
 * One self-contained HTML file: inline CSS, charts as inline SVG, thumbnails as data: URIs, no
 * script and a CSP that forbids any request. Tests are written one at a time (each reads its
 * evidence then drops it), so memory does not grow with the mission.
 */
export const htmlRenderer: ReportRenderer = {
  format: 'html',
  mime: 'text/html; charset=utf-8',
  extension: 'html',
  async render(model, out, progress) {
    const title = `${model.cover.clientName} — ${model.cover.missionName}`;
    await writeChunk(
      out,
      `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
        `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<meta name="referrer" content="no-referrer">` +
        `<title>${escapeHtml(title)}</title><style>${REPORT_CSS}</style></head><body><main>\n`,
    );
    await writeChunk(out, coverHtml(model));
    const total = model.tests.length;
    for (const s of model.sections) {
      if (s === 'tests') {
        await writeChunk(out, testsHeading());
        for (const [i, t] of model.tests.entries()) {
          await writeChunk(out, await testHtml(t));
          await progress(i + 1, total);
        }
        await writeChunk(
          out,
          model.tests.length === 0 ? '<p>No test.</p></section>' : '</section>',
        );
      } else if (s === 'methodology') {
        await writeChunk(out, methodologyHtml(model, redactionNote(model.redactionPatterns)));
      } else {
        await writeChunk(out, SIMPLE[s]!(model));
      }
    }
    await writeChunk(
      out,
      `<footer>${escapeHtml(title)} · generated ${escapeHtml(model.generatedAt.toISOString())} with Metamorph</footer></main></body></html>\n`,
    );
    if (!model.sections.includes('tests')) await progress(total, total);
  },
};
