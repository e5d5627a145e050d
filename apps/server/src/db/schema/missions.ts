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
  boolean,
  date,
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
import { detectionLevels } from './detection-levels.js';
import { users } from './identity.js';

/** A client / organisation: every mission belongs to one. */
export const clients = pgTable(
  'clients',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    notes: text('notes'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('clients_name_key').on(sql`lower(${t.name})`)],
);

export const missions = pgTable(
  'missions',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    name: text('name').notNull(),
    descriptionMd: text('description_md'),
    status: text('status').notNull(),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    environmentMd: text('environment_md'),
    tags: text('tags').array().notNull(),
    visibility: text('visibility').notNull(),
    sourceMissionId: uuid('source_mission_id'),
    /** A retest mission: the mission whose findings it retests (findings issue). */
    retestOfMissionId: uuid('retest_of_mission_id'),
    version: integer('version').notNull(),
    /**
     * The mission's change sequence: bumped (row-locked) as the last step of every write to
     * its tests, so numbers are handed out in commit order and pollers never miss one.
     */
    changeSeq: bigint('change_seq', { mode: 'number' }).notNull().default(0),
    /** The report's executive summary (markdown), edited by leads; its own version. */
    executiveSummaryMd: text('executive_summary_md'),
    executiveSummaryVersion: integer('executive_summary_version').notNull().default(0),
    executiveSummaryUpdatedAt: ts('executive_summary_updated_at'),
    executiveSummaryUpdatedBy: uuid('executive_summary_updated_by').references(() => users.id, {
      onDelete: 'set null',
    }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    index('missions_client_idx').on(t.clientId),
    index('missions_updated_idx').on(t.updatedAt, t.id),
  ],
);

