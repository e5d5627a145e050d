import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from './common.js';
import { EvidenceSide } from './evidence.js';
import { CountsAs } from './execution.js';
import { DefenceLayer } from './library.js';
import { AssetKind, MissionStatus, MissionVisibility } from './missions.js';
import { MissionRole } from '../permissions.js';
import {
  ARCHIVE_FORMAT,
  ArchiveEmail as Email,
  ArchiveUser,
  ArchiveUserRef as UserRef,
  archiveText as text,
} from './archive-common.js';
import { ArchiveFinding } from './archive-finding.js';
import { ArchiveTest } from './archive-test.js';

export * from './archive-common.js';
export * from './archive-finding.js';
export * from './archive-report.js';
export * from './archive-test.js';

/**
 * The mission archive's manifest (docs/archives.md): the mission and its client, people,
 * assets, scenarios, tests (archive-test.ts), findings (archive-finding.ts), levels and evidence.
 */

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
  /**
   * Format 2: the mission this one retests (the exporter's id; provenance, outside the
   * archive). Restored on import only when that mission exists there, for the same client.
   */
  retest_of_mission_id: Uuid.nullable().optional(),
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
  /** 1 or 2 (ARCHIVE_READABLE_VERSIONS); 1 has no findings or retest links. */
  format_version: z.union([z.literal(1), z.literal(2)]),
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
  /** Format 2 (always written, possibly empty); absent from format 1. */
  findings: z.array(ArchiveFinding).max(100_000).optional(),
});
export type ArchiveManifest = z.infer<typeof ArchiveManifest>;
