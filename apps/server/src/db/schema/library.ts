import type {
  DetectionReference,
  Dependency,
  Executor,
  ExpectedOutcome,
  InputArgument,
} from '@metamorph/contract';
import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { users } from './identity.js';

/**
 * Test templates: one attack procedure each. Missions copy them into `snapshot_*` fields,
 * so editing or deleting a template never changes a mission.
 */
export const libraryTests = pgTable(
  'library_tests',
  {
    id: uuid('id').primaryKey(),
    /** Stable across export/import and re-imports (`art:<guid>`, `manual:<slug>`). */
    key: text('key').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    objective: text('objective'),
    procedureMd: text('procedure_md'),
    prerequisitesMd: text('prerequisites_md'),
    expectedRedMd: text('expected_red_md'),
    expectedBlueMd: text('expected_blue_md'),
    opsecLevel: text('opsec_level').notNull(),
    tags: text('tags').array().notNull(),
    expectedIocs: text('expected_iocs').array().notNull(),
    /** ATT&CK ids in the order given (kept in step with library_test_attack). */
    attackIds: text('attack_ids').array().notNull(),
    platforms: text('platforms').array().notNull(),
    executor: jsonb('executor').$type<Executor | null>(),
    inputArguments: jsonb('input_arguments').$type<InputArgument[]>().notNull(),
    dependencies: jsonb('dependencies').$type<Dependency[]>().notNull(),
    dependencyExecutor: text('dependency_executor'),
    detectionRefs: jsonb('detection_refs').$type<DetectionReference[]>().notNull(),
    expectedOutcomes: jsonb('expected_outcomes').$type<ExpectedOutcome[]>().notNull(),
    source: text('source').notNull(),
    sourceRef: text('source_ref'),
    /** SHA-256 of the canonical editable content: a re-import of the same content is a no-op. */
    contentHash: text('content_hash').notNull(),
    /** Lower-cased name, key, source ref, description and objective, for text search. */
    searchText: text('search_text').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('library_tests_key_key').on(t.key),
    uniqueIndex('library_tests_source_ref_key')
      .on(t.source, t.sourceRef)
      .where(sql`${t.sourceRef} is not null`),
    index('library_tests_name_idx').on(sql`lower(${t.name}) collate "C"`, t.id),
  ],
);

/** One row per ATT&CK id of a test template, for technique/tactic search and remaps. */
export const libraryTestAttack = pgTable(
  'library_test_attack',
  {
    testId: uuid('test_id')
      .notNull()
      .references(() => libraryTests.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    /** tactic | technique | subtechnique (from the id's shape). */
    kind: text('kind').notNull(),
    /** The parent technique of a sub-technique, else the id itself (tactics: the id). */
    parentId: text('parent_id').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.testId, t.externalId] }),
    index('library_test_attack_external_idx').on(t.externalId),
    index('library_test_attack_parent_idx').on(t.parentId),
  ],
);

/** Scenario templates: an ordered list of test templates. */
export const libraryScenarios = pgTable(
  'library_scenarios',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    tags: text('tags').array().notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('library_scenarios_key_key').on(t.key),
    index('library_scenarios_name_idx').on(sql`lower(${t.name}) collate "C"`, t.id),
  ],
);

export const libraryScenarioTests = pgTable(
  'library_scenario_tests',
  {
    scenarioId: uuid('scenario_id')
      .notNull()
      .references(() => libraryScenarios.id, { onDelete: 'cascade' }),
    testId: uuid('test_id')
      .notNull()
      .references(() => libraryTests.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scenarioId, t.testId] }),
    index('library_scenario_tests_test_idx').on(t.testId),
  ],
);

export type LibraryTestRow = typeof libraryTests.$inferSelect;
export type LibraryScenarioRow = typeof libraryScenarios.$inferSelect;

/** One row (id 1): bumped by triggers on every change to test templates (see 0004). */
export const libraryRevision = pgTable('library_revision', {
  id: integer('id').primaryKey(),
  revision: bigint('revision', { mode: 'number' }).notNull(),
});
