import { z } from 'zod';
import { TestState } from '../test-workflow.js';
import { IsoDate, Uuid } from './common.js';
import { DefenceLayer } from './library.js';
import { FindingSeverity, FindingStatus } from '../findings.js';

/** Mission dashboard, heat map and the filter every number clicks through with. */

export const OutcomeBasisParam = z.enum(['reviewed', 'recorded']);
export const AggregateRuleParam = z.enum(['worst', 'best', 'latest']);
export const ExpectationResult = z.enum(['met', 'better', 'not_met', 'pending', 'no_tool']);
export type ExpectationResult = z.infer<typeof ExpectationResult>;
export const ResultClassParam = z.enum([
  'pending',
  'skipped',
  'blocked',
  'awaiting_outcome',
  'awaiting_review',
  'none',
  'logged',
  'alerted',
  'prevented',
  /** alerted or prevented */
  'detected',
]);
export const ToolFactParam = z.enum(['seen', 'prevented', 'alerted', 'logged', 'missed']);

/**
 * Which tests stand behind a number: every dashboard and heat-map figure carries the filter
 * that lists its tests (`GET /api/missions/:id/results/tests?…`), counted and listed by the
 * same function so the two never disagree.
 */
export const ResultFilter = z
  .object({
    basis: OutcomeBasisParam.default('reviewed'),
    state: TestState.optional(),
    class: ResultClassParam.optional(),
    level: z.string().max(100).optional(),
    tactic: z.string().max(20).optional(),
    /** A technique or sub-technique id (exact tag). */
    technique: z.string().max(20).optional(),
    tool: Uuid.optional(),
    tool_fact: ToolFactParam.optional(),
    expectation: ExpectationResult.optional(),
    gap_reason: z.string().max(500).optional(),
    overridden: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type ResultFilter = z.infer<typeof ResultFilter>;

const Rate = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  rate: z.number().nullable(),
});
const Duration = z.object({
  count: z.number().int(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
});
const Count = z.object({ count: z.number().int(), filter: ResultFilter });
export const ResultLevelInfo = z.object({
  id: Uuid,
  key: z.string(),
  label: z.string(),
  colour: z.string(),
  rank: z.number().int(),
  counts_as: z.enum(['none', 'logged', 'alerted', 'prevented']),
  coverage_score: z.number().int(),
});
export type ResultLevelInfo = z.infer<typeof ResultLevelInfo>;

export const MissionDashboard = z.object({
  mission: z.object({
    id: Uuid,
    name: z.string(),
    client_id: Uuid.nullable(),
    client_name: z.string().nullable(),
    start_date: IsoDate.nullable(),
    end_date: IsoDate.nullable(),
  }),
  basis: OutcomeBasisParam,
  /** The mission's change sequence the numbers were computed at. */
  change_seq: z.number().int(),
  tests: z.number().int(),
  by_state: z.array(z.object({ state: TestState, label: z.string(), ...Count.shape })),
  /** Outcome distribution by detection level (rank order), over tests with an outcome. */
  by_level: z.array(z.object({ level: ResultLevelInfo, ...Count.shape })),
  awaiting: z.object({ outcome: Count, review: Count }),
  detection: Rate.extend({ filter: ResultFilter }),
  prevention: Rate.extend({ filter: ResultFilter }),
  /** Logged only (visibility without an alert), reported apart from detection. */
  visibility: Rate.extend({ filter: ResultFilter }),
  by_tactic: z.array(
    z.object({
      external_id: z.string(),
      shortname: z.string().nullable(),
      name: z.string().nullable(),
      tests: z.number().int(),
      with_outcome: z.number().int(),
      prevented: z.number().int(),
      alerted: z.number().int(),
      logged: z.number().int(),
      none: z.number().int(),
      detection_rate: z.number().nullable(),
      filter: ResultFilter,
    }),
  ),
  /** Seconds from the attack window start (else executed_at) to the earliest detected_at. */
  time_to_detect: Duration,
  time_to_alert: Duration,
  by_tool: z.array(
    z.object({
      id: Uuid,
      name: z.string(),
      layer: DefenceLayer.nullable(),
      seen: Count,
      prevented: Count,
      alerted: Count,
      logged: Count,
      missed: Count,
    }),
  ),
  expectations: z.array(z.object({ result: ExpectationResult, ...Count.shape })),
  gap_reasons: z.array(z.object({ reason: z.string(), ...Count.shape })),
  overridden: Count,
});
export type MissionDashboard = z.infer<typeof MissionDashboard>;

export const ResultTestItem = z.object({
  id: Uuid,
  name: z.string(),
  scenario_name: z.string(),
  state: TestState,
  level: ResultLevelInfo.nullable(),
  technique_ids: z.array(z.string()),
  executed_at: z.string().nullable(),
});
export const ResultTestList = z.object({
  filter: ResultFilter,
  items: z.array(ResultTestItem),
});
export type ResultTestList = z.infer<typeof ResultTestList>;

/** One technique's cell: its own tests, aggregated by the rule. */
export const HeatmapCell = z.object({
  technique_id: z.string(),
  name: z.string().nullable(),
  status: z.enum(['outcome', 'awaiting', 'untested']),
  level: ResultLevelInfo.nullable(),
  tests: z.number().int(),
  with_outcome: z.number().int(),
  /** Tests that alerted or prevented (the numerator of the cell's fraction). */
  detected: z.number().int(),
  /** The test that decided the colour. */
  deciding_test_id: Uuid.nullable(),
  /** Missions behind the cell (coverage across missions). */
  mission_ids: z.array(Uuid),
  /**
   * Open findings (OPEN_FINDING_STATUSES) of the technique the caller may see: set on the
   * mission heat map and coverage answers (their `open_findings` lists them).
   */
  open_findings: z.number().int().optional(),
});
export type HeatmapCell = z.infer<typeof HeatmapCell>;
export const HeatmapQuery = z
  .object({
    rule: AggregateRuleParam.default('worst'),
    basis: OutcomeBasisParam.default('reviewed'),
  })
  .strict();
/**
 * An open finding on a heat map: its techniques are those of its linked tests the caller sees
 * (the findings hidden rule applies: a blue-only member never sees one on hidden tests only).
 */
export const HeatmapFinding = z.object({
  id: Uuid,
  mission_id: Uuid,
  mission_name: z.string(),
  number: z.number().int(),
  title: z.string(),
  severity: FindingSeverity,
  status: FindingStatus,
  technique_ids: z.array(z.string()),
});
export type HeatmapFinding = z.infer<typeof HeatmapFinding>;

export const Heatmap = z.object({
  rule: AggregateRuleParam,
  basis: OutcomeBasisParam,
  levels: z.array(ResultLevelInfo),
  /** Keyed by the matrix (GET /api/attack/matrix) in the browser and in reports. */
  cells: z.array(HeatmapCell),
  /** The mission's open findings the caller sees, by number (cells count them). */
  open_findings: z.array(HeatmapFinding).default([]),
});
export type Heatmap = z.infer<typeof Heatmap>;

/** `GET /api/missions/:id/layer`: the ATT&CK Navigator layer of the mission's outcomes. */
export const LayerQuery = z
  .object({
    /** Default worst, as the heat map. */
    rule: AggregateRuleParam.default('worst'),
    basis: OutcomeBasisParam.default('reviewed'),
  })
  .strict();
export type LayerQuery = z.output<typeof LayerQuery>;
