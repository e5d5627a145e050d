import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from './common.js';
import { DefenceLayer } from './library.js';
import { MissionRole } from '../permissions.js';

/** Clients, missions, members, assets (the plan is in mission-plan.ts). */

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
export const ClientCreate = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  notes: optMd(20_000),
});
export type ClientCreate = z.infer<typeof ClientCreate>;
export const ClientUpdate = z
  .strictObject({
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
const MissionFieldsBase = z.strictObject({
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
  /** A retest mission: the mission whose findings it retests. */
  retest_of_mission_id: Uuid.nullable(),
  /** What the caller may do here. */
  can_manage: z.boolean(),
  sides: z.object({ red: z.boolean(), blue: z.boolean() }),
});
export type Mission = z.infer<typeof Mission>;

export const MissionQuery = z.object({
  q: z.string().max(200).optional(),
  client_id: Uuid.optional(),
  /** Retest missions of that mission (its Findings tab lists them). */
  retest_of: Uuid.optional(),
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
export const MemberAdd = z.strictObject({ user_id: Uuid, role: MissionRole });
export const MemberUpdate = z.strictObject({ role: MissionRole });
export const MissionParams = z.object({ id: Uuid });
export const MemberParams = z.object({ id: Uuid, userId: Uuid });

export const AssetKind = z.enum(['source', 'target', 'account', 'red_tool', 'defence_tool']);
export type AssetKind = z.infer<typeof AssetKind>;

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
export const AssetCreate = z.strictObject({
  kind: AssetKind,
  name: z.string().trim().min(1, 'must not be empty').max(300),
  details: z.string().max(20_000).nullable().default(null),
  layer: DefenceLayer.nullable().default(null),
});
export type AssetCreate = z.infer<typeof AssetCreate>;
export const AssetUpdate = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(300),
    details: z.string().max(20_000).nullable(),
    layer: DefenceLayer.nullable(),
    position: z.number().int().min(0),
  })
  .partial();
export type AssetUpdate = z.infer<typeof AssetUpdate>;
export const AssetParams = z.object({ id: Uuid, assetId: Uuid });

/** `GET /api/missions/:id/member-candidates?q=`: active users who are not members yet. */
export const MemberCandidateQuery = z.object({ q: z.string().max(200).optional() });
export const MemberCandidates = z.object({
  items: z.array(z.object({ id: Uuid, email: z.string(), display_name: z.string() })),
});
