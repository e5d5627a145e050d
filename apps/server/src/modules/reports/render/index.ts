import type { ReportFormat } from '@metamorph/contract';
import type { ReportRenderer } from '../model/report-model.js';
import { docxRenderer } from './docx/index.js';
import { htmlRenderer } from './html/index.js';
import { pdfRenderer } from './pdf/index.js';
import { pptxRenderer } from './pptx/index.js';
import { xlsxRenderer } from './xlsx/index.js';

/** The renderers by format (a format without one would answer 422 "format not available"). */
export const renderers: Partial<Record<ReportFormat, ReportRenderer>> = {
  html: htmlRenderer,
  pdf: pdfRenderer,
  docx: docxRenderer,
  xlsx: xlsxRenderer,
  pptx: pptxRenderer,
};

export function rendererFor(format: ReportFormat): ReportRenderer | undefined {
  return renderers[format];
}
