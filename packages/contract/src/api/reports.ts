import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';
import { Job } from './jobs.js';

/** The formats a mission report is written in. */
export const ReportFormat = z.enum(['pdf', 'docx', 'html']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** Sections of a report, in the order they appear. The cover is always there. */
export const REPORT_SECTIONS = [
  'toc',
  'executive_summary',
  'key_numbers',
  'charts',
  'heatmap',
  'tactics',
  'tests',
  'evidence_manifest',
  'methodology',
] as const;
export const ReportSection = z.enum(REPORT_SECTIONS);
export type ReportSection = z.infer<typeof ReportSection>;

export const REPORT_SECTION_LABELS: Record<ReportSection, string> = {
  toc: 'Table of contents',
  executive_summary: 'Executive summary',
  key_numbers: 'Key numbers',
  charts: 'Charts',
  heatmap: 'ATT&CK heat map',
  tactics: 'Results by tactic',
  tests: 'Test details',
  evidence_manifest: 'Evidence manifest',
  methodology: 'Methodology and detection levels',
};

/** What the caller may choose; unknown keys and unknown sections are refused (422). */
export const ReportOptions = z
  .object({
    sections: z
      .array(ReportSection)
      .min(1)
      .refine((s) => new Set(s).size === s.length, 'sections must not repeat')
      .default([...REPORT_SECTIONS]),
    /** Evidence thumbnails in test details (images only; other files are listed). */
    include_evidence: z.boolean().default(true),
    /** Tests hidden from blue are left out unless asked for (and the caller sees them). */
    include_hidden: z.boolean().default(false),
    /** Built-in and admin redaction patterns are applied unless turned off. */
    redact: z.boolean().default(true),
  })
  .strict();
export type ReportOptions = z.output<typeof ReportOptions>;

export const ReportRequest = z
  .object({
    format: ReportFormat,
    options: ReportOptions.default(ReportOptions.parse({})),
  })
  .strict();
export type ReportRequest = z.output<typeof ReportRequest>;

export const ReportStatus = z.enum(['queued', 'running', 'succeeded', 'failed']);
export type ReportStatus = z.infer<typeof ReportStatus>;

export const Report = z.object({
  id: Uuid,
  mission_id: Uuid,
  format: ReportFormat,
  options: ReportOptions,
  status: ReportStatus,
  job_id: Uuid,
  file_name: z.string(),
  size_bytes: z.number().int().nonnegative().nullable(),
  sha256: z.string().nullable(),
  error: z.string().nullable(),
  created_by: z.object({ id: Uuid, display_name: z.string() }).nullable(),
  created_at: IsoDateTime,
  finished_at: IsoDateTime.nullable(),
});
export type Report = z.infer<typeof Report>;

export const ReportAccepted = z.object({ report: Report, job: Job });
export type ReportAccepted = z.infer<typeof ReportAccepted>;

export const ReportList = z.object({ items: z.array(Report) });
export type ReportList = z.infer<typeof ReportList>;

/** `PUT /api/missions/:id/executive-summary` (leads; audited; optimistic on `version`). */
export const ExecutiveSummaryUpdate = z
  .object({
    markdown: z.string().max(100_000),
    version: z.number().int().nonnegative(),
  })
  .strict();
export type ExecutiveSummaryUpdate = z.infer<typeof ExecutiveSummaryUpdate>;

export const ExecutiveSummary = z.object({
  markdown: z.string(),
  version: z.number().int().nonnegative(),
  updated_at: IsoDateTime.nullable(),
  updated_by: z.object({ id: Uuid, display_name: z.string() }).nullable(),
});
export type ExecutiveSummary = z.infer<typeof ExecutiveSummary>;

/** One masked span in the redaction preview. */
export const RedactionHit = z.object({
  test_id: Uuid,
  test_name: z.string(),
  field: z.enum(['command', 'output', 'red_comment', 'blue_comment', 'evidence_text']),
  pattern: z.string(),
  /** The text around the hit with the secret already masked (the secret itself never leaves). */
  excerpt: z.string(),
});
export type RedactionHit = z.infer<typeof RedactionHit>;

export const RedactionPreview = z.object({
  hits: z.array(RedactionHit),
  total: z.number().int().nonnegative(),
  truncated: z.boolean(),
});
export type RedactionPreview = z.infer<typeof RedactionPreview>;

/** An admin's own pattern (settings key `reports.redaction_patterns`). */
export const RedactionPattern = z
  .object({
    name: z.string().min(1).max(80),
    pattern: z.string().min(1).max(500),
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'flags may only be i, m, s and u')
      .default('')
      .optional(),
  })
  .strict();
export type RedactionPattern = z.infer<typeof RedactionPattern>;
