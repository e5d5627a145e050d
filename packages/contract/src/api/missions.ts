import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';
import { AttackTagKind, DefenceLayer } from './library.js';
import { MissionRole } from '../permissions.js';

/** Clients, missions, members, assets and the mission plan (scenarios and tests). */

const IsoDate = z.iso.date({ error: 'must be a date like 2026-11-29' });
const optMd = (max: number) => z.string().max(max).nullable().default(null);
const Tag = z.string().trim().min(1).max(100);

export const Client = z.object({
  id: Uuid,
  name: z.string(),
  notes: z.string().nullable(),
  mission_count: z.number().int(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type Client = z.infer<typeof Client>;
export const ClientList = z.object({ items: z.array(Client) });
export const ClientCreate = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  notes: optMd(20_000),
});
export type ClientCreate = z.infer<typeof ClientCreate>;
export const ClientUpdate = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    notes: z.string().max(20_000).nullable(),
  })
  .partial();
export type ClientUpdate = z.infer<typeof ClientUpdate>;

export const MissionStatus = z.enum(['planned', 'active', 'completed', 'archived']);
export type MissionStatus = z.infer<typeof MissionStatus>;
/** Allowed status changes (the state machine is data). */
export const MISSION_STATUS_TRANSITIONS: Record<MissionStatus, readonly MissionStatus[]> = {
  planned: ['active'],
  active: ['completed'],
  completed: ['archived', 'active'],
  archived: [],
};
export const MissionVisibility = z.enum(['open', 'blind']);
export type MissionVisibility = z.infer<typeof MissionVisibility>;

/** The editable fields, without defaults (PATCH leaves out what it does not change). */
const MissionFieldsBase = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(300),
  description_md: z.string().max(100_000).nullable(),
  start_date: IsoDate.nullable(),
  end_date: IsoDate.nullable(),
  environment_md: z.string().max(100_000).nullable(),
  tags: z.array(Tag).max(50),
  /** blind: tests are hidden from blue until revealed. */
  visibility: MissionVisibility,
});

/** Create: absent fields take their defaults. */
export const MissionFields = MissionFieldsBase.extend({
  description_md: MissionFieldsBase.shape.description_md.default(null),
  start_date: MissionFieldsBase.shape.start_date.default(null),
  end_date: MissionFieldsBase.shape.end_date.default(null),
  environment_md: MissionFieldsBase.shape.environment_md.default(null),
  tags: MissionFieldsBase.shape.tags.default([]),
  visibility: MissionFieldsBase.shape.visibility.default('open'),
});

export const MissionCreate = MissionFields.extend({ client_id: Uuid });
export type MissionCreate = z.infer<typeof MissionCreate>;

