import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from './common.js';
import { GapReason } from './execution.js';
import { FindingSeverity, FindingStatus } from '../findings.js';
import { Job } from './jobs.js';

/** Findings, drafting, retest and compare (docs/findings.md). */

/** Text PostgreSQL can store: no NUL character. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain a NUL character');
const optText = (max: number) => text(max).nullable();

/** An http(s) URL (a ticket in the client's tracker). */
export const HttpUrl = z
  .string()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');

export const FindingParams = z.object({ id: Uuid });
export type FindingParams = z.infer<typeof FindingParams>;
export const CompareParams = z.object({ id: Uuid, otherId: Uuid });
export type CompareParams = z.infer<typeof CompareParams>;

/** Detection-engineering references: the rule to write, the query to hunt with, the ticket. */
const DetectionFields = {
  /** A proposed Sigma rule (YAML text) or a rule id. */
  sigma_rule: optText(100_000),
  siem_query: optText(20_000),
  ticket_url: HttpUrl.nullable(),
};

const EditableFields = {
  title: text(300).trim().min(1, 'must not be empty'),
  severity: FindingSeverity,
  description_md: optText(100_000),
  recommendation_md: optText(100_000),
  /** Tests of the finding's mission (422 naming any other). */
  test_ids: z.array(Uuid).max(500),
  gap_reason: GapReason.nullable(),
  ...DetectionFields,
  /** A member of the mission, or `owner_name` for the client's staff (not both). */
  owner_user_id: Uuid.nullable(),
  owner_name: optText(200),
  due_on: IsoDate.nullable(),
};

export const FindingCreate = z
  .object({
    ...EditableFields,
    severity: FindingSeverity.default('medium'),
    description_md: EditableFields.description_md.default(null),
    recommendation_md: EditableFields.recommendation_md.default(null),
    test_ids: EditableFields.test_ids.default([]),
    gap_reason: EditableFields.gap_reason.default(null),
    sigma_rule: DetectionFields.sigma_rule.default(null),
    siem_query: DetectionFields.siem_query.default(null),
    ticket_url: DetectionFields.ticket_url.default(null),
    owner_user_id: EditableFields.owner_user_id.default(null),
    owner_name: EditableFields.owner_name.default(null),
    due_on: EditableFields.due_on.default(null),
  })
  .strict();
export type FindingCreate = z.infer<typeof FindingCreate>;

export const FindingUpdate = z
  .object({
    ...EditableFields,
    status: FindingStatus,
    /** Why the risk is accepted (required with risk_accepted). */
    status_reason: optText(5_000),
    /** Optimistic concurrency, as `If-Match` (the header wins when both are sent). */
    version: z.number().int().positive(),
  })
  .partial()
  .strict();
export type FindingUpdate = z.infer<typeof FindingUpdate>;

export const FindingTechnique = z.object({
  external_id: z.string(),
  name: z.string().nullable(),
});

