import type { ReportFormat } from '@metamorph/contract';
import type { ReportRenderer } from '../model/report-model.js';
import { htmlRenderer } from './html/index.js';

/**
 * The renderers by format. PDF (render/pdf/index.ts: `pdfRenderer`) and DOCX
 * (render/docx/index.ts: `docxRenderer`) are added here when they land; until then a request
 * for them answers 422 "format not available".
 */
export const renderers: Partial<Record<ReportFormat, ReportRenderer>> = {
  html: htmlRenderer,
};

export function rendererFor(format: ReportFormat): ReportRenderer | undefined {
  return renderers[format];
}
