import type { ArchiveManifest } from '@metamorph/contract';
import {
  evidenceFiles,
  missionAssets,
  missionMembers,
  missionScenarios,
  missionTestAttack,
  missionTestToolResults,
  missionTests,
  missions,
} from '../../../db/schema/index.js';
import { newId } from '../../../platform/ids.js';
import type { Tx } from '../../../platform/tx.js';
import type { ImportMapping } from './mapping.js';
import type { RetestLinks } from './retest-links.js';
import { writeFindings } from './write-findings.js';

/** New ids for every archive id (mission, assets, scenarios, tests, evidence). */
export class IdMap {
  private readonly ids = new Map<string, string>();
  of(old: string): string {
    let id = this.ids.get(old);
    if (!id) {
      id = newId();
      this.ids.set(old, id);
    }
    return id;
  }
  ref(old: string | null): string | null {
    return old === null ? null : this.of(old);
  }
}

const BATCH = 200;

export async function insertBatches<T>(
  rows: T[],
  insert: (batch: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

const at = (iso: string | null | undefined): Date | null => (iso ? new Date(iso) : null);

/**
 * Inserts the mission and everything in it under new ids, inside the caller's transaction.
 * Users map by email (unknown ones: null, and their memberships are skipped), levels by key
 * (unknown: no level), links to other missions as `links` resolved them, then the findings
 * (write-findings.ts). Times are kept as archived. The importer joins as lead when the mapped
 * members do not already hold them.
 */
export async function writeMission(
  tx: Tx,
  m: ArchiveManifest,
  map: ImportMapping,
  ids: IdMap,
  links: RetestLinks,
  importer: { id: string | null; at: Date },
): Promise<{
  missionId: string;
  members: number;
  toolResults: number;
  findings: number;
  importerAdded: boolean;
}> {
  const user = (email: string | null | undefined) =>
    email ? (map.users.get(email.toLowerCase()) ?? null) : null;
  const missionId = ids.of(m.mission.id);
  const x = m.mission;
  await tx.insert(missions).values({
    id: missionId,
    clientId: map.client.id,
    name: x.name,
    descriptionMd: x.description_md,
    status: x.status,
    startDate: x.start_date,
    endDate: x.end_date,
    environmentMd: x.environment_md,
    tags: x.tags,
    visibility: x.visibility,
    retestOfMissionId: links.missionId,
    version: x.version,
    executiveSummaryMd: x.executive_summary_md,
    executiveSummaryVersion: x.executive_summary_version,
    executiveSummaryUpdatedAt: at(x.executive_summary_updated_at),
    executiveSummaryUpdatedBy: user(x.executive_summary_updated_by),
    createdBy: user(x.created_by),
    createdAt: new Date(x.created_at),
    updatedAt: new Date(x.updated_at),
  });
  const members = m.members.flatMap((mb) => {
    const userId = user(mb.email);
    return userId ? [{ missionId, userId, role: mb.role, addedAt: new Date(mb.added_at) }] : [];
  });
  const importerId = importer.id;
  const importerAdded = importerId !== null && !members.some((mb) => mb.userId === importerId);
  if (importerAdded)
    members.push({ missionId, userId: importerId, role: 'lead', addedAt: importer.at });
  await insertBatches(members, (b) => tx.insert(missionMembers).values(b));
  await insertBatches(m.assets, (b) =>
    tx.insert(missionAssets).values(
      b.map((a) => ({
        id: ids.of(a.id),
        missionId,
        kind: a.kind,
        name: a.name,
        details: a.details,
        layer: a.layer,
        position: a.position,
        createdAt: new Date(a.created_at),
        updatedAt: new Date(a.updated_at),
      })),
    ),
  );
  await insertBatches(m.scenarios, (b) =>
    tx.insert(missionScenarios).values(
      b.map((s) => ({
        id: ids.of(s.id),
        missionId,
        name: s.name,
        description: s.description,
        position: s.position,
        templateKey: s.template_key,
        templateVersion: s.template_version,
        createdAt: new Date(s.created_at),
        updatedAt: new Date(s.updated_at),
      })),
    ),
  );
  await insertBatches(m.tests, (b) =>
    tx.insert(missionTests).values(
      b.map((t) => ({
        id: ids.of(t.id),
        missionId,
        scenarioId: ids.of(t.scenario_id),
        position: t.position,
        templateKey: t.template_key,
        templateVersion: t.template_version,
        snapshotName: t.snapshot_name,
        snapshotDescription: t.snapshot_description,
        snapshotObjective: t.snapshot_objective,
        snapshotProcedureMd: t.snapshot_procedure_md,
        snapshotPrerequisitesMd: t.snapshot_prerequisites_md,
        snapshotExpectedRedMd: t.snapshot_expected_red_md,
        snapshotExpectedBlueMd: t.snapshot_expected_blue_md,
        snapshotOpsecLevel: t.snapshot_opsec_level,
        snapshotTags: t.snapshot_tags,
        snapshotExpectedIocs: t.snapshot_expected_iocs,
        snapshotPlatforms: t.snapshot_platforms,
        snapshotExecutor: t.snapshot_executor,
        snapshotInputArguments: t.snapshot_input_arguments,
        snapshotDependencies: t.snapshot_dependencies,
        snapshotDependencyExecutor: t.snapshot_dependency_executor,
        snapshotDetectionRefs: t.snapshot_detection_refs,
        expectedOutcomes: t.expected_outcomes,
        state: t.state,
        stateReason: t.state_reason,
        assigneeId: user(t.assignee),
        plannedOn: t.planned_on,
        hiddenFromBlue: t.hidden_from_blue,
        includeInReport: t.include_in_report,
        retestOfTestId: links.tests.get(t.id) ?? null,
        executedAt: at(t.executed_at),
        executedAtOverridden: t.executed_at_overridden,
        redCommand: t.red_command,
        redOutput: t.red_output,
        redCommentMd: t.red_comment_md,
        attackStartedAt: at(t.attack_started_at),
        attackEndedAt: at(t.attack_ended_at),
        sourceAssetId: ids.ref(t.source_asset_id),
        targetAssetId: ids.ref(t.target_asset_id),
        accountUsed: t.account_used,
        redToolId: ids.ref(t.red_tool_id),
        executionResult: t.execution_result,
        cleanupDone: t.cleanup_done,
        artefactsMd: t.artefacts_md,
        blueCommentMd: t.blue_comment_md ?? null,
        detectionLevelId: t.detection_level
          ? (map.levels.get(t.detection_level.key) ?? null)
          : null,
        huntQuery: t.hunt_query ?? null,
        logSources: t.log_sources ?? null,
        gapReason: t.gap_reason ?? null,
        outcomeOverrideReason: t.outcome_override_reason ?? null,
        lastActorId: user(t.last_actor),
        version: t.version,
        createdAt: new Date(t.created_at),
        updatedAt: new Date(t.updated_at),
      })),
    ),
  );
  const tags = m.tests.flatMap((t) =>
    t.mitre_tags.map((g, position) => ({
      testId: ids.of(t.id),
      position,
      kind: g.kind,
      externalId: g.external_id,
      name: g.name,
      url: g.url,
      attackRelease: g.attack_release,
      tactics: g.tactics,
    })),
  );
  await insertBatches(tags, (b) => tx.insert(missionTestAttack).values(b));
  const results = m.tests.flatMap((t) =>
    (t.tool_results ?? []).map((r) => ({
      testId: ids.of(t.id),
      defenceToolId: ids.of(r.defence_tool_id),
      missionId,
      prevented: r.prevented,
      alerted: r.alerted,
      logged: r.logged,
      ruleName: r.rule_name,
      ruleId: r.rule_id,
      severity: r.severity,
      caseId: r.case_id,
      detectedAt: at(r.detected_at),
      note: r.note,
      updatedAt: new Date(r.updated_at),
      updatedBy: user(r.updated_by),
    })),
  );
  await insertBatches(results, (b) => tx.insert(missionTestToolResults).values(b));
  await insertBatches(m.evidence, (b) =>
    tx.insert(evidenceFiles).values(
      b.map((e) => ({
        id: ids.of(e.id),
        missionId,
        testId: ids.of(e.test_id),
        side: e.side,
        caption: e.caption,
        sha256: e.sha256,
        ext: e.ext,
        mime: e.mime,
        sizeBytes: e.size_bytes,
        originalFilename: e.filename,
        uploadedBy: user(e.uploaded_by),
        uploadedAt: new Date(e.uploaded_at),
        createdAt: new Date(e.created_at),
        updatedAt: new Date(e.updated_at),
      })),
    ),
  );
  const written = await writeFindings(tx, m, map, ids, links, missionId);
  return {
    missionId,
    members: members.length,
    toolResults: results.length,
    findings: written,
    importerAdded,
  };
}
