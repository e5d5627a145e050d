import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uuid,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { ts } from './columns.js';
import { users } from './identity.js';
import { missionAssets, missionTests, missions } from './missions.js';

/** Evidence files of a mission test; the bytes live in the evidence store. */
export const evidenceFiles = pgTable(
  'evidence_files',
  {
    id: uuid('id').primaryKey(),
    missionId: uuid('mission_id')
      .notNull()
      .references(() => missions.id, { onDelete: 'cascade' }),
    testId: uuid('test_id')
      .notNull()
      .references(() => missionTests.id, { onDelete: 'cascade' }),
    side: text('side').notNull(),
    caption: text('caption'),
    sha256: text('sha256').notNull(),
    /** Lower-case extension with its dot, as stored (`.png`). */
    ext: text('ext').notNull(),
    mime: text('mime').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    originalFilename: text('original_filename').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    uploadedAt: ts('uploaded_at').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    deletedAt: ts('deleted_at'),
    deletedBy: uuid('deleted_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('evidence_files_test_idx').on(t.testId, t.uploadedAt),
    uniqueIndex('evidence_files_live_sha_key')
      .on(t.testId, t.sha256)
      .where(sql`${t.deletedAt} IS NULL`),
  ],
);

/**
 * One row per change of a mission's tests and evidence, numbered by the mission's change
 * sequence: the SSE stream replays from it after `Last-Event-ID`.
 */
export const missionEvents = pgTable(
  'mission_events',
  {
    missionId: uuid('mission_id')
      .notNull()
      .references(() => missions.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** test.changed | evidence.added | evidence.removed | plan.changed | finding.changed */
    kind: text('kind').notNull(),
    testId: uuid('test_id'),
    evidenceId: uuid('evidence_id'),
    /** finding.changed: the finding (the findings issue). */
    findingId: uuid('finding_id'),
    actorId: uuid('actor_id'),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.missionId, t.seq] })],
);

/** Who is looking at which test, shared by every server process; rows expire by `seen_at`. */
export const missionPresence = pgTable(
  'mission_presence',
  {
    connectionId: uuid('connection_id').primaryKey(),
    missionId: uuid('mission_id')
      .notNull()
      .references(() => missions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    testId: uuid('test_id'),
    seenAt: ts('seen_at').notNull(),
    ttlSeconds: integer('ttl_seconds').notNull().default(45),
  },
  (t) => [index('mission_presence_mission_idx').on(t.missionId, t.seenAt)],
);

/** Blue's per-defence-tool facts on a mission test (one row per tool once recorded). */
export const missionTestToolResults = pgTable(
  'mission_test_tool_results',
  {
    testId: uuid('test_id')
      .notNull()
      .references(() => missionTests.id, { onDelete: 'cascade' }),
    defenceToolId: uuid('defence_tool_id')
      .notNull()
      .references(() => missionAssets.id, { onDelete: 'cascade' }),
    missionId: uuid('mission_id')
      .notNull()
      .references(() => missions.id, { onDelete: 'cascade' }),
    prevented: text('prevented').notNull(),
    alerted: text('alerted').notNull(),
    logged: text('logged').notNull(),
    ruleName: text('rule_name'),
    ruleId: text('rule_id'),
    severity: text('severity'),
    caseId: text('case_id'),
    detectedAt: ts('detected_at'),
    note: text('note'),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.testId, t.defenceToolId] }),
    index('mission_test_tool_results_mission_idx').on(t.missionId),
  ],
);
