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

export const ExecutionImportFormat = z.enum(['attire', 'art_csv']);
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
