import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from './common.js';
import { MissionScenario } from './mission-plan.js';
import { AggregateRuleParam, OutcomeBasisParam, ResultLevelInfo } from './results-dashboard.js';

/**
 * Threat-informed coverage (issue 25): threat profiles of a client, their coverage by the
 * client's missions and what to test next. docs/threat-coverage.md defines every number.
 */

export const GROUP_ID = /^G\d{4}$/;
export const SOFTWARE_ID = /^S\d{4}$/;
export const CAMPAIGN_ID = /^C\d{4}$/;
export const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/;

const ids = (re: RegExp, example: string) =>
  z.array(z.string().regex(re, `must be an ATT&CK id like ${example}`)).max(500);

export const ThreatExtraTechnique = z.strictObject({
  technique_id: z.string().regex(TECHNIQUE_ID, 'must be a technique id like T1059 or T1059.001'),
  /** How much the technique matters (default weight of resolved techniques: 1). */
  weight: z.number().positive('must be above 0').max(100),
});
export type ThreatExtraTechnique = z.infer<typeof ThreatExtraTechnique>;

const profileFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200),
  description: z.string().max(20_000).nullable(),
  group_ids: ids(GROUP_ID, 'G0016'),
  software_ids: ids(SOFTWARE_ID, 'S0154'),
  campaign_ids: ids(CAMPAIGN_ID, 'C0024'),
  extra: z.array(ThreatExtraTechnique).max(2000),
};

/** `POST /api/clients/:id/threat-profiles`. */
export const ThreatProfileCreate = z.strictObject({
  name: profileFields.name,
  description: profileFields.description.optional(),
  group_ids: profileFields.group_ids.default([]),
  software_ids: profileFields.software_ids.default([]),
  campaign_ids: profileFields.campaign_ids.default([]),
  extra: profileFields.extra.default([]),
});
export type ThreatProfileCreate = z.infer<typeof ThreatProfileCreate>;

/** `PATCH …/threat-profiles/:profileId` (If-Match: the profile's version, or `version`). */
export const ThreatProfileUpdate = z
  .strictObject({ ...profileFields, version: z.number().int().min(1) })
  .partial();
export type ThreatProfileUpdate = z.infer<typeof ThreatProfileUpdate>;

export const ThreatProfileParams = z.object({ id: Uuid, profileId: Uuid });
export type ThreatProfileParams = z.infer<typeof ThreatProfileParams>;

/** `POST …/threat-profiles/import-layer?name=`: the layer is the body, as Navigator wrote it. */
export const ThreatLayerImportQuery = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
});

export const ThreatProfileTechnique = z.object({
  technique_id: z.string(),
  name: z.string(),
  /** Tactic shortnames in the current release. */
  tactics: z.array(z.string()),
  weight: z.number(),
  /** The profile's groups, software and campaigns that use it (empty: an extra technique). */
  groups: z.array(z.string()),
});
export type ThreatProfileTechnique = z.infer<typeof ThreatProfileTechnique>;