/** PATCH: any subset, plus `status` for a transition; `version` guards (409 when stale). */
export const MissionUpdate = MissionFieldsBase.partial()
  .extend({
    client_id: Uuid.optional(),
    status: MissionStatus.optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type MissionUpdate = z.infer<typeof MissionUpdate>;

export const StateCounts = z.record(z.string(), z.number().int());

export const MissionSummary = z.object({
  id: Uuid,
  client: z.object({ id: Uuid, name: z.string() }),
  name: z.string(),
  status: MissionStatus,
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
  tags: z.array(z.string()),
  visibility: MissionVisibility,
  version: z.number().int(),
  /** The caller's role in the mission; null for an admin who is not a member. */
  my_role: MissionRole.nullable(),
  test_count: z.number().int(),
  state_counts: StateCounts,
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
  deleted_at: IsoDateTime.nullable(),
});
export type MissionSummary = z.infer<typeof MissionSummary>;

export const Mission = MissionSummary.extend({
  description_md: z.string().nullable(),
  environment_md: z.string().nullable(),
  source_mission_id: Uuid.nullable(),
  /** What the caller may do here. */
  can_manage: z.boolean(),
  sides: z.object({ red: z.boolean(), blue: z.boolean() }),
});
export type Mission = z.infer<typeof Mission>;

export const MissionQuery = z.object({
  q: z.string().max(200).optional(),
  client_id: Uuid.optional(),
  status: MissionStatus.optional(),
  tag: z.string().max(100).optional(),
  /** Missions running on that day (start ≤ day ≤ end; open ends count). */
  on: IsoDate.optional(),
  /** admin.missions only: soft-deleted missions too. */
  include_deleted: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type MissionQuery = z.output<typeof MissionQuery>;
export const MissionPage = z.object({
  items: z.array(MissionSummary),
  next_cursor: z.string().nullable(),
});

export const MissionMember = z.object({
  user_id: Uuid,
  email: z.string(),
  display_name: z.string(),
  role: MissionRole,
  added_at: IsoDateTime,
});
export type MissionMember = z.infer<typeof MissionMember>;
export const MissionMemberList = z.object({ items: z.array(MissionMember) });
export const MemberAdd = z.object({ user_id: Uuid, role: MissionRole });
export const MemberUpdate = z.object({ role: MissionRole });
export const MissionParams = z.object({ id: Uuid });
export const MemberParams = z.object({ id: Uuid, userId: Uuid });

export const AssetKind = z.enum(['source', 'target', 'account', 'red_tool', 'defence_tool']);
export type AssetKind = z.infer<typeof AssetKind>;

/** One ATT&CK tag as the mission test keeps it, whatever later releases say. */
export const AttackTagSnapshot = z.object({
  kind: AttackTagKind,
  external_id: z.string(),
  name: z.string().nullable(),
  url: z.string().nullable(),
  /** The ATT&CK release the name and url come from; null when the catalog did not know it. */
  attack_release: z.string().nullable(),
});
export type AttackTagSnapshot = z.infer<typeof AttackTagSnapshot>;

export const TestState = z.enum(['pending', 'executed', 'reviewed_by_blue', 'skipped', 'blocked']);
export type TestState = z.infer<typeof TestState>;

export const MissionTestSummary = z.object({
  id: Uuid,
  scenario_id: Uuid,
  position: z.number().int(),
  snapshot_name: z.string(),
  state: TestState,
  assignee_id: Uuid.nullable(),
  planned_on: z.string().nullable(),
  hidden_from_blue: z.boolean(),
  template_key: z.string().nullable(),
  template_version: z.number().int().nullable(),
  mitre_tags: z.array(AttackTagSnapshot),
  version: z.number().int(),
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
  .object({
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

export const MissionAsset = z.object({
  id: Uuid,
  kind: AssetKind,
  name: z.string(),
  details: z.string().nullable(),
  /** Defence tools only: the layer blue records results against. */
  layer: DefenceLayer.nullable(),
  position: z.number().int(),
});
export type MissionAsset = z.infer<typeof MissionAsset>;
export const MissionAssetList = z.object({ items: z.array(MissionAsset) });
export const AssetCreate = z.object({
  kind: AssetKind,
  name: z.string().trim().min(1, 'must not be empty').max(300),
  details: z.string().max(20_000).nullable().default(null),
  layer: DefenceLayer.nullable().default(null),
});
export type AssetCreate = z.infer<typeof AssetCreate>;
export const AssetUpdate = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(300),
    details: z.string().max(20_000).nullable(),
    layer: DefenceLayer.nullable(),
    position: z.number().int().min(0),
  })
  .partial();
export type AssetUpdate = z.infer<typeof AssetUpdate>;
export const AssetParams = z.object({ id: Uuid, assetId: Uuid });

/** `PATCH /api/missions/:id/scenarios/:scenarioId`: rename or move (0-based position). */
export const ScenarioPatch = z
  .object({
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
  .object({
    scenario_id: Uuid,
    position: z.number().int().min(0),
    assignee_id: Uuid.nullable(),
    planned_on: IsoDate.nullable(),
    hidden_from_blue: z.boolean(),
  })
  .partial();
export type TestPlanPatch = z.infer<typeof TestPlanPatch>;
export const TestParams = z.object({ id: Uuid, testId: Uuid });

/** `POST /api/missions/:id/tests`: an ad hoc test written in the mission. */
export const AdHocTestCreate = z.object({
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

/** `GET /api/missions/:id/member-candidates?q=`: active users who are not members yet. */
export const MemberCandidateQuery = z.object({ q: z.string().max(200).optional() });
export const MemberCandidates = z.object({
  items: z.array(z.object({ id: Uuid, email: z.string(), display_name: z.string() })),
});
