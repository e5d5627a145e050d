import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';
import { Job } from './jobs.js';

/** The formats a mission report is written in. */
export const ReportFormat = z.enum(['pdf', 'docx', 'html', 'pptx', 'xlsx']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/**
 * Sections of a report, in the order they appear. The cover is always there. New sections are
 * only ever added (saved report options list the sections they had and still parse);
 * `before_after` appears only in a retest mission's report.
 */
export const REPORT_SECTIONS = [
  'toc',
  'executive_summary',
  'key_numbers',
  'charts',
  'heatmap',
  'tactics',
  'findings',
  'before_after',
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
  findings: 'Findings and recommendations',
  before_after: 'Retest: before and after',
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
  field: z.enum([
    'command',
    'output',
    'red_comment',
    'blue_comment',
    'override_reason',
    'tool_note',
    'evidence_caption',
    'evidence_text',
  ]),
  pattern: z.string(),
  /** The text around the hit with the secret already masked (the secret itself never leaves). */
  excerpt: z.string(),
});
export type RedactionHit = z.infer<typeof RedactionHit>;

/** How the UI names a test field of the preview (one place, so a new field is named once). */
export const REDACTION_FIELD_LABELS: Record<RedactionHit['field'], string> = {
  command: 'Command',
  output: 'Output',
  red_comment: 'Red comment',
  blue_comment: 'Blue comment',
  override_reason: 'Override reason',
  tool_note: 'Tool note',
  evidence_caption: 'Evidence caption',
  evidence_text: 'Text evidence',
};

/** One masked span in a finding's text (the findings section is redacted like the tests). */
export const FindingRedactionHit = z.object({
  finding_id: Uuid,
  finding_number: z.number().int().positive(),
  finding_title: z.string(),
  field: z.enum([
    'title',
    'description',
    'recommendation',
    'status_reason',
    'sigma_rule',
    'siem_query',
    'ticket_url',
  ]),
  pattern: z.string(),
  excerpt: z.string(),
});
export type FindingRedactionHit = z.infer<typeof FindingRedactionHit>;

export const FINDING_REDACTION_FIELD_LABELS: Record<FindingRedactionHit['field'], string> = {
  title: 'Title',
  description: 'Description',
  recommendation: 'Recommendation',
  status_reason: 'Status reason',
  sigma_rule: 'Sigma rule',
  siem_query: 'SIEM query',
  ticket_url: 'Ticket URL',
};

export const RedactionPreview = z.object({
  hits: z.array(RedactionHit),
  /** Masked spans in the executive summary (it belongs to no test). */
  executive_summary_hits: z.array(RedactionHit.pick({ pattern: true, excerpt: true })),
  /** Masked spans in the mission's findings (listed when the findings section is chosen). */
  finding_hits: z.array(FindingRedactionHit).default([]),
  total: z.number().int().nonnegative(),
  truncated: z.boolean(),
});
export type RedactionPreview = z.infer<typeof RedactionPreview>;

/**
 * Why an admin's redaction pattern is refused, or null when it is acceptable on syntax: it must
 * compile with its flags, must not match the empty string, and may use neither backreferences
 * (`\1`, `\k<name>`) nor lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`), the constructs that make a
 * regular expression's running time impossible to bound. The server also runs a ReDoS checker
 * (recheck) at save time and refuses what it finds vulnerable (docs/reports.md).
 */
export function redactionPatternProblem(pattern: string, flags = ''): string | null {
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags);
  } catch (err) {
    return `does not compile: ${err instanceof Error ? err.message : String(err)}`;
  }
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return 'uses a backreference';
      if (!inClass && next === 'k' && pattern[i + 2] === '<') return 'uses a backreference';
      i += 1;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && pattern[i + 1] === '?') {
      const ahead = pattern.slice(i + 2, i + 4);
      if (ahead.startsWith('=') || ahead.startsWith('!') || ahead === '<=' || ahead === '<!') {
        return 'uses lookaround';
      }
    }
  }
  if (re.test('')) return 'matches the empty string';
  return null;
}

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
  .strict()
  .superRefine((p, ctx) => {
    const problem = redactionPatternProblem(p.pattern, p.flags ?? '');
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: `${p.name}: ${problem}` });
    }
  });
export type RedactionPattern = z.infer<typeof RedactionPattern>;

/** The admin patterns as a setting: at most 50, names unique. */
export const RedactionPatternList = z
  .array(RedactionPattern)
  .max(50)
  .refine((l) => new Set(l.map((p) => p.name)).size === l.length, 'pattern names must be unique');