export const missionMembers = pgTable(
  'mission_members',
  {
    missionId: uuid('mission_id')
      .notNull()
      .references(() => missions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    addedAt: ts('added_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.missionId, t.userId] }),
    index('mission_members_user_idx').on(t.userId),
  ],
);

/** Sources, targets, accounts, red tools and defence tools (with their layer). */
export const missionAssets = pgTable(
  'mission_assets',
  {
    id: uuid('id').primaryKey(),
    missionId: uuid('mission_id')
      .notNull()
      .references(() => missions.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    details: text('details'),
    layer: text('layer'),
    position: integer('position').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('mission_assets_mission_idx').on(t.missionId, t.kind)],
);

export const missionScenarios = pgTable(
  'mission_scenarios',
  {
    id: uuid('id').primaryKey(),
    missionId: uuid('mission_id')
      .notNull()
      .references(() => missions.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    position: integer('position').notNull(),
    templateId: uuid('template_id'),
    templateKey: text('template_key'),
    templateVersion: integer('template_version'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('mission_scenarios_mission_idx').on(t.missionId, t.position)],
);

/**
 * Mission tests: `snapshot_*` copies of their template (editing the template later changes
 * nothing here). The execution issue adds the red and blue fields.
 */
export const missionTests = pgTable(
  'mission_tests',
  {
    id: uuid('id').primaryKey(),
    missionId: uuid('mission_id')
      .notNull()
      .references(() => missions.id, { onDelete: 'cascade' }),
    scenarioId: uuid('scenario_id')
      .notNull()
      .references(() => missionScenarios.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    templateId: uuid('template_id'),
    templateKey: text('template_key'),
    templateVersion: integer('template_version'),
    snapshotName: text('snapshot_name').notNull(),
    snapshotDescription: text('snapshot_description'),
    snapshotObjective: text('snapshot_objective'),
    snapshotProcedureMd: text('snapshot_procedure_md'),
    snapshotPrerequisitesMd: text('snapshot_prerequisites_md'),
    snapshotExpectedRedMd: text('snapshot_expected_red_md'),
    snapshotExpectedBlueMd: text('snapshot_expected_blue_md'),
    snapshotOpsecLevel: text('snapshot_opsec_level').notNull(),
    snapshotTags: text('snapshot_tags').array().notNull(),
    snapshotExpectedIocs: text('snapshot_expected_iocs').array().notNull(),
    snapshotPlatforms: text('snapshot_platforms').array().notNull(),
    snapshotExecutor: jsonb('snapshot_executor').$type<Executor | null>(),
    snapshotInputArguments: jsonb('snapshot_input_arguments').$type<InputArgument[]>().notNull(),
    snapshotDependencies: jsonb('snapshot_dependencies').$type<Dependency[]>().notNull(),
    snapshotDependencyExecutor: text('snapshot_dependency_executor'),
    snapshotDetectionRefs: jsonb('snapshot_detection_refs').$type<DetectionReference[]>().notNull(),
    /** From the template, editable in the mission (the outcomes issue compares them). */
    expectedOutcomes: jsonb('expected_outcomes').$type<ExpectedOutcome[]>().notNull(),
    state: text('state').notNull().default('pending'),
    stateReason: text('state_reason'),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    plannedOn: date('planned_on', { mode: 'string' }),
    hiddenFromBlue: boolean('hidden_from_blue').notNull().default(false),
    /** Planning: left out of reports when false. */
    includeInReport: boolean('include_in_report').notNull().default(true),
    // Red side.
    executedAt: ts('executed_at'),
    executedAtOverridden: boolean('executed_at_overridden').notNull().default(false),
    redCommand: text('red_command'),
    redOutput: text('red_output'),
    redCommentMd: text('red_comment_md'),
    attackStartedAt: ts('attack_started_at'),
    attackEndedAt: ts('attack_ended_at'),
    sourceAssetId: uuid('source_asset_id').references(() => missionAssets.id, {
      onDelete: 'set null',
    }),
    targetAssetId: uuid('target_asset_id').references(() => missionAssets.id, {
      onDelete: 'set null',
    }),
    accountUsed: text('account_used'),
    redToolId: uuid('red_tool_id').references(() => missionAssets.id, { onDelete: 'set null' }),
    executionResult: text('execution_result'),
    cleanupDone: boolean('cleanup_done'),
    artefactsMd: text('artefacts_md'),
    // Blue side.
    blueCommentMd: text('blue_comment_md'),
    detectionLevelId: uuid('detection_level_id').references(() => detectionLevels.id),
    huntQuery: text('hunt_query'),
    logSources: text('log_sources'),
    gapReason: text('gap_reason'),
    outcomeOverrideReason: text('outcome_override_reason'),
    lastActorId: uuid('last_actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** A retest mission's test: the original test it retests (findings issue). */
    retestOfTestId: uuid('retest_of_test_id'),
    changeSeq: bigint('change_seq', { mode: 'number' }).notNull().default(0),
    version: integer('version').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    index('mission_tests_mission_idx').on(t.missionId, t.scenarioId, t.position),
    index('mission_tests_template_idx').on(t.templateKey),
    index('mission_tests_change_idx').on(t.missionId, t.changeSeq),
  ],
);

/** A mission test's ATT&CK tags as they were when it was planned. */
export const missionTestAttack = pgTable(
  'mission_test_attack',
  {
    testId: uuid('test_id')
      .notNull()
      .references(() => missionTests.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name'),
    url: text('url'),
    attackRelease: text('attack_release'),
    /** Technique tags: their tactics in that release (matrix order). */
    tactics: jsonb('tactics')
      .$type<Array<{ external_id: string; shortname: string; name: string }>>()
      .notNull()
      .default(sql`'[]'::jsonb`),
  },
  (t) => [
    primaryKey({ columns: [t.testId, t.externalId] }),
    index('mission_test_attack_external_idx').on(t.externalId),
  ],
);

export type MissionRow = typeof missions.$inferSelect;
export type MissionTestRow = typeof missionTests.$inferSelect;