export const ThreatProfile = z.object({
  id: Uuid,
  client_id: Uuid,
  name: z.string(),
  description: z.string().nullable(),
  group_ids: z.array(z.string()),
  software_ids: z.array(z.string()),
  campaign_ids: z.array(z.string()),
  extra: z.array(ThreatExtraTechnique),
  /** `manual`, or `layer:<layer name>`. */
  source: z.string(),
  attack_release: z.object({ id: Uuid, version: z.string() }).nullable(),
  techniques: z.array(ThreatProfileTechnique),
  version: z.number().int(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type ThreatProfile = z.infer<typeof ThreatProfile>;
export const ThreatProfileList = z.object({ items: z.array(ThreatProfile) });

export const ThreatStatus = z.enum(['detected', 'logged', 'missed', 'not_tested']);
export type ThreatStatus = z.infer<typeof ThreatStatus>;

const judging = {
  rule: AggregateRuleParam.default('latest'),
  basis: OutcomeBasisParam.default('reviewed'),
  /** A detection level key: detected means alerted or prevented at this level's rank or above. */
  min_level: z.string().trim().min(1).max(100).optional(),
};
export const ThreatCoverageQuery = z.strictObject(judging);
export type ThreatCoverageQuery = z.infer<typeof ThreatCoverageQuery>;

/** What a threat coverage score is computed from (shown beside it, never alone). */
export const ThreatScoreInputs = z.object({
  techniques: z.number().int(),
  detected: z.number().int(),
  logged: z.number().int(),
  missed: z.number().int(),
  not_tested: z.number().int(),
  /** Σ importance of the detected techniques / Σ importance of every technique counted. */
  detected_importance: z.number(),
  total_importance: z.number(),
});
export type ThreatScoreInputs = z.infer<typeof ThreatScoreInputs>;

export const ThreatCoverageTechnique = ThreatProfileTechnique.extend({
  status: ThreatStatus,
  /** weight × max(1, groups.length). */
  importance: z.number(),
  /** The deciding level under the rule (null: not tested). */
  level: ResultLevelInfo.nullable(),
  /** The tests that decided the status. */
  tests: z.array(Uuid),
  mission_ids: z.array(Uuid),
  /** Newest executed_at among the technique's tests with an outcome. */
  last_tested_at: IsoDateTime.nullable(),
});
export type ThreatCoverageTechnique = z.infer<typeof ThreatCoverageTechnique>;

export const ThreatCoverage = z.object({
  client: z.object({ id: Uuid, name: z.string() }),
  profile: z.object({ id: Uuid, name: z.string(), version: z.number().int() }),
  rule: AggregateRuleParam,
  basis: OutcomeBasisParam,
  min_level: ResultLevelInfo.nullable(),
  /** Share of the profile's importance detected; null when the profile has no technique. */
  score: z.number().nullable(),
  inputs: ThreatScoreInputs,
  by_tactic: z.array(
    z.object({
      tactic: z.string(),
      name: z.string().nullable(),
      score: z.number().nullable(),
      inputs: ThreatScoreInputs,
    }),
  ),
  techniques: z.array(ThreatCoverageTechnique),
  missions: z.array(z.object({ id: Uuid, name: z.string(), date: IsoDate })),
  /** Per mission date: the score as of that date (missions up to it), and its missions alone. */
  trend: z.array(
    z.object({
      date: IsoDate,
      mission_ids: z.array(Uuid),
      score: z.number().nullable(),
      inputs: ThreatScoreInputs,
      alone_score: z.number().nullable(),
      alone_inputs: ThreatScoreInputs,
    }),
  ),
});
export type ThreatCoverage = z.infer<typeof ThreatCoverage>;

const csv = z
  .string()
  .max(2000)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().max(100)).max(50));

export const NextTestsQuery = z.strictObject({
  ...judging,
  /** Results older than this many days count as not tested (reason `stale`). */
  stale_days: z.coerce.number().int().min(0).max(36_500).optional(),
  /** Only templates for any of these platforms (templates without platforms always). */
  platforms: csv.optional(),
});
export type NextTestsQuery = z.infer<typeof NextTestsQuery>;

export const NextTestReason = z.enum(['missed', 'not_tested', 'stale']);
export type NextTestReason = z.infer<typeof NextTestReason>;

export const NextTestTemplate = z.object({
  id: Uuid,
  key: z.string(),
  name: z.string(),
  platforms: z.array(z.string()),
  source: z.string(),
});
export type NextTestTemplate = z.infer<typeof NextTestTemplate>;

export const NextTestItem = z.object({
  rank: z.number().int(),
  technique_id: z.string(),
  name: z.string(),
  tactics: z.array(z.string()),
  reason: NextTestReason,
  status: ThreatStatus,
  groups: z.array(z.string()),
  weight: z.number(),
  /** groups × weight: weight × max(1, groups.length), the first ranking key. */
  priority: z.number(),
  last_tested_at: IsoDateTime.nullable(),
  templates: z.array(NextTestTemplate),
});
export type NextTestItem = z.infer<typeof NextTestItem>;

export const NextTests = z.object({
  profile: z.object({ id: Uuid, name: z.string(), version: z.number().int() }),
  rule: AggregateRuleParam,
  basis: OutcomeBasisParam,
  min_level: ResultLevelInfo.nullable(),
  stale_days: z.number().int().nullable(),
  platforms: z.array(z.string()),
  as_of: IsoDateTime,
  items: z.array(NextTestItem),
});
export type NextTests = z.infer<typeof NextTests>;

/** `POST …/next-tests/plan`: the chosen templates into a planned/active mission or a new one. */
export const NextTestsPlan = z
  .strictObject({
    mission_id: Uuid.optional(),
    /** A new mission of the client with this name. */
    mission_name: z.string().trim().min(1).max(200).optional(),
    template_ids: z.array(Uuid).min(1).max(500),
    scenario_name: z.string().trim().min(1).max(500).optional(),
  })
  .refine(
    (b) => (b.mission_id === undefined) !== (b.mission_name === undefined),
    'give exactly one of mission_id and mission_name',
  );
export type NextTestsPlan = z.infer<typeof NextTestsPlan>;

export const NextTestsPlanResult = z.object({
  mission_id: Uuid,
  created_mission: z.boolean(),
  scenario: MissionScenario,
});
export type NextTestsPlanResult = z.infer<typeof NextTestsPlanResult>;
