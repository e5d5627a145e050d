import { z } from 'zod';
import { TacticRef } from './attack.js';
import { IsoDate, IsoDateTime, Uuid } from './common.js';
import { ExecutionResult, GapReason } from './execution.js';
import {
  AttackTagKind,
  DetectionReference,
  Dependency,
  Executor,
  ExpectedOutcome,
  InputArgument,
} from './library.js';
import { FactValue } from './outcomes.js';
import { TestState } from '../test-workflow.js';
import { ArchiveUserRef as UserRef, archiveText as text } from './archive-common.js';

/** A mission test in an archive: plan, red, blue (strippable), tags and per-tool results. */

export const ArchiveAttackTag = z.strictObject({
  kind: AttackTagKind,
  external_id: z.string().min(1).max(50),
  name: text(500),
  url: text(2_000),
  attack_release: text(50),
  tactics: z.array(TacticRef.strict()).max(50),
});

export const ArchiveToolResult = z.strictObject({
  defence_tool_id: Uuid,
  prevented: FactValue,
  alerted: FactValue,
  logged: FactValue,
  rule_name: text(500),
  rule_id: text(200),
  severity: text(50),
  case_id: text(200),
  detected_at: IsoDateTime.nullable(),
  note: text(20_000),
  updated_at: IsoDateTime,
  updated_by: UserRef,
});
export type ArchiveToolResult = z.infer<typeof ArchiveToolResult>;

export const ArchiveLevelRef = z.strictObject({
  key: z.string().min(1).max(100),
  label: z.string().max(200),
});

const md = text(200_000);
const raw = text(2_000_000);

export const ArchiveTest = z.strictObject({
  id: Uuid,
  scenario_id: Uuid,
  position: z.number().int().min(0),
  template_key: text(200),
  template_version: z.number().int().nullable(),
  snapshot_name: z.string().min(1).max(500),
  snapshot_description: text(100_000),
  snapshot_objective: text(100_000),
  snapshot_procedure_md: md,
  snapshot_prerequisites_md: md,
  snapshot_expected_red_md: md,
  snapshot_expected_blue_md: md,
  snapshot_opsec_level: z.string().min(1).max(50),
  snapshot_tags: z.array(z.string().max(100)).max(100),
  snapshot_expected_iocs: z.array(z.string().max(2_000)).max(500),
  snapshot_platforms: z.array(z.string().max(100)).max(50),
  snapshot_executor: Executor.strict().nullable(),
  snapshot_input_arguments: z.array(InputArgument.strict()).max(200),
  snapshot_dependencies: z.array(Dependency.strict()).max(200),
  snapshot_dependency_executor: text(50),
  snapshot_detection_refs: z.array(DetectionReference.strict()).max(200),
  expected_outcomes: z.array(ExpectedOutcome.strict()).max(20),
  mitre_tags: z.array(ArchiveAttackTag).max(100),
  // Planning.
  state: TestState,
  state_reason: text(5_000),
  assignee: UserRef,
  planned_on: IsoDate.nullable(),
  hidden_from_blue: z.boolean(),
  include_in_report: z.boolean(),
  /**
   * Format 2: the original test (of another mission, the exporter's id) this retest test
   * retests. Provenance: restored on import only when that test exists there.
   */
  retest_of_test_id: Uuid.nullable().optional(),
  // Red.
  executed_at: IsoDateTime.nullable(),
  executed_at_overridden: z.boolean(),
  red_command: raw,
  red_output: raw,
  red_comment_md: md,
  attack_started_at: IsoDateTime.nullable(),
  attack_ended_at: IsoDateTime.nullable(),
  source_asset_id: Uuid.nullable(),
  target_asset_id: Uuid.nullable(),
  account_used: text(2_000),
  red_tool_id: Uuid.nullable(),
  execution_result: ExecutionResult.nullable(),
  cleanup_done: z.boolean().nullable(),
  artefacts_md: md,
  // Blue (ARCHIVE_BLUE_TEST_KEYS: absent from a blue-stripped archive).
  blue_comment_md: md.optional(),
  detection_level: ArchiveLevelRef.nullable().optional(),
  hunt_query: text(100_000).optional(),
  log_sources: text(20_000).optional(),
  gap_reason: GapReason.nullable().optional(),
  outcome_override_reason: text(5_000).optional(),
  tool_results: z.array(ArchiveToolResult).max(200).optional(),
  // Bookkeeping.
  last_actor: UserRef,
  version: z.number().int().min(1),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type ArchiveTest = z.infer<typeof ArchiveTest>;
