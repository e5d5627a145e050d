import { z } from 'zod';
import { IsoDate, Uuid } from './common.js';
import { TacticRef } from './attack.js';
import { AttackTagKind } from './library.js';
import { TestState } from '../test-workflow.js';

/** The mission plan: scenarios and tests snapshotted from the library, and their planning. */

/** One ATT&CK tag as the mission test keeps it, whatever later releases say. */
export const AttackTagSnapshot = z.object({
  kind: AttackTagKind,
  external_id: z.string(),
  name: z.string().nullable(),
  url: z.string().nullable(),
  /** The ATT&CK release the name and url come from; null when the catalog did not know it. */
  attack_release: z.string().nullable(),
  /** For technique tags, their tactics in that release (matrix order); empty otherwise. */
  tactics: z.array(TacticRef),
});
export type AttackTagSnapshot = z.infer<typeof AttackTagSnapshot>;

export const MissionTestSummary = z.object({
  id: Uuid,
  scenario_id: Uuid,
  position: z.number().int(),
  snapshot_name: z.string(),
  state: TestState,
  assignee_id: Uuid.nullable(),
  planned_on: z.string().nullable(),
  hidden_from_blue: z.boolean(),
  /** Planning: the test is left out of reports when false. */
  include_in_report: z.boolean(),
  /**
   * A retest mission's test: the original test it retests (in the mission's
   * `retest_of_mission_id`), else null. Always sent; optional in the schema only so that
   * fixtures written before it still type-check.
   */
  retest_of_test_id: Uuid.nullable().optional(),
  template_key: z.string().nullable(),
  template_version: z.number().int().nullable(),
  mitre_tags: z.array(AttackTagSnapshot),
  version: z.number().int(),
  /** Blue's overall outcome (see GET /api/detection-levels for its key and colour). */
  detection_level_id: Uuid.nullable(),
  /** Expected vs actual over the test's defence layers; null without expectations. */
  expectation_status: z.enum(['met', 'not_met', 'pending', 'no_tool']).nullable(),
});
export type MissionTestSummary = z.infer<typeof MissionTestSummary>;

export const MissionScenario = z.object({
  id: Uuid,
  name: z.string(),
  description: z.string().nullable(),
  position: z.number().int(),
  template_key: z.string().nullable(),
  template_version: z.number().int().nullable(),
  tests: z.array(MissionTestSummary),
});
export type MissionScenario = z.infer<typeof MissionScenario>;
export const MissionPlan = z.object({ scenarios: z.array(MissionScenario) });
export type MissionPlan = z.infer<typeof MissionPlan>;

/** `POST /api/missions/:id/scenarios`: a scenario template, or a selection of test templates. */
export const AddScenarioRequest = z
  .strictObject({
    scenario_template_id: Uuid.optional(),
    test_template_ids: z.array(Uuid).min(1).max(2000).optional(),
    /** The scenario's name for a selection of tests (default "Selected tests"). */
    name: z.string().trim().min(1).max(500).optional(),
  })
  .refine(
    (b) => (b.scenario_template_id === undefined) !== (b.test_template_ids === undefined),
    'give exactly one of scenario_template_id and test_template_ids',
  );
export type AddScenarioRequest = z.infer<typeof AddScenarioRequest>;

/** `PATCH /api/missions/:id/scenarios/:scenarioId`: rename or move (0-based position). */
export const ScenarioPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(500),
    description: z.string().max(100_000).nullable(),
    position: z.number().int().min(0),
  })
  .partial();
export type ScenarioPatch = z.infer<typeof ScenarioPatch>;
export const ScenarioParams = z.object({ id: Uuid, scenarioId: Uuid });

/**
 * `PATCH /api/missions/:id/tests/:testId/plan`: planning fields (leads). Moving a test takes
 * `scenario_id` and/or `position` (0-based within the scenario).
 */
export const TestPlanPatch = z
  .strictObject({
    scenario_id: Uuid,
    position: z.number().int().min(0),
    assignee_id: Uuid.nullable(),
    planned_on: IsoDate.nullable(),
    hidden_from_blue: z.boolean(),
    include_in_report: z.boolean(),
  })
  .partial();
export type TestPlanPatch = z.infer<typeof TestPlanPatch>;
export const TestParams = z.object({ id: Uuid, testId: Uuid });

/** `POST /api/missions/:id/tests`: an ad hoc test written in the mission. */
export const AdHocTestCreate = z.strictObject({
  scenario_id: Uuid,
  name: z.string().trim().min(1, 'must not be empty').max(500),
  description: z.string().max(100_000).nullable().default(null),
  objective: z.string().max(100_000).nullable().default(null),
  procedure_md: z.string().max(200_000).nullable().default(null),
  expected_red_md: z.string().max(100_000).nullable().default(null),
  expected_blue_md: z.string().max(100_000).nullable().default(null),
  attack_ids: z
    .array(
      z.string().regex(/^(TA\d{4}|T\d{4}(\.\d{3})?)$/, 'must look like TA0002, T1059 or T1059.001'),
    )
    .max(100)
    .default([]),
  platforms: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
});
export type AdHocTestCreate = z.infer<typeof AdHocTestCreate>;

/** `POST /api/missions/:id/import/layer`: the plan from an ATT&CK Navigator layer. */
export const LayerImportResult = z.object({
  scenario: MissionScenario,
  /** Techniques planned with a library template / with a bare test. */
  from_library: z.array(z.string()),
  bare: z.array(z.string()),
  /** Ids left out: unknown to the catalog, revoked or deprecated (with the replacement). */
  unknown: z.array(z.string()),
  revoked: z.array(z.object({ external_id: z.string(), revoked_by: z.string().nullable() })),
  deprecated: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type LayerImportResult = z.infer<typeof LayerImportResult>;
