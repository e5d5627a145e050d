import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';
import { DefenceLayer } from './library.js';

/** Per-defence-tool results of a mission test, the suggested outcome, expected vs actual. */

export const FactValue = z.enum(['yes', 'no', 'tbd']);

/** One defence tool's result as blue writes it (`tool_results[]` of the test PUT). */
export const ToolResultInput = z
  .object({
    defence_tool_id: Uuid,
    prevented: FactValue.default('tbd'),
    alerted: FactValue.default('tbd'),
    logged: FactValue.default('tbd'),
    rule_name: z.string().trim().max(500).nullable().default(null),
    rule_id: z.string().trim().max(200).nullable().default(null),
    severity: z.string().trim().max(50).nullable().default(null),
    case_id: z.string().trim().max(200).nullable().default(null),
    detected_at: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 time with a zone' })
      .nullable()
      .default(null),
    note: z.string().max(20_000).nullable().default(null),
  })
  .strict();
export type ToolResultInput = z.infer<typeof ToolResultInput>;

/** Each defence tool of the mission, with its result (all TBD until blue records one). */
export const ToolResult = z.object({
  defence_tool_id: Uuid,
  tool_name: z.string(),
  layer: DefenceLayer.nullable(),
  prevented: FactValue,
  alerted: FactValue,
  logged: FactValue,
  rule_name: z.string().nullable(),
  rule_id: z.string().nullable(),
  severity: z.string().nullable(),
  case_id: z.string().nullable(),
  detected_at: IsoDateTime.nullable(),
  note: z.string().nullable(),
  /** False while no result was recorded for this tool yet. */
  recorded: z.boolean(),
  updated_at: IsoDateTime.nullable(),
});
export type ToolResult = z.infer<typeof ToolResult>;

export const SuggestedOutcome = z.object({
  status: z.enum(['suggested', 'pending', 'no_tools']),
  detection_level_id: Uuid.nullable(),
  detection_level_key: z.string().nullable(),
  /** True when blue's detection level differs from a suggestion (see outcome_override_reason). */
  overridden: z.boolean(),
});
export type SuggestedOutcome = z.infer<typeof SuggestedOutcome>;

export const ExpectationStatusSchema = z.enum(['met', 'not_met', 'pending', 'no_tool']);
export const AchievedSchema = z.enum(['none', 'logged', 'alerted', 'prevented']);

export const ExpectedVsActual = z.object({
  layer: DefenceLayer,
  expectation: z.enum(['prevent', 'alert', 'log', 'none']),
  actual: AchievedSchema.nullable(),
  status: ExpectationStatusSchema,
});
export type ExpectedVsActual = z.infer<typeof ExpectedVsActual>;

/** Outcome fields of the test detail. */
export const TestOutcome = z.object({
  tool_results: z.array(ToolResult),
  suggested_outcome: SuggestedOutcome,
  outcome_override_reason: z.string().nullable(),
  expected_vs_actual: z.array(ExpectedVsActual),
  /** Overall: not_met if any layer is, else pending if any is, else met; null without expectations. */
  expectation_status: ExpectationStatusSchema.nullable(),
  /** Seconds from the attack start (or executed_at) to the first detection / first alert. */
  time_to_detect_s: z.number().nullable(),
  time_to_alert_s: z.number().nullable(),
});
export type TestOutcome = z.infer<typeof TestOutcome>;

const Slug = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,49}$/, 'must be a lowercase slug like "contained" (a–z, 0–9, _)');
const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1c7ed6');

export const DetectionLevelCreate = z
  .object({
    key: Slug,
    label: z.string().trim().min(1, 'must not be empty').max(100),
    colour: Colour,
    rank: z.number().int().min(0).max(1000),
    counts_as: z.enum(['none', 'logged', 'alerted', 'prevented']),
    coverage_score: z.number().int().min(0).max(100),
    description: z.string().max(2_000).nullable().default(null),
  })
  .strict();
export type DetectionLevelCreate = z.infer<typeof DetectionLevelCreate>;

/** The key is immutable: sending it is refused. */
export const DetectionLevelUpdate = z
  .object({
    label: z.string().trim().min(1, 'must not be empty').max(100),
    colour: Colour,
    rank: z.number().int().min(0).max(1000),
    counts_as: z.enum(['none', 'logged', 'alerted', 'prevented']),
    coverage_score: z.number().int().min(0).max(100),
    description: z.string().max(2_000).nullable(),
  })
  .partial()
  .strict();
export type DetectionLevelUpdate = z.infer<typeof DetectionLevelUpdate>;
export const DetectionLevelDeleteQuery = z.object({ replacement_id: Uuid.optional() });
