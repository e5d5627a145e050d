import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from './common.js';
import { AggregateRuleParam, OutcomeBasisParam, ResultLevelInfo } from './results-dashboard.js';
import { ThreatStatus } from './threats.js';

/**
 * DeTT&CT interop (issue 25 point 4): a client's claimed coverage from a DeTT&CT
 * techniques-administration file (version 1.2), compared with what its missions tested, and
 * the tested coverage exported back in that format. docs/threat-coverage.md describes both.
 */

/** The largest DeTT&CT file read (YAML text). */
export const DETTECT_MAX_BYTES = 5 * 1024 * 1024;
/** DeTT&CT's detection scale: −1 (none) … 5; visibility: 0 … 4. */
export const DETTECT_DETECTION_MIN = -1;
export const DETTECT_DETECTION_MAX = 5;
export const DETTECT_VISIBILITY_MIN = 0;
export const DETTECT_VISIBILITY_MAX = 4;

export const DettectImport = z.strictObject({
  file_name: z.string().trim().min(1).max(255),
  content: z.string().min(1).max(DETTECT_MAX_BYTES),
});
export type DettectImport = z.infer<typeof DettectImport>;

/** One detection or visibility object: its current score (the latest logbook entry). */
export const DettectScoreObject = z.object({
  applicable_to: z.array(z.string()),
  score: z.number().int().nullable(),
  date: IsoDate.nullable(),
});
export type DettectScoreObject = z.infer<typeof DettectScoreObject>;

export const DettectClaimTechnique = z.object({
  technique_id: z.string(),
  technique_name: z.string().nullable(),
  detection: z.array(DettectScoreObject),
  visibility: z.array(DettectScoreObject),
  /** max over applicable_to of the latest detection score (null: no scored detection). */
  detection_score: z.number().int().nullable(),
  /** The date of that score's logbook entry. */
  detection_date: IsoDate.nullable(),
  visibility_score: z.number().int().nullable(),
});
export type DettectClaimTechnique = z.infer<typeof DettectClaimTechnique>;

export const DettectClaims = z.object({
  id: Uuid,
  client_id: Uuid,
  file_name: z.string(),
  /** The file's own `name`. */
  name: z.string().nullable(),
  imported_at: IsoDateTime,
  imported_by: z.object({ id: Uuid, name: z.string() }).nullable(),
  techniques: z.array(DettectClaimTechnique),
});
export type DettectClaims = z.infer<typeof DettectClaims>;

/** The client's current claims (the latest import), or null before any import. */
export const DettectClaimsState = z.object({ claims: DettectClaims.nullable() });
export type DettectClaimsState = z.infer<typeof DettectClaimsState>;

export const DettectDiscrepancyKind = z.enum([
  'claimed_missed',
  'unclaimed_detected',
  'claim_older_than_test',
]);
export type DettectDiscrepancyKind = z.infer<typeof DettectDiscrepancyKind>;

const judging = {
  rule: AggregateRuleParam.default('latest'),
  basis: OutcomeBasisParam.default('reviewed'),
};

export const ClaimedVsTestedQuery = z.strictObject({
  profile_id: Uuid,
  ...judging,
  min_level: z.string().trim().min(1).max(100).optional(),
});
export type ClaimedVsTestedQuery = z.infer<typeof ClaimedVsTestedQuery>;

export const ClaimedVsTestedRow = z.object({
  technique_id: z.string(),
  name: z.string(),
  /** Whether the technique is one of the profile's (others are claimed only). */
  in_profile: z.boolean(),
  claimed_score: z.number().int().nullable(),
  claim_date: IsoDate.nullable(),
  status: ThreatStatus,
  level: ResultLevelInfo.nullable(),
  /** The deciding tests (links to their pages). */
  tests: z.array(z.object({ id: Uuid, mission_id: Uuid, name: z.string() })),
  mission_ids: z.array(Uuid),
  last_tested_at: IsoDateTime.nullable(),
  discrepancies: z.array(DettectDiscrepancyKind),
});
export type ClaimedVsTestedRow = z.infer<typeof ClaimedVsTestedRow>;

export const ClaimedVsTested = z.object({
  client: z.object({ id: Uuid, name: z.string() }),
  profile: z.object({ id: Uuid, name: z.string() }),
  claims: z.object({ id: Uuid, file_name: z.string(), imported_at: IsoDateTime }).nullable(),
  rule: AggregateRuleParam,
  basis: OutcomeBasisParam,
  min_level: ResultLevelInfo.nullable(),
  counts: z.record(DettectDiscrepancyKind, z.number().int()),
  techniques: z.array(ClaimedVsTestedRow),
});
export type ClaimedVsTested = z.infer<typeof ClaimedVsTested>;

export const DettectExportQuery = z.strictObject(judging);
export type DettectExportQuery = z.infer<typeof DettectExportQuery>;

/** Detection level key → DeTT&CT detection score (the `dettect.detection_scores` setting). */
export const DettectDetectionScores = z.record(
  z.string().regex(/^[a-z][a-z0-9_-]{0,99}$/, 'must be a detection level key'),
  z.number().int().min(DETTECT_DETECTION_MIN).max(DETTECT_DETECTION_MAX),
);
export const DETTECT_DEFAULT_SCORES: Record<string, number> = {
  not_detected: -1,
  logged: 1,
  alerted: 3,
  prevented: 4,
};
