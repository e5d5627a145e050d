import {
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { users } from './identity.js';
import { missionTests, missions } from './missions.js';

/**
 * Findings of a mission: a detection gap with a recommendation, an owner and a status
 * (packages/contract/src/findings.ts holds the machine). Soft-deleted, so the live stream can
 * still tell whether a blue-only member may see the event of a deleted finding.
 */
export const findings = pgTable(
  'findings',
  {
    id: uuid('id').primaryKey(),
    missionId: uuid('mission_id')
      .notNull()
      .references(() => missions.id, { onDelete: 'cascade' }),
    /** Per mission, from 1 in creation order (F-1, F-2 …): the list and export order. */
    number: integer('number').notNull(),
    title: text('title').notNull(),
    severity: text('severity').notNull(),
    status: text('status').notNull(),
    statusReason: text('status_reason'),
    descriptionMd: text('description_md'),
    recommendationMd: text('recommendation_md'),
    gapReason: text('gap_reason'),
    sigmaRule: text('sigma_rule'),
    siemQuery: text('siem_query'),
    ticketUrl: text('ticket_url'),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    ownerName: text('owner_name'),
    dueOn: date('due_on', { mode: 'string' }),
    version: integer('version').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [uniqueIndex('findings_mission_number_key').on(t.missionId, t.number)],
);

/** The tests behind a finding (tests of the finding's own mission). */
export const findingTests = pgTable(
  'finding_tests',
  {
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    testId: uuid('test_id')
      .notNull()
      .references(() => missionTests.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.findingId, t.testId] }),
    index('finding_tests_test_idx').on(t.testId),
  ],
);

/** A retest mission's tests that judge a finding (tests of the retest mission). */
export const findingRetestTests = pgTable(
  'finding_retest_tests',
  {
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    testId: uuid('test_id')
      .notNull()
      .references(() => missionTests.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.findingId, t.testId] }),
    index('finding_retest_tests_test_idx').on(t.testId),
  ],
);

export type FindingRow = typeof findings.$inferSelect;
