import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from './common.js';
import {
  DetectionReference,
  Dependency,
  Executor,
  ExpectedOutcome,
  InputArgument,
} from './library.js';
import { AttackTagSnapshot } from './mission-plan.js';
import { TestState } from '../test-workflow.js';
import { Evidence } from './evidence.js';
import { TestOutcome, ToolResultInput } from './outcomes.js';

/** Per-test execution: the red and blue fields of a mission test, its transitions, activity. */

export const ExecutionResult = z.enum(['succeeded', 'failed', 'stopped_by_control']);
export type ExecutionResult = z.infer<typeof ExecutionResult>;
export const GapReason = z.enum([
  'no_telemetry',
  'no_rule',
  'rule_not_fired',
  'triaged_benign',
  'other',
]);
export type GapReason = z.infer<typeof GapReason>;

/** Any ISO 8601 time with a zone offset; answered back in UTC with milliseconds. */
export const AnyIsoDateTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 time with a zone, like 2026-11-29T14:05:00Z',
});

const md = z.string().max(200_000).nullable();
const raw = z.string().max(2_000_000).nullable();
const short = z.string().max(2_000).nullable();

/** Red-side fields of `PUT /api/missions/:id/tests/:testId`. */
export const RedFields = {
  red_command: raw,
  red_output: raw,
  red_comment_md: md,
  executed_at: AnyIsoDateTime.nullable(),
  executed_at_overridden: z.boolean(),
  attack_started_at: AnyIsoDateTime.nullable(),
  attack_ended_at: AnyIsoDateTime.nullable(),
  source_asset_id: Uuid.nullable(),
  target_asset_id: Uuid.nullable(),
  account_used: short,
  red_tool_id: Uuid.nullable(),
  execution_result: ExecutionResult.nullable(),
  cleanup_done: z.boolean().nullable(),
  artefacts_md: md,
} as const;

/** Blue-side fields of `PUT /api/missions/:id/tests/:testId`. */
export const BlueFields = {
  blue_comment_md: md,
  /** Upserts by defence tool; tools not listed keep their result. */
  tool_results: z.array(ToolResultInput).max(200),
  /** Why blue's detection level differs from the suggested outcome. */
  outcome_override_reason: z.string().trim().max(5_000).nullable(),
  detection_level_id: Uuid.nullable(),
  hunt_query: z.string().max(100_000).nullable(),
  log_sources: z.string().max(20_000).nullable(),
  gap_reason: GapReason.nullable(),
} as const;

export type RedField = keyof typeof RedFields;
export type BlueField = keyof typeof BlueFields;
export const RED_FIELDS = Object.keys(RedFields) as RedField[];
export const BLUE_FIELDS = Object.keys(BlueFields) as BlueField[];

/**
 * The patch: any subset of red and blue fields. Unknown fields are refused (a typo must not
 * be silently dropped). `version` is the body alternative to `If-Match`.
 */
export const MissionTestUpdate = z
  .object({ ...RedFields, ...BlueFields, version: z.number().int().min(1) })
  .partial()
  .strict();
export type MissionTestUpdate = z.infer<typeof MissionTestUpdate>;

