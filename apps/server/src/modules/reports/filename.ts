import type { ReportFormat } from '@metamorph/contract';
import { contentDisposition } from '../../platform/http/content-disposition.js';
import { asciiSlug, unicodeSlug } from '../results/index.js';

/** Content type and extension of each format (also for formats whose renderer is not here). */
export const REPORT_TYPES: Record<ReportFormat, { mime: string; extension: string }> = {
  pdf: { mime: 'application/pdf', extension: 'pdf' },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
  },
  html: { mime: 'text/html; charset=utf-8', extension: 'html' },
  pptx: {
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extension: 'pptx',
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  },
};

/** `<mission-slug>-report-YYYY-MM-DD.<ext>`, the date (UTC) the report was asked for. */
export function reportFileName(missionName: string, at: Date, format: ReportFormat): string {
  return `${unicodeSlug(missionName)}-report-${at.toISOString().slice(0, 10)}.${REPORT_TYPES[format].extension}`;
}

/** The attachment header: the stored (Unicode) name as `filename*`, its ASCII slug as `filename`. */
export function reportDisposition(fileName: string, format: ReportFormat): string {
  const ext = `.${REPORT_TYPES[format].extension}`;
  const stem = fileName.endsWith(ext) ? fileName.slice(0, -ext.length) : fileName;
  return contentDisposition('attachment', fileName, { ascii: `${asciiSlug(stem)}${ext}` });
}
