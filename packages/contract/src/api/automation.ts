import { z } from 'zod';
import { Uuid } from './common.js';

/**
 * Execution results from automation (docs/automation.md): `POST /api/missions/:id/import/execution`
 * takes ATTiRe JSON logs (Invoke-AtomicRedTeam's Attire-ExecutionLogger) and Invoke-AtomicRedTeam
 * CSV logs, matches each procedure to a mission test and fills the red fields a person has not
 * filled. The job's result is an `ExecutionImportReport`.
 */

export const EXECUTION_IMPORT_LIMITS = {
  /** Files in one import. */
  maxFiles: 50,
  /** Bytes of one uploaded file. */
  maxFileBytes: 64 * 1024 * 1024,
  /** Procedures (ATTiRe) or rows (CSV) over all files of one import. */
  maxProcedures: 5_000,
  /** Characters of the command and of the output written to a test (longer is cut, marked). */
  maxCommandChars: 200_000,
  maxOutputChars: 2_000_000,
} as const;

/** The marker a cut text ends with (the number is how many characters were left out). */
export const truncationMarker = (omitted: number): string =>
  `\n… [cut by Metamorph's import: ${omitted} more characters]`;

export const ExecutionImportFormat = z.enum(['attire', 'art_csv', 'caldera']);
export type ExecutionImportFormat = z.infer<typeof ExecutionImportFormat>;

/** Red fields an import may fill (names as in MissionTestUpdate). */
export const IMPORTED_RED_FIELDS = [
  'executed_at',
  'red_command',
  'red_output',
  'attack_started_at',
  'attack_ended_at',
  'account_used',
  'target_asset_id',
  'red_tool_id',
  'execution_result',
] as const;
export const ImportedRedField = z.enum(IMPORTED_RED_FIELDS);
export type ImportedRedField = z.infer<typeof ImportedRedField>;

/**
 * What became of one procedure (ATTiRe) or row (CSV):
 * - `filled`: matched, at least one empty red field filled (or the test moved to executed);
 * - `unchanged`: matched, everything it carries is already on the test;
 * - `conflict`: matched, some field a person filled differs (nothing of this row written
 *   unless `overwrite`);
 * - `created`: unmatched, an ad hoc test was created for it (`create_unmatched`);
 * - `unmatched`: no test, or more than one candidate;
 * - `error`: the procedure itself is unusable (no technique id, …).
 */
export const ProcedureOutcome = z.enum([
  'filled',
  'unchanged',
  'conflict',
  'created',
  'unmatched',
  'error',
]);
export type ProcedureOutcome = z.infer<typeof ProcedureOutcome>;

export const FieldConflict = z.object({
  field: ImportedRedField,
  current: z.string().nullable(),
  incoming: z.string().nullable(),
});
export type FieldConflict = z.infer<typeof FieldConflict>;

export const ExecutionImportRow = z.object({
  file: z.string(),
  /** 1-based position of the procedure (ATTiRe) or data row (CSV) in its file. */
  index: z.number().int().min(1),
  technique_id: z.string().nullable(),
  name: z.string().nullable(),
  guid: z.string().nullable(),
  outcome: ProcedureOutcome,
  test_id: Uuid.nullable(),
  test_name: z.string().nullable(),
  matched_by: z.enum(['guid', 'technique']).nullable(),
  filled: z.array(ImportedRedField),
  overwritten: z.array(ImportedRedField),
  conflicts: z.array(FieldConflict),
  /** The test moved pending → executed. */
  executed: z.boolean(),
  /** Why it is unmatched / an error, or what was left out (host not an asset, output cut…). */
  notes: z.array(z.string()),
});
export type ExecutionImportRow = z.infer<typeof ExecutionImportRow>;

export const ExecutionImportFile = z.object({
  name: z.string(),
  format: ExecutionImportFormat.nullable(),
  /** The whole file was refused (not JSON, unknown ATTiRe major version, …). */
  error: z.string().nullable(),
  procedures: z.number().int().min(0),
});
export type ExecutionImportFile = z.infer<typeof ExecutionImportFile>;

export const ExecutionImportReport = z.object({
  mission_id: Uuid,
  /** False for a dry run or when nothing was written. */
  applied: z.boolean(),
  dry_run: z.boolean(),
  overwrite: z.boolean(),
  files: z.array(ExecutionImportFile),
  rows: z.array(ExecutionImportRow),
  totals: z.record(ProcedureOutcome, z.number().int().min(0)),
});
export type ExecutionImportReport = z.infer<typeof ExecutionImportReport>;

/**
 * MITRE Caldera (docs/automation.md, "Caldera"): a Caldera server's REST API v2, reached with an
 * API key sent as the `KEY` header. The key is used for the request at hand and never stored.
 */
const CalderaUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2_000);
const CalderaKey = z.string().min(1).max(500);

/** `POST /api/missions/:id/import/caldera/operations`: the operations of a Caldera server. */
export const CalderaOperationsRequest = z.strictObject({ url: CalderaUrl, api_key: CalderaKey });
export type CalderaOperationsRequest = z.infer<typeof CalderaOperationsRequest>;

export const CalderaOperation = z.object({
  id: z.string(),
  name: z.string(),
  /** running, paused, finished, cleanup, out_of_time, run_one_link… (as Caldera says). */
  state: z.string().nullable(),
  /** When it started (ISO 8601), as Caldera reports it. */
  start: z.string().nullable(),
  /** Links (executed abilities) in its chain, when Caldera lists them. */
  links: z.number().int().min(0).nullable(),
});
export type CalderaOperation = z.infer<typeof CalderaOperation>;

export const CalderaOperationList = z.object({ items: z.array(CalderaOperation) });
export type CalderaOperationList = z.infer<typeof CalderaOperationList>;

/** `POST /api/missions/:id/import/caldera`: one operation's links as execution results. */
export const CalderaImportRequest = z.strictObject({
  url: CalderaUrl,
  api_key: CalderaKey,
  operation_id: z.string().min(1).max(200),
  create_unmatched: z.boolean().optional(),
  overwrite: z.boolean().optional(),
  dry_run: z.boolean().optional(),
  /** Apply only these procedures (`file#index` as in an earlier report): one conflict resolved. */
  only: z
    .array(z.string().regex(/^[^#,]{1,200}#\d{1,6}$/, 'must be file#index as in the report'))
    .min(1)
    .max(5_000)
    .optional(),
});
export type CalderaImportRequest = z.infer<typeof CalderaImportRequest>;

/**
 * Test plans from spreadsheets: `POST /api/missions/:id/import/plan` (multipart: `file`, a CSV or
 * XLSX with a header row; optional `mapping` (JSON, PlanImportMapping), `scenario_name`,
 * `dry_run`, `sheet` — an XLSX worksheet by name, else the first that holds a row). Without a
 * mapping it answers the preview (headers, sample rows, a suggested
 * mapping); with one it checks every row and, unless dry_run, plans one new scenario of tests.
 */
export const PLAN_IMPORT_LIMITS = {
  maxFileBytes: 10 * 1024 * 1024,
  maxRows: 5_000,
  /** XLSX is a zip: inflated bytes of all its parts together. */
  maxInflatedBytes: 100 * 1024 * 1024,
  maxZipEntries: 1_000,
  sampleRows: 10,
} as const;

export const PLAN_IMPORT_FIELDS = [
  'name',
  'technique_ids',
  'objective',
  'procedure',
  'expected_red',
  'expected_blue',
  'platform',
  'assignee_email',
  'planned_day',
] as const;
export const PlanImportField = z.enum(PLAN_IMPORT_FIELDS);
export type PlanImportField = z.infer<typeof PlanImportField>;

/** Field → the header of the column holding it; `name` is required. */
export const PlanImportMapping = z.strictObject({
  name: z.string().min(1).max(200),
  technique_ids: z.string().max(200).optional(),
  objective: z.string().max(200).optional(),
  procedure: z.string().max(200).optional(),
  expected_red: z.string().max(200).optional(),
  expected_blue: z.string().max(200).optional(),
  platform: z.string().max(200).optional(),
  assignee_email: z.string().max(200).optional(),
  planned_day: z.string().max(200).optional(),
});
export type PlanImportMapping = z.infer<typeof PlanImportMapping>;

export const PlanImportRow = z.object({
  /** The row's number in the spreadsheet, as its program shows it (blank rows counted). */
  row: z.number().int().min(2),
  name: z.string().nullable(),
  technique_ids: z.array(z.string()),
  status: z.enum(['ok', 'warning', 'error']),
  messages: z.array(z.string()),
});
export type PlanImportRow = z.infer<typeof PlanImportRow>;

export const PlanImportResult = z.object({
  format: z.enum(['csv', 'xlsx']),
  /** An XLSX's worksheets in order (empty for CSV) and the one read (null for CSV). */
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  headers: z.array(z.string()),
  row_count: z.number().int().min(0),
  /** Up to PLAN_IMPORT_LIMITS.sampleRows rows as text, in header order. */
  sample_rows: z.array(z.array(z.string())),
  suggested_mapping: PlanImportMapping.partial(),
  mapping: PlanImportMapping.nullable(),
  /** Every row checked against the mapping (empty in the preview). */
  rows: z.array(PlanImportRow),
  applied: z.boolean(),
  scenario_id: Uuid.nullable(),
  created: z.number().int().min(0),
});
export type PlanImportResult = z.infer<typeof PlanImportResult>;