export const Finding = z.object({
  id: Uuid,
  mission_id: Uuid,
  /** Per mission, from 1 in creation order (shown as F-1, F-2 …). */
  number: z.number().int().positive(),
  title: z.string(),
  severity: FindingSeverity,
  status: FindingStatus,
  status_reason: z.string().nullable(),
  description_md: z.string().nullable(),
  recommendation_md: z.string().nullable(),
  /** Linked live tests the caller may see, in plan order. */
  test_ids: z.array(Uuid),
  /** Derived from the linked tests' tag snapshots (techniques and sub-techniques). */
  techniques: z.array(FindingTechnique),
  gap_reason: GapReason.nullable(),
  sigma_rule: z.string().nullable(),
  siem_query: z.string().nullable(),
  ticket_url: z.string().nullable(),
  owner_user_id: Uuid.nullable(),
  owner_display_name: z.string().nullable(),
  owner_name: z.string().nullable(),
  due_on: IsoDate.nullable(),
  /** The retest missions' tests that judge this finding. */
  retest_test_ids: z.array(Uuid),
  version: z.number().int(),
  created_by: Uuid.nullable(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type Finding = z.infer<typeof Finding>;
export const FindingList = z.object({ items: z.array(Finding) });
export type FindingList = z.infer<typeof FindingList>;

/** `findings.draft` job result: proposals only; nothing is created until accepted. */
export const FindingProposal = z.object({
  /** The group: technique ids (sorted, `+`-joined, `none` without) and gap reason. */
  key: z.string(),
  technique_ids: z.array(z.string()),
  title: z.string(),
  severity: FindingSeverity,
  description_md: z.string(),
  recommendation_md: z.string().nullable(),
  test_ids: z.array(Uuid),
  gap_reason: GapReason.nullable(),
  sigma_rule: z.string().nullable(),
  siem_query: z.string().nullable(),
});
export type FindingProposal = z.infer<typeof FindingProposal>;
export const FindingDraftResult = z.object({
  mission_id: Uuid,
  reviewed: z.number().int(),
  gaps: z.number().int(),
  proposals: z.array(FindingProposal),
});
export type FindingDraftResult = z.infer<typeof FindingDraftResult>;
export const FindingDraftRequest = z.object({}).strict();
export const FindingDraftAccepted = z.object({ job: Job });

/** The lead's edited proposals: each is created as a finding, all in one transaction. */
export const FindingAccept = z
  .object({ proposals: z.array(FindingCreate).min(1, 'must hold at least one proposal').max(200) })
  .strict();
export type FindingAccept = z.infer<typeof FindingAccept>;

export const RetestRequest = z
  .object({
    finding_ids: z.array(Uuid).min(1, 'must name at least one finding').max(200),
    name: text(300).trim().min(1).optional(),
  })
  .strict();
export type RetestRequest = z.infer<typeof RetestRequest>;
export const RetestTest = z.object({
  test_id: Uuid,
  retest_of_test_id: Uuid,
  /** `library`: re-snapshotted from the current template; `snapshot`: copied (template gone). */
  source: z.enum(['library', 'snapshot']),
  finding_ids: z.array(Uuid),
});
export const RetestResult = z.object({
  mission_id: Uuid,
  retest_of_mission_id: Uuid,
  name: z.string(),
  tests: z.array(RetestTest),
});
export type RetestResult = z.infer<typeof RetestResult>;

const RateSchema = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  rate: z.number().nullable(),
});
const CompareSide = z.object({
  test_id: Uuid,
  name: z.string(),
  state: z.string(),
  level_key: z.string().nullable(),
  verdict: z.enum(['pass', 'gap']).nullable(),
});
export const CompareMission = z.object({ id: Uuid, name: z.string(), created_at: IsoDateTime });
export const MissionCompare = z.object({
  /** A retest's original mission, else the older of the two. */
  before: CompareMission,
  after: CompareMission,
  tests: z.array(
    z.object({
      template_key: z.string().nullable(),
      matched_by: z.enum(['retest', 'template_key']).nullable(),
      before: CompareSide.nullable(),
      after: CompareSide.nullable(),
      change: z.enum(['improved', 'regressed', 'unchanged', 'pending', 'added', 'dropped']),
    }),
  ),
  detection: z.object({ before: RateSchema, after: RateSchema }),
  tactics: z.array(
    z.object({
      external_id: z.string(),
      name: z.string().nullable(),
      before: RateSchema,
      after: RateSchema,
    }),
  ),
  findings: z.object({
    total: z.number().int(),
    closed: z.number().int(),
    items: z.array(
      z.object({ id: Uuid, title: z.string(), severity: FindingSeverity, status: FindingStatus }),
    ),
  }),
});
export type MissionCompare = z.infer<typeof MissionCompare>;

export const FindingExportFormat = z.enum(['csv', 'xlsx']);
export const FindingExportQuery = z.object({ format: FindingExportFormat.default('csv') }).strict();
