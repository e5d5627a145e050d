import { z } from 'zod';

/**
 * Mission archives (docs/archives.md): `GET /api/missions/:id/archive` writes a ZIP holding
 * `manifest.json` (`ArchiveManifest`) and `evidence/<sha256>` files; `POST /api/missions/import`
 * reads one back. Every object is strict: an unknown key refuses the archive. This file holds
 * the format's constants, caps, the blue-key lists and the field helpers the parts share.
 */

export const ARCHIVE_FORMAT = 'metamorph.mission-archive';
/**
 * Written by this version. 2 added `findings[]`, `mission.retest_of_mission_id` and
 * `tests[].retest_of_test_id`; version 1 archives (without them) are still read.
 */
export const ARCHIVE_FORMAT_VERSION = 2;
export const ARCHIVE_READABLE_VERSIONS: readonly number[] = [1, 2];
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
 * The blue team's details: each test loses these keys, each finding these, and the manifest
 * these ones in an archive exported with `?blue=false` (with the blue evidence and its files).
 * One list, read by the export, the import check and the test that walks a stripped archive.
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
/** A finding's detection-engineering details (the gap, the rule to write, the hunt query). */
export const ARCHIVE_BLUE_FINDING_KEYS = ['gap_reason', 'sigma_rule', 'siem_query'] as const;
export const ARCHIVE_BLUE_MANIFEST_KEYS = ['detection_levels'] as const;
export const ARCHIVE_BLUE_KEYS: readonly string[] = [
  ...ARCHIVE_BLUE_TEST_KEYS,
  ...ARCHIVE_BLUE_FINDING_KEYS,
  ...ARCHIVE_BLUE_MANIFEST_KEYS,
];

export const ArchiveEmail = z.string().min(3).max(320);
/** Nullable text of at most `max` characters. */
export const archiveText = (max: number) => z.string().max(max).nullable();
/** A user is referred to by email (mapped to an account of the importing instance). */
export const ArchiveUserRef = ArchiveEmail.nullable();

export const ArchiveUser = z.strictObject({
  email: ArchiveEmail,
  display_name: z.string().max(300),
});
export type ArchiveUser = z.infer<typeof ArchiveUser>;
