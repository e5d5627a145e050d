import { z } from 'zod';
import { TacticRef } from './attack.js';
import { IsoDate, IsoDateTime, Uuid } from './common.js';
import { EvidenceSide } from './evidence.js';
import { CountsAs, ExecutionResult, GapReason } from './execution.js';
import {
  AttackTagKind,
  DefenceLayer,
  DetectionReference,
  Dependency,
  Executor,
  ExpectedOutcome,
  InputArgument,
} from './library.js';
import { AssetKind, MissionStatus, MissionVisibility } from './missions.js';
import { FactValue } from './outcomes.js';
import { MissionRole } from '../permissions.js';
import { TestState } from '../test-workflow.js';

/**
 * Mission archives (docs/archives.md): `GET /api/missions/:id/archive` writes a ZIP holding
 * `manifest.json` (this schema) and `evidence/<sha256>` files; `POST /api/missions/import`
 * reads one back. Every object is strict: an unknown key refuses the archive.
 */

export const ARCHIVE_FORMAT = 'metamorph.mission-archive';
export const ARCHIVE_FORMAT_VERSION = 1;
export const ARCHIVE_MANIFEST_PATH = 'manifest.json';
export const archiveEvidencePath = (sha256: string): string => `evidence/${sha256}`;

/**
 * Caps of an archive import (besides the upload size, `ARCHIVE_UPLOAD_MAX_BYTES`, and the total
 * inflated size, `ARCHIVE_MAX_UNCOMPRESSED_BYTES`, which are settings of the server's environment).
 */
export const ARCHIVE_LIMITS = {
  /** Entries in the zip's central directory. */
  maxEntries: 50_000,
  /** The manifest is parsed in memory. */
  maxManifestBytes: 64 * 1024 * 1024,
  /** Inflated : stored bytes of one entry, checked for entries over `ratioFloorBytes`. */
  maxCompressionRatio: 200,
  ratioFloorBytes: 1024 * 1024,
} as const;

/**
 * The blue team's details: each test loses these keys and the manifest these ones in an archive
 * exported with `?blue=false` (with the blue evidence and its files). One list, read by the
 * export and by the test that checks a stripped archive.
 */
export const ARCHIVE_BLUE_TEST_KEYS = [
  'blue_comment_md',
  'detection_level',
  'hunt_query',
  'log_sources',
  'gap_reason',
  'outcome_override_reason',
  'tool_results',
] as const;
export const ARCHIVE_BLUE_MANIFEST_KEYS = ['detection_levels'] as const;
export const ARCHIVE_BLUE_KEYS: readonly string[] = [
  ...ARCHIVE_BLUE_TEST_KEYS,
  ...ARCHIVE_BLUE_MANIFEST_KEYS,
];

const Email = z.string().min(3).max(320);
const text = (max: number) => z.string().max(max).nullable();
/** A user is referred to by email (mapped to an account of the importing instance). */
const UserRef = Email.nullable();

export const ArchiveUser = z.strictObject({ email: Email, display_name: z.string().max(300) });
export type ArchiveUser = z.infer<typeof ArchiveUser>;

export const ArchiveMember = z.strictObject({
  email: Email,
  role: MissionRole,
  added_at: IsoDateTime,
});
export type ArchiveMember = z.infer<typeof ArchiveMember>;

export const ArchiveClient = z.strictObject({
  name: z.string().trim().min(1).max(200),
  notes: text(20_000),
});

export const ArchiveMission = z.strictObject({
  id: Uuid,
  name: z.string().trim().min(1).max(300),
  description_md: text(100_000),
  status: MissionStatus,
  start_date: IsoDate.nullable(),
  end_date: IsoDate.nullable(),
  environment_md: text(100_000),
  tags: z.array(z.string().trim().min(1).max(100)).max(50),
  visibility: MissionVisibility,
  version: z.number().int().min(1),
  created_by: UserRef,
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
  executive_summary_md: text(200_000),
  executive_summary_version: z.number().int().min(0),
  executive_summary_updated_at: IsoDateTime.nullable(),
  executive_summary_updated_by: UserRef,
});
export type ArchiveMission = z.infer<typeof ArchiveMission>;