export const TransitionRequest = z
  .object({
    state: z.string().max(50),
    /** Why a test is skipped or could not run (blocked); kept as `state_reason`. */
    reason: z.string().trim().max(5_000).nullable().optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type TransitionRequest = z.infer<typeof TransitionRequest>;

export const MissionTestDetail = z.object({
  id: Uuid,
  mission_id: Uuid,
  scenario_id: Uuid,
  position: z.number().int(),
  template_key: z.string().nullable(),
  template_version: z.number().int().nullable(),
  snapshot_name: z.string(),
  snapshot_description: z.string().nullable(),
  snapshot_objective: z.string().nullable(),
  snapshot_procedure_md: z.string().nullable(),
  snapshot_prerequisites_md: z.string().nullable(),
  snapshot_expected_red_md: z.string().nullable(),
  snapshot_expected_blue_md: z.string().nullable(),
  snapshot_opsec_level: z.string(),
  snapshot_tags: z.array(z.string()),
  snapshot_expected_iocs: z.array(z.string()),
  snapshot_platforms: z.array(z.string()),
  snapshot_executor: Executor.nullable(),
  snapshot_input_arguments: z.array(InputArgument),
  snapshot_dependencies: z.array(Dependency),
  snapshot_dependency_executor: z.string().nullable(),
  snapshot_detection_refs: z.array(DetectionReference),
  expected_outcomes: z.array(ExpectedOutcome),
  state: TestState,
  state_reason: z.string().nullable(),
  assignee_id: Uuid.nullable(),
  planned_on: IsoDate.nullable(),
  hidden_from_blue: z.boolean(),
  include_in_report: z.boolean(),
  /**
   * A retest mission's test: the original test it retests (in the mission's
   * `retest_of_mission_id`), else null. Always sent; optional in the schema only so that
   * fixtures written before it still type-check.
   */
  retest_of_test_id: Uuid.nullable().optional(),
  executed_at: IsoDateTime.nullable(),
  executed_at_overridden: z.boolean(),
  red_command: z.string().nullable(),
  red_output: z.string().nullable(),
  red_comment_md: z.string().nullable(),
  attack_started_at: IsoDateTime.nullable(),
  attack_ended_at: IsoDateTime.nullable(),
  source_asset_id: Uuid.nullable(),
  target_asset_id: Uuid.nullable(),
  account_used: z.string().nullable(),
  red_tool_id: Uuid.nullable(),
  execution_result: ExecutionResult.nullable(),
  cleanup_done: z.boolean().nullable(),
  artefacts_md: z.string().nullable(),
  blue_comment_md: z.string().nullable(),
  detection_level_id: Uuid.nullable(),
  detection_level_key: z.string().nullable(),
  hunt_query: z.string().nullable(),
  log_sources: z.string().nullable(),
  gap_reason: GapReason.nullable(),
  last_actor_id: Uuid.nullable(),
  last_actor_email: z.string().nullable(),
  last_actor_display_name: z.string().nullable(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
  /** The mission's change sequence number of this test's last change. */
  change_seq: z.number().int(),
  version: z.number().int(),
  mitre_tags: z.array(AttackTagSnapshot),
  evidence: z.array(Evidence),
  ...TestOutcome.shape,
  /** What the caller may write here (the server stays the arbiter). */
  can: z.object({ red: z.boolean(), blue: z.boolean(), manage: z.boolean() }),
});
export type MissionTestDetail = z.infer<typeof MissionTestDetail>;

/** `GET /api/missions/:id/activity?since=ISO` or `?after_seq=N`. */
export const ActivityQuery = z.object({
  since: AnyIsoDateTime.optional(),
  after_seq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type ActivityQuery = z.output<typeof ActivityQuery>;

export const ActivityEntry = z.object({
  test_id: Uuid,
  scenario_id: Uuid,
  snapshot_name: z.string(),
  state: TestState,
  updated_at: IsoDateTime,
  change_seq: z.number().int(),
  version: z.number().int(),
  last_actor_id: Uuid.nullable(),
  last_actor_email: z.string().nullable(),
  last_actor_display_name: z.string().nullable(),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

export const Activity = z.object({
  /** Freshest first. */
  items: z.array(ActivityEntry),
  /**
   * Pass as `after_seq` next time. With `after_seq`, a page holds the oldest changes after it
   * (shown freshest first) and `has_more` says more follow, so nothing is skipped.
   */
  last_seq: z.number().int(),
  has_more: z.boolean(),
});
export type Activity = z.infer<typeof Activity>;

export const CountsAs = z.enum(['none', 'logged', 'alerted', 'prevented']);
export type CountsAs = z.infer<typeof CountsAs>;

export const DetectionLevel = z.object({
  id: Uuid,
  key: z.string(),
  label: z.string(),
  colour: z.string(),
  rank: z.number().int(),
  counts_as: CountsAs,
  coverage_score: z.number().int(),
  description: z.string().nullable(),
});
export type DetectionLevel = z.infer<typeof DetectionLevel>;
export const DetectionLevelList = z.object({ items: z.array(DetectionLevel) });

/** The four levels seeded at start (idempotently, by key). */
export const DEFAULT_DETECTION_LEVELS: ReadonlyArray<Omit<DetectionLevel, 'id'>> = [
  {
    key: 'not_detected',
    label: 'Not detected',
    colour: '#e03131',
    rank: 0,
    counts_as: 'none',
    coverage_score: 0,
    description: 'Nothing in the defences saw the test.',
  },
  {
    key: 'logged',
    label: 'Logged',
    colour: '#f59f00',
    rank: 1,
    counts_as: 'logged',
    coverage_score: 33,
    description: 'Telemetry recorded it, but no alert fired.',
  },
  {
    key: 'alerted',
    label: 'Alerted',
    colour: '#1c7ed6',
    rank: 2,
    counts_as: 'alerted',
    coverage_score: 75,
    description: 'An alert fired for it.',
  },
  {
    key: 'prevented',
    label: 'Prevented',
    colour: '#2f9e44',
    rank: 3,
    counts_as: 'prevented',
    coverage_score: 100,
    description: 'A control stopped it.',
  },
];
