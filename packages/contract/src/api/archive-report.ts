import { z } from 'zod';
import { Uuid } from './common.js';
import { MissionRole } from '../permissions.js';
import { ArchiveUser } from './archive-common.js';

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
    /** Format 2 archives (0 for format 1). */
    findings: z.number().int().default(0),
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
  /**
   * Links to other missions (retests): restored where the target exists on this instance,
   * else dropped (counted here).
   */
  retest_links: z
    .object({
      mission_restored: z.boolean().nullable(),
      tests_restored: z.number().int(),
      tests_dropped: z.number().int(),
      finding_retests_restored: z.number().int(),
      finding_retests_dropped: z.number().int(),
    })
    .default({
      mission_restored: null,
      tests_restored: 0,
      tests_dropped: 0,
      finding_retests_restored: 0,
      finding_retests_dropped: 0,
    }),
  members_skipped: z.array(z.object({ email: z.string(), role: MissionRole })),
  /** The importer was not among the mapped members and was added as lead. */
  importer_added_as_lead: z.boolean(),
  warnings: z.array(z.string()),
});
export type ArchiveImportReport = z.infer<typeof ArchiveImportReport>;