export const ArchiveAsset = z.strictObject({
  id: Uuid,
  kind: AssetKind,
  name: z.string().min(1).max(300),
  details: text(20_000),
  layer: DefenceLayer.nullable(),
  position: z.number().int().min(0),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type ArchiveAsset = z.infer<typeof ArchiveAsset>;

export const ArchiveScenario = z.strictObject({
  id: Uuid,
  name: z.string().min(1).max(500),
  description: text(100_000),
  position: z.number().int().min(0),
  template_key: text(200),
  template_version: z.number().int().nullable(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type ArchiveScenario = z.infer<typeof ArchiveScenario>;

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

export const ArchiveDetectionLevel = z.strictObject({
  key: z.string().min(1).max(100),
  label: z.string().max(200),
  colour: z.string().max(50),
  rank: z.number().int(),
  counts_as: CountsAs,
  coverage_score: z.number().int(),
  description: text(5_000),
});
export type ArchiveDetectionLevel = z.infer<typeof ArchiveDetectionLevel>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');

export const ArchiveEvidence = z.strictObject({
  id: Uuid,
  test_id: Uuid,
  side: EvidenceSide,
  caption: text(2_000),
  filename: z.string().min(1).max(300),
  /** Lower-case extension with its dot, as stored. */
  ext: z.string().regex(/^\.[a-z0-9]{1,10}$/, 'must look like .png'),
  mime: z.string().min(1).max(200),
  size_bytes: z.number().int().min(0),
  sha256: Sha256,
  /** `evidence/<sha256>`: files are stored once per content. */
  path: z.string().max(80),
  uploaded_by: UserRef,
  uploaded_at: IsoDateTime,
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type ArchiveEvidence = z.infer<typeof ArchiveEvidence>;

export const ArchiveManifest = z.strictObject({
  format: z.literal(ARCHIVE_FORMAT),
  format_version: z.literal(ARCHIVE_FORMAT_VERSION),
  generator: z.strictObject({ name: z.string().max(100), version: z.string().max(100) }),
  exported_at: IsoDateTime,
  /** False for an archive exported with `?blue=false` (ARCHIVE_BLUE_KEYS left out). */
  blue_included: z.boolean(),
  client: ArchiveClient,
  mission: ArchiveMission,
  /** Everyone the mission refers to (members, assignees, authors), by email. */
  users: z.array(ArchiveUser).max(10_000),
  members: z.array(ArchiveMember).max(10_000),
  assets: z.array(ArchiveAsset).max(10_000),
  scenarios: z.array(ArchiveScenario).max(10_000),
  tests: z.array(ArchiveTest).max(100_000),
  /** The detection levels the tests use. */
  detection_levels: z.array(ArchiveDetectionLevel).max(1_000).optional(),
  evidence: z.array(ArchiveEvidence).max(100_000),
});
export type ArchiveManifest = z.infer<typeof ArchiveManifest>;

/** `GET /api/missions/:id/archive?blue=false`. */
export const ArchiveExportQuery = z.strictObject({
  blue: z.enum(['true', 'false']).default('true'),
});

/** What `mission.import` reports (the job's result). */
export const ArchiveImportReport = z.object({
  mission_id: Uuid,
  mission_name: z.string(),
  client: z.object({ id: Uuid, name: z.string(), created: z.boolean() }),
  blue_included: z.boolean(),
  counts: z.object({
    scenarios: z.number().int(),
    tests: z.number().int(),
    assets: z.number().int(),
    members: z.number().int(),
    tool_results: z.number().int(),
    evidence: z.number().int(),
    evidence_bytes: z.number().int(),
  }),
  users: z.object({
    mapped: z.array(ArchiveUser),
    /** Unknown here: kept as names in this report; their memberships were skipped. */
    unmapped: z.array(ArchiveUser.extend({ roles: z.array(z.string()) })),
  }),
  detection_levels: z.object({
    mapped: z.array(z.object({ key: z.string(), label: z.string() })),
    /** Unknown here: the tests that had one are left without a level. */
    unmapped: z.array(z.object({ key: z.string(), label: z.string(), tests: z.number().int() })),
  }),
  members_skipped: z.array(z.object({ email: z.string(), role: MissionRole })),
  /** The importer was not among the mapped members and was added as lead. */
  importer_added_as_lead: z.boolean(),
  warnings: z.array(z.string()),
});
export type ArchiveImportReport = z.infer<typeof ArchiveImportReport>;
