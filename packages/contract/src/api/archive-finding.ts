import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from './common.js';
import { GapReason } from './execution.js';
import { FindingSeverity, FindingStatus } from '../findings.js';
import { ArchiveUserRef as UserRef, archiveText as text } from './archive-common.js';

/**
 * A finding in an archive (format 2). `test_ids` are tests of the archive (an import refuses
 * one that is not); `retest_test_ids` are tests of the retest missions, which a single-mission
 * archive does not hold: kept as the exporter's ids (provenance), restored on import only where
 * such a test exists. The ARCHIVE_BLUE_FINDING_KEYS are absent from a blue-stripped archive.
 */
export const ArchiveFinding = z.strictObject({
  id: Uuid,
  number: z.number().int().min(1),
  title: z.string().trim().min(1).max(300),
  severity: FindingSeverity,
  status: FindingStatus,
  status_reason: text(5_000),
  description_md: text(100_000),
  recommendation_md: text(100_000),
  /** Tests of the archive, in plan order. */
  test_ids: z.array(Uuid).max(500),
  // Blue (ARCHIVE_BLUE_FINDING_KEYS).
  gap_reason: GapReason.nullable().optional(),
  sigma_rule: text(100_000).optional(),
  siem_query: text(20_000).optional(),
  ticket_url: text(2_000),
  /** A member, by email; `owner_name` for the client's staff. */
  owner: UserRef,
  owner_name: text(200),
  due_on: IsoDate.nullable(),
  /** Tests of retest missions judging it (the exporter's ids; outside the archive). */
  retest_test_ids: z.array(Uuid).max(10_000),
  version: z.number().int().min(1),
  created_by: UserRef,
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type ArchiveFinding = z.infer<typeof ArchiveFinding>;
