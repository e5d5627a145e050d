import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from './common.js';
import { CountsAs } from './execution.js';

/**
 * `GET /api/missions/:id/report-data`: the JSON every report format is built from, already
 * filtered (include_in_report, hidden tests) and redacted exactly as the reports are. Published
 * as docs/report-data.schema.json (generated from this schema; a test fails when they drift).
 *
 * Versioning: `schema_version` is semver. A minor version only adds fields (readers ignore what
 * they do not know); a major version removes or changes one. Every change is listed in
 * docs/reports.md ("Report data changelog").
 */
export const REPORT_DATA_SCHEMA_VERSION = '1.0.0';

const Attack = z.object({ external_id: z.string(), name: z.string().nullable() });
const Label = z.object({ label: z.string(), colour: z.string() });

export const ReportDataKeyNumber = z.object({
  label: z.string(),
  /** Already formatted as in the report ("62 %", "14 min", "37 / 60"). */
  value: z.string(),
  hint: z.string().nullable(),
});

export const ReportDataTactic = z.object({
  tactic: z.string(),
  tests: z.number().int().nonnegative(),
  /** Tests with an outcome (reviewed by blue). */
  reviewed: z.number().int().nonnegative(),
  detected: z.number().int().nonnegative(),
  prevented: z.number().int().nonnegative(),
  /** Formatted detection rate, "—" when nothing was reviewed. */
  rate: z.string(),
});

export const ReportDataHeatmap = z.object({
  rule: z.enum(['worst', 'best', 'latest']),
  legend: z.array(Label),
  columns: z.array(
    z.object({
      tactic: z.string(),
      cells: z.array(
        z.object({
          external_id: z.string(),
          name: z.string(),
          level_label: z.string().nullable(),
          colour: z.string().nullable(),
          /** Procedures detected / run, e.g. "2/5". */
          fraction: z.string(),
        }),
      ),
    }),
  ),
});

export const ReportDataToolResult = z.object({
  tool_name: z.string(),
  layer: z.string().nullable(),
  prevented: z.string(),
  alerted: z.string(),
  logged: z.string(),
  rule_name: z.string().nullable(),
  detected_at: IsoDateTime.nullable(),
  note: z.string().nullable(),
});

export const ReportDataEvidence = z.object({
  id: Uuid,
  file_name: z.string(),
  caption: z.string().nullable(),
  side: z.enum(['red', 'blue']),
  mime: z.string(),
  size_bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  is_image: z.boolean(),
});

export const ReportDataTest = z.object({
  id: Uuid,
  /** "3.2": scenario and test position, the same in every format. */
  number: z.string(),
  scenario: z.string(),
  name: z.string(),
  state: z.string(),
  objective: z.string().nullable(),
  procedure_md: z.string().nullable(),
  attack: z.array(Attack),
  command: z.string().nullable(),
  output: z.string().nullable(),
  attack_started_at: IsoDateTime.nullable(),
  attack_ended_at: IsoDateTime.nullable(),
  executed_at: IsoDateTime.nullable(),
  execution_result: z.string().nullable(),
  level: Label.nullable(),
  override_reason: z.string().nullable(),
  tool_results: z.array(ReportDataToolResult),
  red_comment_md: z.string().nullable(),
  blue_comment_md: z.string().nullable(),
  /** "Met", "Better than expected", "Not met"; null when nothing was expected. */
  expectation: z.string().nullable(),
  expected_summary: z.string().nullable(),
  gap_reason: z.string().nullable(),
  /** Empty when the report leaves evidence out (the manifest still lists the files). */
  evidence: z.array(ReportDataEvidence),
});

const Count = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number().int().nonnegative(),
  colour: z.string().nullable(),
});

export const ReportDataFinding = z.object({
  id: Uuid,
  number: z.number().int().positive(),
  title: z.string(),
  severity: z.object({ key: z.string(), label: z.string(), colour: z.string() }),
  status: z.string(),
  status_reason: z.string().nullable(),
  owner: z.string().nullable(),
  due_on: IsoDate.nullable(),
  techniques: z.array(Attack),
  /** `number` is the test's report number, null when the test is not in this report. */
  tests: z.array(z.object({ id: Uuid, number: z.string().nullable(), name: z.string() })),
  gap_reason: z.string().nullable(),
  description_md: z.string().nullable(),
  recommendation_md: z.string().nullable(),
  sigma_rule: z.string().nullable(),
  siem_query: z.string().nullable(),
  ticket_url: z.string().nullable(),
  retest_tests: z.number().int().nonnegative(),
});

