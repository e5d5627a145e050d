import type {
  AttackTagSnapshot,
  ExecutionResult,
  GapReason,
  MissionTestDetail,
  TestState,
} from '@metamorph/contract';
import { asc, eq } from 'drizzle-orm';
import {
  detectionLevels,
  missionTestAttack,
  users,
  type MissionTestRow,
} from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';
import { listTestEvidence } from '../evidence/index.js';
import { loadOutcome } from './outcome.js';
import type { TestAccess } from '../../kernel/mission-test-access.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The test's ATT&CK tag snapshot, in its recorded order. */
export async function testTags(db: DbOrTx, testId: string): Promise<AttackTagSnapshot[]> {
  const rows = await db
    .select()
    .from(missionTestAttack)
    .where(eq(missionTestAttack.testId, testId))
    .orderBy(asc(missionTestAttack.position));
  return rows.map((g) => ({
    kind: g.kind as AttackTagSnapshot['kind'],
    external_id: g.externalId,
    name: g.name,
    url: g.url,
    attack_release: g.attackRelease,
    tactics: g.tactics,
  }));
}

/** The wire shape of a test row, without its joins (tags, evidence, names, rights). */
export function testFields(t: MissionTestRow) {
  return {
    id: t.id,
    mission_id: t.missionId,
    scenario_id: t.scenarioId,
    position: t.position,
    template_key: t.templateKey,
    template_version: t.templateVersion,
    snapshot_name: t.snapshotName,
    snapshot_description: t.snapshotDescription,
    snapshot_objective: t.snapshotObjective,
    snapshot_procedure_md: t.snapshotProcedureMd,
    snapshot_prerequisites_md: t.snapshotPrerequisitesMd,
    snapshot_expected_red_md: t.snapshotExpectedRedMd,
    snapshot_expected_blue_md: t.snapshotExpectedBlueMd,
    snapshot_opsec_level: t.snapshotOpsecLevel,
    snapshot_tags: t.snapshotTags,
    snapshot_expected_iocs: t.snapshotExpectedIocs,
    snapshot_platforms: t.snapshotPlatforms,
    snapshot_executor: t.snapshotExecutor,
    snapshot_input_arguments: t.snapshotInputArguments,
    snapshot_dependencies: t.snapshotDependencies,
    snapshot_dependency_executor: t.snapshotDependencyExecutor,
    snapshot_detection_refs: t.snapshotDetectionRefs,
    expected_outcomes: t.expectedOutcomes,
    state: t.state as TestState,
    state_reason: t.stateReason,
    assignee_id: t.assigneeId,
    planned_on: t.plannedOn,
    hidden_from_blue: t.hiddenFromBlue,
    include_in_report: t.includeInReport,
    retest_of_test_id: t.retestOfTestId,
    executed_at: iso(t.executedAt),
    executed_at_overridden: t.executedAtOverridden,
    red_command: t.redCommand,
    red_output: t.redOutput,
    red_comment_md: t.redCommentMd,
    attack_started_at: iso(t.attackStartedAt),
    attack_ended_at: iso(t.attackEndedAt),
    source_asset_id: t.sourceAssetId,
    target_asset_id: t.targetAssetId,
    account_used: t.accountUsed,
    red_tool_id: t.redToolId,
    execution_result: t.executionResult as ExecutionResult | null,
    cleanup_done: t.cleanupDone,
    artefacts_md: t.artefactsMd,
    blue_comment_md: t.blueCommentMd,
    detection_level_id: t.detectionLevelId,
    hunt_query: t.huntQuery,
    log_sources: t.logSources,
    gap_reason: t.gapReason as GapReason | null,
    last_actor_id: t.lastActorId,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
    change_seq: t.changeSeq,
    version: t.version,
  };
}

/** Full detail of a test the caller may see: fields, level key, last actor, tags, evidence. */
export async function loadTestDetail(db: DbOrTx, access: TestAccess): Promise<MissionTestDetail> {
  const t = access.test;
  // One after another: inside a transaction the queries share one connection.
  const actor = t.lastActorId
    ? (
        await db
          .select({ email: users.email, displayName: users.displayName })
          .from(users)
          .where(eq(users.id, t.lastActorId))
      )[0]
    : undefined;
  const level = t.detectionLevelId
    ? (
        await db
          .select({ key: detectionLevels.key })
          .from(detectionLevels)
          .where(eq(detectionLevels.id, t.detectionLevelId))
      )[0]
    : undefined;
  const tags = await testTags(db, t.id);
  const evidence = await listTestEvidence(db, t.id);
  const outcome = await loadOutcome(db, t);
  return {
    ...testFields(t),
    detection_level_key: level?.key ?? null,
    last_actor_email: actor?.email ?? null,
    last_actor_display_name: actor?.displayName ?? null,
    mitre_tags: tags,
    evidence,
    ...outcome,
    can: { red: access.sides.red, blue: access.sides.blue, manage: access.canManage },
  };
}