export const ReportDataBeforeAfter = z.object({
  before: z.object({ name: z.string(), created_at: IsoDateTime }),
  after: z.object({ name: z.string(), created_at: IsoDateTime }),
  detection: z.object({
    before: z.string(),
    after: z.string(),
    before_hint: z.string(),
    after_hint: z.string(),
  }),
  tests: z.array(
    z.object({
      name: z.string(),
      before: z.string(),
      after: z.string(),
      change: z.string(),
      change_key: z.string(),
    }),
  ),
  tactics: z.array(z.object({ tactic: z.string(), before: z.string(), after: z.string() })),
  findings: z.object({
    total: z.number().int().nonnegative(),
    closed: z.number().int().nonnegative(),
    items: z.array(z.object({ title: z.string(), severity: z.string(), status: z.string() })),
  }),
});

export const ReportDataManifestRow = z.object({
  test_number: z.string(),
  test_name: z.string(),
  file_name: z.string(),
  side: z.enum(['red', 'blue']),
  caption: z.string().nullable(),
  size_bytes: z.number().int().nonnegative(),
  sha256: z.string(),
});

export const ReportDataLevel = z.object({
  key: z.string(),
  label: z.string(),
  colour: z.string(),
  counts_as: CountsAs,
  coverage_score: z.number(),
  description: z.string().nullable(),
});

/** A chart or the heat map, referenced by `id` (`chart:levels`, `heatmap`), as SVG. */
export const ReportDataImage = z.object({
  id: z.string(),
  kind: z.enum(['chart', 'heatmap']),
  title: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  media_type: z.literal('image/svg+xml'),
  svg: z.string(),
});

export const ReportData = z.object({
  schema_version: z.literal(REPORT_DATA_SCHEMA_VERSION),
  generated_at: IsoDateTime,
  generated_by: z.string(),
  client: z.object({ name: z.string() }),
  mission: z.object({
    id: Uuid,
    name: z.string(),
    status: z.string(),
    start_date: IsoDate.nullable(),
    end_date: IsoDate.nullable(),
    description_md: z.string().nullable(),
    /** The ATT&CK release most of the reported tests are tagged with. */
    attack_release: z.string().nullable(),
  }),
  /** Members by mission role ("Lead", "Red", "Blue", …), roles without members left out. */
  team: z.array(z.object({ role: z.string(), names: z.array(z.string()) })),
  /** What was applied: redaction on, hidden tests out, evidence listed per test. */
  options: z.object({
    redact: z.boolean(),
    include_hidden: z.boolean(),
    include_evidence: z.boolean(),
  }),
  /** Names of the redaction patterns applied (never what they matched). */
  redaction_patterns: z.array(z.string()),
  executive_summary_md: z.string().nullable(),
  key_numbers: z.array(ReportDataKeyNumber),
  results_by_tactic: z.array(ReportDataTactic),
  heatmap: ReportDataHeatmap,
  tests: z.array(ReportDataTest),
  findings: z.object({
    items: z.array(ReportDataFinding),
    by_severity: z.array(Count),
    by_status: z.array(Count),
  }),
  /** Only for a retest mission whose original the caller may see; null otherwise. */
  before_after: ReportDataBeforeAfter.nullable(),
  evidence_manifest: z.array(ReportDataManifestRow),
  /** Best first. */
  detection_levels: z.array(ReportDataLevel),
  images: z.array(ReportDataImage),
  methodology_md: z.string(),
});
export type ReportData = z.infer<typeof ReportData>;

/** Optional query of `GET /api/missions/:id/report-data`; unknown keys are refused. */
export const ReportDataQuery = z
  .object({
    /** Tests hidden from blue; honoured only for callers who see them. */
    include_hidden: z.enum(['true', 'false']).default('false'),
  })
  .strict();
export type ReportDataQuery = z.output<typeof ReportDataQuery>;

/**
 * The published JSON Schema of ReportData (docs/report-data.schema.json is this, formatted).
 * Objects are left open (no `additionalProperties: false`): a later minor version adds fields,
 * and a document of it still validates against this schema.
 */
export function reportDataJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ReportData, {
    target: 'draft-2020-12',
    io: 'output',
    override: (ctx) => {
      delete ctx.jsonSchema.additionalProperties;
    },
  });
  return {
    ...schema,
    title: `Metamorph report data ${REPORT_DATA_SCHEMA_VERSION}`,
    description:
      'GET /api/missions/:id/report-data: the JSON every Metamorph report format is built from (redacted as the reports are).',
  };
}
